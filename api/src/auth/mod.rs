//! Identity enters once: a bearer token (and the selected organization) becomes an [`Auth`]
//! for the request or WebSocket connection; resolvers ask it for what they need.

pub mod client;
pub mod limits;
pub mod socket;
mod tokens;

use chrono::{DateTime, Utc};
use entity::DomainError;
use entity::scope::{OrgId, Role, TenantScope, UserId};
use uuid::Uuid;

pub use tokens::AccessTokens;

use crate::graphql::unit::Access;
use crate::state::Services;

/// Who is calling, as established from the request's credentials.
#[derive(Clone, Debug)]
pub enum Auth {
    /// No credentials were sent.
    Anonymous,
    /// Credentials were sent but are not valid (malformed, expired, tampered, revoked).
    Rejected,
    /// Valid credentials, but their owner has made too many requests.
    Limited { retry_after_secs: u64 },
    /// A valid access token, until it expires.
    User {
        user: UserId,
        tenant: Tenant,
        expires_at: DateTime<Utc>,
    },
    /// A valid API key: it acts in its own organization only, until it expires (if it does).
    ApiKey {
        tenant: Tenant,
        expires_at: Option<DateTime<Utc>>,
    },
}

/// Why a WebSocket connection's credentials no longer hold, as graphql-transport-ws servers
/// close for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Withdrawn {
    /// 4401: the token expired, the key was revoked, or the credentials are invalid.
    Unauthenticated,
    /// 4403: the credentials are valid but no longer admit to the selected organization.
    Forbidden,
}

impl Withdrawn {
    pub fn close_code(self) -> u16 {
        match self {
            Self::Unauthenticated => 4401,
            Self::Forbidden => 4403,
        }
    }

    pub fn reason(self) -> &'static str {
        match self {
            Self::Unauthenticated => "Unauthorized: the credentials expired or were revoked",
            Self::Forbidden => "Forbidden: no longer a member of the organization",
        }
    }
}

/// The organization the request acts in (`X-Organization-Id`).
#[derive(Clone, Debug)]
pub enum Tenant {
    NotSelected,
    Malformed,
    NotAMember,
    /// The membership could not be checked (logged where it happened).
    Unavailable,
    Selected(TenantScope),
    /// A member's organization, checked by the first statement of each of the request's
    /// transactions (see [`crate::graphql::unit`]).
    Claimed(OrgId),
}

/// Who checks credentials, which decides when a user's membership of the selected
/// organization is checked and whether the check counts against the API-key rate limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checking {
    /// An HTTP request: the membership is only claimed, and each of the request's
    /// transactions checks it as it begins.
    Request,
    /// An operation on a WebSocket: the membership is checked now, in a transaction of its own.
    SocketOperation,
    /// The server's own re-check of an open WebSocket: as an operation, but not counted
    /// against the rate limit, since the client did not ask for it.
    SocketRecheck,
}

impl Auth {
    /// Checks `authorization` (`Bearer <access token or API key>`) and the selected
    /// `organization_id` as `checking` needs.
    pub async fn establish(
        services: &Services,
        authorization: Option<&str>,
        organization_id: Option<&str>,
        checking: Checking,
    ) -> Self {
        let Some(authorization) = authorization.map(str::trim).filter(|v| !v.is_empty()) else {
            return Self::Anonymous;
        };
        let token = match authorization.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => return Self::Rejected,
        };
        let organization_id = organization_id.map(str::trim).filter(|v| !v.is_empty());
        if entity::team::is_api_key(token) {
            let counted = checking != Checking::SocketRecheck;
            return api_key(services, token, organization_id, counted).await;
        }
        let Some((user, expires_at)) = services.tokens.verify(token) else {
            return Self::Rejected;
        };
        let tenant = match organization_id {
            None => Tenant::NotSelected,
            Some(raw) => match Uuid::parse_str(raw) {
                Err(_) => Tenant::Malformed,
                Ok(org) if checking == Checking::Request => Tenant::Claimed(OrgId(org)),
                Ok(org) => select_tenant(services, user, OrgId(org)).await,
            },
        };
        Self::User {
            user,
            tenant,
            expires_at,
        }
    }

    /// When these credentials stop working by themselves.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::User { expires_at, .. } => Some(*expires_at),
            Self::ApiKey { expires_at, .. } => *expires_at,
            _ => None,
        }
    }

    /// Whether a connection authenticated earlier must now be closed, and why. Transient
    /// failures (the membership check could not run, a rate limit) do not close it.
    pub fn withdrawn(&self) -> Option<Withdrawn> {
        match self {
            Self::Anonymous | Self::Rejected => Some(Withdrawn::Unauthenticated),
            Self::User { tenant, .. } | Self::ApiKey { tenant, .. } => match tenant {
                Tenant::NotAMember | Tenant::Malformed => Some(Withdrawn::Forbidden),
                Tenant::NotSelected
                | Tenant::Unavailable
                | Tenant::Selected(_)
                | Tenant::Claimed(_) => None,
            },
            Self::Limited { .. } => None,
        }
    }

    /// # Errors
    /// `UNAUTHENTICATED` without a valid access token; `FORBIDDEN` for an API key, which acts
    /// for its organization, not for a person.
    pub fn user(&self) -> Result<UserId, DomainError> {
        match self {
            Self::User { user, .. } => Ok(*user),
            Self::Anonymous => Err(DomainError::Unauthenticated("authentication required")),
            Self::Rejected => Err(DomainError::Unauthenticated(
                "the access token or API key is invalid, expired or revoked",
            )),
            Self::Limited { retry_after_secs } => Err(DomainError::RateLimited {
                retry_after_secs: *retry_after_secs,
            }),
            Self::ApiKey { .. } => Err(DomainError::forbidden(
                "this needs a user's access token; an API key acts only within its organization",
            )),
        }
    }

    /// How the caller may act in the selected organization: with a checked scope, or as a
    /// claimed member whom each transaction checks.
    ///
    /// # Errors
    /// `UNAUTHENTICATED`, `RATE_LIMITED`, `BAD_USER_INPUT` (no or malformed organization id),
    /// `FORBIDDEN` (not a member) or `INTERNAL`.
    pub fn access(&self) -> Result<Access, DomainError> {
        let (tenant, user) = match self {
            Self::User { tenant, user, .. } => (tenant, Some(*user)),
            Self::ApiKey { tenant, .. } => (tenant, None),
            other => {
                other.user()?;
                return Err(DomainError::Unauthenticated("authentication required"));
            }
        };
        match (tenant, user) {
            (Tenant::Selected(scope), _) => Ok(Access::Verified(scope.clone())),
            (Tenant::Claimed(org), Some(user)) => Ok(Access::Claimed { org: *org, user }),
            (Tenant::NotSelected, _) => Err(DomainError::bad_input(
                "X-Organization-Id",
                "select an organization with the X-Organization-Id header",
            )),
            (Tenant::Malformed, _) => Err(DomainError::bad_input(
                "X-Organization-Id",
                "is not a valid id",
            )),
            (Tenant::NotAMember, _) => Err(DomainError::forbidden(
                "you are not a member of this organization",
            )),
            (Tenant::Unavailable, _) => Err(DomainError::Unavailable(
                "your access cannot be checked right now; retry shortly",
            )),
            (Tenant::Claimed(_), _) => {
                Err(DomainError::Internal("membership check failed".to_owned()))
            }
        }
    }

    /// The caller's checked scope in the selected organization, provided their role is at
    /// least `least` (a WebSocket operation's; an HTTP request's is checked by its unit of
    /// work, [`crate::graphql::unit::TenantUnit`]).
    ///
    /// # Errors
    /// As [`Auth::access`]; `FORBIDDEN` when the role is too low; `INTERNAL` for a claimed
    /// membership, which only a transaction can check.
    pub fn scope(&self, least: Role) -> Result<TenantScope, DomainError> {
        match self.access()? {
            Access::Verified(scope) => {
                scope.require(least)?;
                Ok(scope)
            }
            Access::Claimed { .. } => Err(DomainError::Internal(
                "a claimed membership is checked in the request's transaction".to_owned(),
            )),
        }
    }

    /// Whether the check reached a verdict on the credentials and the organization (not cut
    /// short by a failing database or a rate limit).
    pub fn is_conclusive(&self) -> bool {
        match self {
            Self::User { tenant, .. } | Self::ApiKey { tenant, .. } => {
                !matches!(tenant, Tenant::Unavailable)
            }
            Self::Anonymous | Self::Rejected => true,
            Self::Limited { .. } => false,
        }
    }

    /// Whether credentials were accepted (a user or an API key).
    pub fn is_authenticated(&self) -> bool {
        matches!(self, Self::User { .. } | Self::ApiKey { .. })
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.user().ok()
    }

    /// The selected organization, when a member was admitted or claims to be one.
    pub fn org_id(&self) -> Option<OrgId> {
        match self {
            Self::User { tenant, .. } | Self::ApiKey { tenant, .. } => match tenant {
                Tenant::Selected(scope) => Some(scope.org),
                Tenant::Claimed(org) => Some(*org),
                _ => None,
            },
            _ => None,
        }
    }
}

async fn api_key(
    services: &Services,
    key: &str,
    organization_id: Option<&str>,
    counted: bool,
) -> Auth {
    let (scope, expires_at) = match entity::team::authenticate_api_key(&services.db, key).await {
        Ok(Some(access)) => (access.scope, access.expires_at),
        Ok(None) => return Auth::Rejected,
        Err(error) => {
            tracing::error!(error = %error, "API key check failed");
            return Auth::ApiKey {
                tenant: Tenant::Unavailable,
                expires_at: None,
            };
        }
    };
    if counted
        && let Err(DomainError::RateLimited { retry_after_secs }) =
            limits::api_key_request(&services.bus, services.limits, scope.org).await
    {
        return Auth::Limited { retry_after_secs };
    }
    // The header is optional with a key; when sent it must name the key's organization.
    let tenant = match organization_id {
        Some(raw) if Uuid::parse_str(raw).ok() != Some(scope.org.0) => Tenant::NotAMember,
        _ => Tenant::Selected(scope),
    };
    Auth::ApiKey { tenant, expires_at }
}

async fn select_tenant(services: &Services, user: UserId, org: OrgId) -> Tenant {
    match entity::team::membership_access(&services.db, user, org).await {
        Ok(Some(scope)) => Tenant::Selected(scope),
        Ok(None) => Tenant::NotAMember,
        Err(error) => {
            tracing::error!(error = %error, "membership check failed");
            Tenant::Unavailable
        }
    }
}

//! Identity enters once: a bearer token (and the selected organization) becomes an [`Auth`]
//! for the request or WebSocket connection; resolvers ask it for what they need.

mod tokens;

use entity::DomainError;
use entity::scope::{OrgId, Role, TenantScope, UserId};
use uuid::Uuid;

pub use tokens::AccessTokens;

use crate::state::Services;

/// Who is calling, as established from the request's credentials.
#[derive(Clone, Debug)]
pub enum Auth {
    /// No credentials were sent.
    Anonymous,
    /// Credentials were sent but are not valid (malformed, expired, tampered).
    Rejected,
    /// A valid access token.
    User { user: UserId, tenant: Tenant },
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
}

impl Auth {
    /// Checks `authorization` (`Bearer <token>`) and, when given, the caller's membership of
    /// `organization_id`.
    pub async fn establish(
        services: &Services,
        authorization: Option<&str>,
        organization_id: Option<&str>,
    ) -> Self {
        let Some(authorization) = authorization.map(str::trim).filter(|v| !v.is_empty()) else {
            return Self::Anonymous;
        };
        let token = match authorization.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => return Self::Rejected,
        };
        let Some(user) = services.tokens.verify(token) else {
            return Self::Rejected;
        };
        let tenant = match organization_id.map(str::trim).filter(|v| !v.is_empty()) {
            None => Tenant::NotSelected,
            Some(raw) => match Uuid::parse_str(raw) {
                Err(_) => Tenant::Malformed,
                Ok(org) => select_tenant(services, user, OrgId(org)).await,
            },
        };
        Self::User { user, tenant }
    }

    /// # Errors
    /// `UNAUTHENTICATED` without a valid access token.
    pub fn user(&self) -> Result<UserId, DomainError> {
        match self {
            Self::User { user, .. } => Ok(*user),
            Self::Anonymous => Err(DomainError::Unauthenticated("authentication required")),
            Self::Rejected => Err(DomainError::Unauthenticated(
                "the access token is invalid or expired",
            )),
        }
    }

    /// The single authorization point: the caller's scope in the selected organization,
    /// provided their role is at least `least`.
    ///
    /// # Errors
    /// `UNAUTHENTICATED`, `BAD_USER_INPUT` (no or malformed organization id), `FORBIDDEN` (not a
    /// member, or role too low) or `INTERNAL`.
    pub fn scope(&self, least: Role) -> Result<TenantScope, DomainError> {
        self.user()?;
        let Self::User { tenant, .. } = self else {
            return Err(DomainError::Unauthenticated("authentication required"));
        };
        let scope = match tenant {
            Tenant::Selected(scope) => *scope,
            Tenant::NotSelected => {
                return Err(DomainError::bad_input(
                    "X-Organization-Id",
                    "select an organization with the X-Organization-Id header",
                ));
            }
            Tenant::Malformed => {
                return Err(DomainError::bad_input(
                    "X-Organization-Id",
                    "is not a valid id",
                ));
            }
            Tenant::NotAMember => {
                return Err(DomainError::forbidden(
                    "you are not a member of this organization",
                ));
            }
            Tenant::Unavailable => {
                return Err(DomainError::Internal("membership check failed".to_owned()));
            }
        };
        scope.require(least)?;
        Ok(scope)
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.user().ok()
    }

    pub fn org_id(&self) -> Option<OrgId> {
        match self {
            Self::User {
                tenant: Tenant::Selected(scope),
                ..
            } => Some(scope.org),
            _ => None,
        }
    }
}

async fn select_tenant(services: &Services, user: UserId, org: OrgId) -> Tenant {
    match entity::team::membership_role(&services.db, user, org).await {
        Ok(Some(role)) => Tenant::Selected(TenantScope { org, user, role }),
        Ok(None) => Tenant::NotAMember,
        Err(error) => {
            tracing::error!(error = %error, "membership check failed");
            Tenant::Unavailable
        }
    }
}

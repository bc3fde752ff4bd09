use async_graphql::{Context, Object, Result, SimpleObject};
use entity::DomainError;
use entity::team::{self, Acceptor, Session, SignUp};

use super::types::{
    AuthPayload, CreateOrganizationInput, LogInInput, Organization, Role, SignUpInput, User,
};
use crate::auth::limits;
use crate::graphql::context::ContextExt as _;
use crate::state::Services;

#[derive(Default)]
pub struct AccountMutation;

pub(super) fn payload(services: &Services, session: Session) -> Result<AuthPayload, DomainError> {
    let access_token = services
        .tokens
        .issue(entity::scope::UserId(session.user.id))
        .map_err(|e| DomainError::Internal(format!("token signing failed: {e}")))?;
    Ok(AuthPayload {
        access_token,
        expires_in: services.tokens.ttl().as_secs(),
        refresh_token: session.refresh_token,
        user: User(session.user),
        organization: session.organization.map(Organization),
    })
}

/// Counts an authentication request against the caller's address.
pub(super) async fn limit_by_ip(ctx: &Context<'_>) -> Result<(), DomainError> {
    let services = ctx.services();
    limits::authentication(&services.bus, services.limits, ctx.client_ip().0).await
}

/// The membership an accepted invitation created.
#[derive(SimpleObject)]
pub struct InvitationAcceptance {
    pub organization: Organization,
    pub role: Role,
    /// A new session when you were not logged in.
    pub session: Option<AuthPayload>,
}

#[Object]
impl AccountMutation {
    /// Creates an account and its first organization, and logs in. A verification e-mail
    /// goes out.
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> Result<AuthPayload> {
        limit_by_ip(ctx).await?;
        let services = ctx.services();
        let session = team::sign_up(
            &services.db,
            SignUp {
                email: &input.email,
                password: &input.password,
                name: &input.name,
                organization_name: &input.organization_name,
                ip: ctx.client_ip().text(),
            },
        )
        .await?;
        Ok(payload(services, session)?)
    }

    /// Starts a session in the user's first organization. Repeated attempts on one account from
    /// one address are slowed and then refused (`RATE_LIMITED`), as are too many attempts on
    /// one account from all addresses together or from one address overall; the account's
    /// owner is e-mailed when that happens.
    async fn log_in(&self, ctx: &Context<'_>, input: LogInInput) -> Result<AuthPayload> {
        limit_by_ip(ctx).await?;
        let services = ctx.services();
        let ip = ctx.client_ip().0;
        if let Err(throttled) =
            limits::log_in_attempt(&services.bus, services.limits, &input.email, ip).await
        {
            if throttled.notify_owner {
                // The notice is best effort: failing to queue it must not change the answer.
                if let Err(error) = team::notify_login_throttled(&services.db, &input.email).await {
                    tracing::error!(
                        error = platform::telemetry::error_chain(&error),
                        "log-in throttle notice not queued"
                    );
                }
            }
            return Err(throttled.error.into());
        }
        let session = team::log_in(&services.db, &input.email, &input.password).await?;
        limits::remember_log_in(&services.bus, &input.email, ip).await;
        Ok(payload(services, session)?)
    }

    /// Exchanges a refresh token for a new access token and refresh token. Each refresh token
    /// works once: presented again within 30 seconds (two tabs refreshing at once) it gives
    /// the same refresh token as the first time; presented later, it ends the whole session.
    async fn refresh_token(&self, ctx: &Context<'_>, token: String) -> Result<AuthPayload> {
        let services = ctx.services();
        let (user_id, refresh_token) = team::rotate_refresh_token(&services.db, &token).await?;
        let user = team::current_user(&services.db, user_id).await?;
        let organization = team::memberships_of(&services.db, user_id)
            .await?
            .into_iter()
            .next()
            .map(|m| m.organization);
        Ok(payload(
            services,
            Session {
                user,
                organization,
                refresh_token,
            },
        )?)
    }

    /// Ends the session the refresh token belongs to. Returns whether a session was found.
    async fn log_out(&self, ctx: &Context<'_>, refresh_token: String) -> Result<bool> {
        Ok(team::revoke_refresh_family(&ctx.services().db, &refresh_token).await?)
    }

    /// Creates another organization with the caller as its owner (`RATE_LIMITED` past
    /// `ORGANIZATIONS_PER_USER_PER_HOUR`).
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> Result<Organization> {
        let user = ctx.user()?;
        let services = ctx.services();
        limits::organization_creation(&services.bus, services.limits, user).await?;
        let organization = team::create_organization(
            &ctx.services().db,
            user,
            &input.name,
            ctx.client_ip().text(),
        )
        .await?;
        Ok(Organization(organization))
    }

    /// Joins the organization of an invitation (the token from its e-mail). Logged in, you
    /// join as yourself (the invitation must be for your address). Not logged in, give the
    /// password of your account with that address, or a name and new password to create one;
    /// the answer then holds a new session.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        token: String,
        name: Option<String>,
        password: Option<String>,
    ) -> Result<InvitationAcceptance> {
        limit_by_ip(ctx).await?;
        let acceptor = match (ctx.user(), password.as_deref()) {
            (Ok(user), _) => Acceptor::User(user),
            (Err(_), Some(password)) => Acceptor::Credentials {
                name: name.as_deref(),
                password,
            },
            (Err(_), None) => {
                return Err(DomainError::bad_input(
                    "password",
                    "log in, or give your password (and a name for a new account)",
                )
                .into());
            }
        };
        let services = ctx.services();
        let accepted = team::accept_invitation(
            &services.db,
            &token,
            acceptor,
            ctx.client_ip().text(),
            &services.billing,
        )
        .await?;
        let session = match accepted.refresh_token {
            Some(refresh_token) => Some(payload(
                services,
                Session {
                    user: accepted.user,
                    organization: Some(accepted.organization.clone()),
                    refresh_token,
                },
            )?),
            None => None,
        };
        Ok(InvitationAcceptance {
            organization: Organization(accepted.organization),
            role: accepted.role.into(),
            session,
        })
    }

    /// Confirms your e-mail address with the token from the verification e-mail.
    async fn verify_email(&self, ctx: &Context<'_>, token: String) -> Result<User> {
        limit_by_ip(ctx).await?;
        let db = &ctx.services().db;
        let user = team::verify_email(db, &token).await?;
        Ok(User(team::current_user(db, user).await?))
    }

    /// Sends the verification e-mail again. False when the address is already verified.
    async fn resend_verification_email(&self, ctx: &Context<'_>) -> Result<bool> {
        let user = ctx.user()?;
        limit_by_ip(ctx).await?;
        Ok(team::resend_verification(&ctx.services().db, user).await?)
    }

    /// E-mails a password-reset link (valid one hour, once) when an account has this
    /// address. Always answers true, so it cannot be used to find accounts.
    async fn request_password_reset(&self, ctx: &Context<'_>, email: String) -> Result<bool> {
        limit_by_ip(ctx).await?;
        team::request_password_reset(&ctx.services().db, &email).await?;
        Ok(true)
    }

    /// Sets a new password with the token from the reset e-mail. Every session of the account
    /// ends (its refresh tokens stop working); log in again.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        token: String,
        new_password: String,
    ) -> Result<bool> {
        limit_by_ip(ctx).await?;
        team::reset_password(&ctx.services().db, &token, &new_password).await?;
        Ok(true)
    }
}

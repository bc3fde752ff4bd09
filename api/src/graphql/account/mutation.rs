use async_graphql::{Context, Object, Result};
use entity::DomainError;
use entity::team::{self, Session, SignUp};

use super::types::{
    AuthPayload, CreateOrganizationInput, LogInInput, Organization, SignUpInput, User,
};
use crate::graphql::context::ContextExt as _;
use crate::state::Services;

#[derive(Default)]
pub struct AccountMutation;

fn payload(services: &Services, session: Session) -> Result<AuthPayload, DomainError> {
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

#[Object]
impl AccountMutation {
    /// Creates an account and its first organization, and logs in.
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> Result<AuthPayload> {
        let services = ctx.services();
        let session = team::sign_up(
            &services.db,
            SignUp {
                email: &input.email,
                password: &input.password,
                name: &input.name,
                organization_name: &input.organization_name,
            },
        )
        .await?;
        Ok(payload(services, session)?)
    }

    /// Starts a session in the user's first organization.
    async fn log_in(&self, ctx: &Context<'_>, input: LogInInput) -> Result<AuthPayload> {
        let services = ctx.services();
        let session = team::log_in(&services.db, &input.email, &input.password).await?;
        Ok(payload(services, session)?)
    }

    /// Exchanges a refresh token for a new access token and refresh token. Each refresh token
    /// works once; presenting a used one ends the whole session.
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

    /// Creates another organization with the caller as its owner.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> Result<Organization> {
        let user = ctx.user()?;
        let organization = team::create_organization(&ctx.services().db, user, &input.name).await?;
        Ok(Organization(organization))
    }
}

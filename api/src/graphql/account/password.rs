//! Changing one's password while logged in.

use async_graphql::{Context, InputObject, Object, Result};
use entity::team;

use super::mutation::{limit_by_ip, payload};
use super::types::AuthPayload;
use crate::graphql::context::ContextExt as _;

#[derive(Default)]
pub struct PasswordMutation;

#[derive(InputObject)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

#[Object]
impl PasswordMutation {
    /// Sets a new password for the logged-in user, who gives the current one. Every other
    /// session ends (all refresh tokens stop working) and so does every reset link mailed
    /// before; the answer is a new session for this client.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        input: ChangePasswordInput,
    ) -> Result<AuthPayload> {
        let user = ctx.user()?;
        limit_by_ip(ctx).await?;
        let services = ctx.services();
        let session = team::change_password(
            &services.db,
            user,
            &input.current_password,
            &input.new_password,
        )
        .await?;
        Ok(payload(services, session)?)
    }
}

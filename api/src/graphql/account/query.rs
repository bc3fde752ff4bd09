use async_graphql::{Context, Object, Result};

use super::types::{Me, Membership, User};
use crate::graphql::context::ContextExt as _;

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The calling user and every organization they belong to. Needs a token, no organization.
    async fn me(&self, ctx: &Context<'_>) -> Result<Me> {
        let user_id = ctx.user()?;
        let db = &ctx.services().db;
        let user = entity::team::current_user(db, user_id).await?;
        let memberships = entity::team::memberships_of(db, user_id).await?;
        Ok(Me {
            user: User(user),
            memberships: memberships.into_iter().map(Membership).collect(),
        })
    }
}

use async_graphql::{Context, Object, Result};
use entity::scope::Role;
use entity::team;

use super::types::Member;
use crate::graphql::account::types::Organization;
use crate::graphql::context::ContextExt as _;

#[derive(Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// The organization selected with `X-Organization-Id`.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Organization> {
        let (_, tx) = ctx.tenant_tx(Role::Viewer).await?;
        let organization = team::get_organization(&tx).await?;
        tx.commit().await?;
        Ok(Organization(organization))
    }

    /// Everyone in the selected organization, owners first.
    async fn members(&self, ctx: &Context<'_>) -> Result<Vec<Member>> {
        let (_, tx) = ctx.tenant_tx(Role::Viewer).await?;
        let members = team::list_members(&tx).await?;
        tx.commit().await?;
        Ok(members.into_iter().map(Member).collect())
    }
}

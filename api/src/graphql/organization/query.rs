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
        let tx = ctx.reader(Role::Viewer).await?;
        let organization = team::get_organization(&tx).await?;
        drop(tx);
        Ok(Organization(organization))
    }

    /// Everyone in the selected organization, owners first.
    async fn members(&self, ctx: &Context<'_>) -> Result<Vec<Member>> {
        let tx = ctx.reader(Role::Viewer).await?;
        let members = team::list_members(&tx).await?;
        drop(tx);
        Ok(members.into_iter().map(Member).collect())
    }
}

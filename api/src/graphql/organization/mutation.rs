use async_graphql::{Context, Object, Result};
use entity::events::TenantEvent;
use entity::scope::Role;
use entity::team;

use super::types::UpdateOrganizationInput;
use crate::graphql::account::types::Organization;
use crate::graphql::context::ContextExt as _;
use crate::graphql::live;

#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Changes the selected organization's name or settings. Needs the admin role.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        input: UpdateOrganizationInput,
    ) -> Result<Organization> {
        let (scope, tx) = ctx.tenant_tx(Role::Admin).await?;
        let organization = team::update_organization(
            &tx,
            &scope,
            team::OrganizationChanges {
                name: input.name.as_deref(),
                allow_negative_stock: input.allow_negative_stock,
            },
        )
        .await?;
        tx.commit().await?;
        let event = TenantEvent::OrganizationUpdated {
            id: organization.id,
            name: organization.name.clone(),
        };
        live::publish(ctx, scope.org, &event).await;
        Ok(Organization(organization))
    }
}

use async_graphql::{Context, Result, Subscription};
use chrono::Utc;
use entity::events::TenantEvent;
use entity::scope::Role;
use futures::Stream;

use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::Timestamp;

#[derive(Default)]
pub struct OrganizationSubscription;

/// The selected organization after a change.
#[derive(async_graphql::SimpleObject)]
pub struct OrganizationChange {
    pub id: async_graphql::ID,
    pub name: String,
    pub received_at: Timestamp,
}

#[Subscription]
impl OrganizationSubscription {
    /// Fires whenever the selected organization is changed, by anyone, on any api replica.
    async fn organization_updated(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = OrganizationChange>> {
        let scope = ctx.scope(Role::Viewer).await?;
        let events = crate::graphql::live::tenant_events(ctx, &scope);
        Ok(futures::StreamExt::filter_map(events, |event| async move {
            match event {
                TenantEvent::OrganizationUpdated { id, name } => Some(OrganizationChange {
                    id: async_graphql::ID(id.to_string()),
                    name,
                    received_at: Utc::now().into(),
                }),
                _ => None,
            }
        }))
    }
}

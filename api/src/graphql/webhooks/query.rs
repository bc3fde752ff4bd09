use async_graphql::{Context, ID, Object, Result};
use entity::paging::Window;
use entity::scope::Role;
use entity::webhooks;

use super::types::{WebhookDelivery, WebhookDeliveryFilterInput, WebhookEndpoint};
use crate::graphql::context::ContextExt as _;
use crate::graphql::paging::{Listing, connection};
use crate::graphql::scalars::parse_id;

#[derive(Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// The organization's webhook endpoints, oldest first. Needs the admin role.
    async fn webhook_endpoints(&self, ctx: &Context<'_>) -> Result<Vec<WebhookEndpoint>> {
        let tx = ctx.reader(Role::Admin).await?;
        let endpoints = webhooks::list_endpoints(&tx).await?;
        drop(tx);
        Ok(endpoints.into_iter().map(WebhookEndpoint).collect())
    }

    /// One webhook endpoint. Needs the admin role.
    async fn webhook_endpoint(&self, ctx: &Context<'_>, id: ID) -> Result<WebhookEndpoint> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Admin).await?;
        let endpoint = webhooks::get_endpoint(&tx, id).await?;
        drop(tx);
        Ok(WebhookEndpoint(endpoint))
    }

    /// An endpoint's delivery attempts, newest first (`first` or `last` at most 200). Needs
    /// the admin role.
    #[graphql(
        complexity = "first.or(last).unwrap_or(50).clamp(1, 200) as usize * child_complexity"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        endpoint_id: ID,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<WebhookDeliveryFilterInput>,
    ) -> Result<Listing<WebhookDelivery>> {
        let endpoint_id = parse_id("endpointId", &endpoint_id)?;
        let status = filter.unwrap_or_default().status.map(Into::into);
        let window = Window::new(first, after, last, before)?;
        let tx = ctx.reader(Role::Admin).await?;
        let page = webhooks::deliveries(&tx, endpoint_id, status, &window).await?;
        drop(tx);
        let rows = page.deliveries.map(|delivery| {
            let cursor = delivery.id.to_string();
            (delivery, cursor)
        });
        Ok(connection(rows, page.total_count, WebhookDelivery))
    }
}

use async_graphql::{Context, ID, Object, Result};
use entity::DomainError;
use entity::scope::Role;
use entity::webhooks::{self, EndpointChanges, NewEndpoint};

use super::types::{
    CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookDelivery, WebhookEndpoint,
    WebhookEndpointWithSecret, domain_events,
};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::parse_id;

#[derive(Default)]
pub struct WebhookMutation;

/// Checks `url` against the outbound policy (scheme, and every address its host resolves to).
async fn checked_url(ctx: &Context<'_>, url: &str) -> Result<(), DomainError> {
    ctx.services()
        .webhook_policy
        .check_resolved(url)
        .await
        .map(drop)
        .map_err(|reason| DomainError::bad_input("url", reason))
}

#[Object]
impl WebhookMutation {
    /// Adds an endpoint that is sent the chosen events committed from now on, in order. The
    /// signing secret is in the answer, this once. Needs the admin role.
    async fn create_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        input: CreateWebhookEndpointInput,
    ) -> Result<WebhookEndpointWithSecret> {
        checked_url(ctx, &input.url).await?;
        let events = domain_events(&input.events);
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let created = webhooks::create_endpoint(
            &tx,
            &scope,
            NewEndpoint {
                url: &input.url,
                events: &events,
                description: input.description.as_deref(),
            },
        )
        .await?;
        tx.audit_target("webhookEndpoint", created.endpoint.id);
        tx.commit().await?;
        Ok(WebhookEndpointWithSecret {
            endpoint: WebhookEndpoint(created.endpoint),
            secret: created.secret,
        })
    }

    /// Changes an endpoint's URL, events or description. Needs the admin role.
    async fn update_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        input: UpdateWebhookEndpointInput,
    ) -> Result<WebhookEndpoint> {
        let id = parse_id("id", &input.id)?;
        if let Some(url) = &input.url {
            checked_url(ctx, url).await?;
        }
        let events = input.events.as_deref().map(domain_events);
        let description = input
            .description
            .as_deref()
            .map(|text| Some(text).filter(|t| !t.trim().is_empty()));
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let endpoint = webhooks::update_endpoint(
            &tx,
            &scope,
            id,
            EndpointChanges {
                url: input.url.as_deref(),
                events: events.as_deref(),
                description,
            },
        )
        .await?;
        tx.audit_target("webhookEndpoint", id);
        tx.commit().await?;
        Ok(WebhookEndpoint(endpoint))
    }

    /// A new signing secret, in the answer this once. For 24 hours requests carry signatures
    /// with both the new and the old secret, so a receiver can switch at its own pace; rotating
    /// again within them retires the older secret at once. Needs the admin role.
    async fn rotate_webhook_secret(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<WebhookEndpointWithSecret> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let rotated = webhooks::rotate_secret(&tx, &scope, id).await?;
        tx.audit_target("webhookEndpoint", id);
        tx.commit().await?;
        Ok(WebhookEndpointWithSecret {
            endpoint: WebhookEndpoint(rotated.endpoint),
            secret: rotated.secret,
        })
    }

    /// Stops sending to an endpoint; its events are still recorded. Needs the admin role.
    async fn disable_webhook_endpoint(&self, ctx: &Context<'_>, id: ID) -> Result<WebhookEndpoint> {
        self.set_enabled(ctx, id, false).await
    }

    /// Sends to an endpoint again, from where it stopped, at once. Needs the admin role.
    async fn enable_webhook_endpoint(&self, ctx: &Context<'_>, id: ID) -> Result<WebhookEndpoint> {
        self.set_enabled(ctx, id, true).await
    }

    /// Deletes an endpoint and its delivery log. Needs the admin role.
    async fn delete_webhook_endpoint(&self, ctx: &Context<'_>, id: ID) -> Result<WebhookEndpoint> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let endpoint = webhooks::delete_endpoint(&tx, &scope, id).await?;
        tx.audit_target("webhookEndpoint", id);
        tx.commit().await?;
        Ok(WebhookEndpoint(endpoint))
    }

    /// Sends a delivery's event to its endpoint once more (a new delivery, pending until a
    /// worker sends it; outside the endpoint's order). Needs the admin role.
    async fn redeliver_webhook_event(
        &self,
        ctx: &Context<'_>,
        delivery_id: ID,
    ) -> Result<WebhookDelivery> {
        let delivery_id = parse_id("deliveryId", &delivery_id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let delivery = webhooks::redeliver(&tx, &scope, delivery_id).await?;
        tx.audit_target("webhookDelivery", delivery.id);
        tx.commit().await?;
        Ok(WebhookDelivery(delivery))
    }

    /// Sends an endpoint every event from `fromSequence` on again, in order (those it is not
    /// subscribed to are skipped). Needs the admin role.
    async fn replay_webhook_events(
        &self,
        ctx: &Context<'_>,
        endpoint_id: ID,
        from_sequence: i64,
    ) -> Result<WebhookEndpoint> {
        let id = parse_id("endpointId", &endpoint_id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let endpoint = webhooks::replay(&tx, &scope, id, from_sequence).await?;
        tx.audit_target("webhookEndpoint", id);
        tx.commit().await?;
        Ok(WebhookEndpoint(endpoint))
    }
}

impl WebhookMutation {
    async fn set_enabled(
        &self,
        ctx: &Context<'_>,
        id: ID,
        enabled: bool,
    ) -> Result<WebhookEndpoint> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let endpoint = webhooks::set_enabled(&tx, &scope, id, enabled).await?;
        tx.audit_target("webhookEndpoint", id);
        tx.commit().await?;
        Ok(WebhookEndpoint(endpoint))
    }
}

use async_graphql::{Context, Object, Result};
use entity::events::TenantEvent;
use entity::scope::Role;
use entity::team;

use super::types::UpdateOrganizationInput;
use crate::graphql::account::types::Organization;
use crate::graphql::context::ContextExt as _;
use crate::graphql::live;
use crate::graphql::scalars::Date;

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
                digest_time: input.digest_time.as_deref(),
                time_zone: input.time_zone.as_deref(),
                purchase_order_prefix: input.purchase_order_prefix.as_deref(),
                allow_over_receipt: input.allow_over_receipt,
                reorder_cover_days: input.reorder_cover_days,
                sales_order_prefix: input.sales_order_prefix.as_deref(),
                invoice_prefix: input.invoice_prefix.as_deref(),
                credit_note_prefix: input.credit_note_prefix.as_deref(),
                currency: input.currency.as_deref(),
                payment_terms_days: input.payment_terms_days,
                address: maybe(&input.address),
                logo_url: maybe(&input.logo_url),
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

    /// Deletes the selected organization with all its items, stock, ledger, members' access,
    /// keys and log. Needs the owner role and the organization's name as `confirmName`; with
    /// billing on, cancel the subscription first.
    async fn delete_organization(&self, ctx: &Context<'_>, confirm_name: String) -> Result<bool> {
        let (scope, mut tx) = ctx.tenant_tx(Role::Owner).await?;
        team::delete_organization(&tx, &scope, &confirm_name, &ctx.services().billing).await?;
        // The organization's audit log goes with it; the deletion is logged by the server.
        tx.forget_audit();
        tx.commit().await?;
        // Everyone's access ended: open subscriptions and sockets on it close.
        let everyone = entity::events::TenantEvent::AccessChanged {
            user_id: None,
            api_key_id: None,
        };
        crate::graphql::live::publish(ctx, scope.org, &everyone).await;
        Ok(true)
    }

    /// Closes the stock ledger's period before `before` (a date in the organization's time
    /// zone, at most today): from then on no movement — stock in or out, count, move, order
    /// receipt or shipment — can be dated before that day (`PERIOD_CLOSED`); voids and returns
    /// are dated now. A period only moves forward: an earlier date than the one closed is
    /// refused (`CONFLICT`). Needs the admin role.
    async fn close_period(&self, ctx: &Context<'_>, before: Date) -> Result<Organization> {
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let organization = entity::stock::close_period(&mut tx, &scope, before.0).await?;
        tx.commit().await?;
        Ok(Organization(organization))
    }

    /// Turns your low-stock alert e-mails for the selected organization on or off (`null`:
    /// the default — on for owners and admins). Returns whether they are now on.
    async fn set_low_stock_alerts(&self, ctx: &Context<'_>, enabled: Option<bool>) -> Result<bool> {
        let (scope, tx) = ctx.tenant_tx(Role::Viewer).await?;
        let on = team::set_low_stock_alerts(&tx, &scope, enabled).await?;
        tx.commit().await?;
        Ok(on)
    }
}

/// A nullable input as a change: left out, cleared or set.
fn maybe(value: &async_graphql::MaybeUndefined<String>) -> Option<Option<&str>> {
    match value {
        async_graphql::MaybeUndefined::Undefined => None,
        async_graphql::MaybeUndefined::Null => Some(None),
        async_graphql::MaybeUndefined::Value(text) => Some(Some(text.as_str())),
    }
}

use async_graphql::{Context, ID, MaybeUndefined, Object, Result};
use entity::purchasing::{self, NewLine, NewOrder, OrderChanges, Receipt, ReceiptLine};
use entity::scope::Role;

use super::types::{
    CreatePurchaseOrderInput, CreatePurchaseOrdersFromSuggestionsInput, PurchaseOrder,
    PurchaseOrderLineInput, ReceivePurchaseOrderInput, ReceivePurchaseOrderPayload,
    UpdatePurchaseOrderInput,
};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{parse_id, parse_optional_id};
use crate::graphql::stock::published;

#[derive(Default)]
pub struct PurchasingMutation;

fn lines(input: &[PurchaseOrderLineInput]) -> Result<Vec<NewLine>> {
    input
        .iter()
        .map(|line| {
            Ok(NewLine {
                item_id: parse_id("lines.itemId", &line.item_id)?,
                quantity: line.quantity.0,
                unit_cost: line.unit_cost.map(|m| m.0),
            })
        })
        .collect()
}

#[Object]
impl PurchasingMutation {
    /// Makes a DRAFT purchase order with the organization's next number. Needs the member
    /// role.
    async fn create_purchase_order(
        &self,
        ctx: &Context<'_>,
        input: CreatePurchaseOrderInput,
    ) -> Result<PurchaseOrder> {
        let order = NewOrder {
            supplier_id: parse_id("supplierId", &input.supplier_id)?,
            location_id: parse_id("locationId", &input.location_id)?,
            expected_at: input.expected_at.map(|t| t.0),
            note: input.note,
            lines: lines(&input.lines)?,
        };
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let order = purchasing::create_order(&mut tx, &scope, order).await?;
        tx.commit().await?;
        Ok(PurchaseOrder(order))
    }

    /// Changes a DRAFT: its supplier, location, expected date, note or lines. Needs the
    /// member role.
    async fn update_purchase_order(
        &self,
        ctx: &Context<'_>,
        input: UpdatePurchaseOrderInput,
    ) -> Result<PurchaseOrder> {
        let id = parse_id("id", &input.id)?;
        let changes = OrderChanges {
            supplier_id: parse_optional_id("supplierId", input.supplier_id.as_ref())?,
            location_id: parse_optional_id("locationId", input.location_id.as_ref())?,
            expected_at: match input.expected_at {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(at) => Some(Some(at.0)),
            },
            note: match input.note {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(note) => Some(Some(note)),
            },
            lines: input.lines.as_deref().map(lines).transpose()?,
        };
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let order = purchasing::update_order(&mut tx, &scope, id, changes).await?;
        tx.commit().await?;
        Ok(PurchaseOrder(order))
    }

    /// Submits a DRAFT to its supplier (ORDERED): its quantities are on order from now on.
    /// With `emailSupplier`, the supplier is e-mailed the order as a PDF once this commits
    /// (the supplier needs an e-mail address). Needs the member role.
    async fn submit_purchase_order(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = false)] email_supplier: bool,
    ) -> Result<PurchaseOrder> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let order = purchasing::submit_order(&mut tx, &scope, id, email_supplier).await?;
        tx.commit().await?;
        Ok(PurchaseOrder(order))
    }

    /// Calls off a DRAFT, or an ORDERED order of which nothing was received. Needs the admin
    /// role.
    async fn cancel_purchase_order(&self, ctx: &Context<'_>, id: ID) -> Result<PurchaseOrder> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let order = purchasing::cancel_order(&mut tx, &scope, id).await?;
        tx.commit().await?;
        Ok(PurchaseOrder(order))
    }

    /// Ends an open order that will not be received in full: what is outstanding is no longer
    /// on order. Needs the admin role.
    async fn close_purchase_order(&self, ctx: &Context<'_>, id: ID) -> Result<PurchaseOrder> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let order = purchasing::close_order(&mut tx, &scope, id).await?;
        tx.commit().await?;
        Ok(PurchaseOrder(order))
    }

    /// Records goods received against an ORDERED or PARTIALLY_RECEIVED order: a stock-in
    /// transaction (its source the order, the supplier its partner, the lines' costs) and the
    /// lines' received quantities, together. More than is outstanding is refused unless the
    /// organization allows over-receipt. Voiding the transaction puts the quantities back on
    /// order. Needs the member role.
    async fn receive_purchase_order(
        &self,
        ctx: &Context<'_>,
        input: ReceivePurchaseOrderInput,
    ) -> Result<ReceivePurchaseOrderPayload> {
        let receipt = Receipt {
            order_id: parse_id("purchaseOrderId", &input.purchase_order_id)?,
            location_id: parse_optional_id("locationId", input.location_id.as_ref())?,
            idempotency_key: input.idempotency_key,
            note: input.note,
            occurred_at: input.occurred_at.map(|t| t.0),
            lines: input
                .lines
                .iter()
                .map(|line| {
                    Ok(ReceiptLine {
                        line_id: parse_id("lines.lineId", &line.line_id)?,
                        quantity: line.quantity.0,
                    })
                })
                .collect::<Result<_>>()?,
        };
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let (order, recorded) = purchasing::receive(&mut tx, &scope, receipt).await?;
        tx.commit().await?;
        let transaction = published(ctx, scope.org, recorded).await;
        Ok(ReceivePurchaseOrderPayload {
            purchase_order: PurchaseOrder(order),
            transaction,
        })
    }

    /// Makes one DRAFT per preferred supplier from the reorder suggestions at a location, with
    /// the suggested quantities at the items' costs. Needs the member role.
    async fn create_purchase_orders_from_suggestions(
        &self,
        ctx: &Context<'_>,
        input: CreatePurchaseOrdersFromSuggestionsInput,
    ) -> Result<Vec<PurchaseOrder>> {
        let location = parse_id("locationId", &input.location_id)?;
        let items = input
            .item_ids
            .as_deref()
            .map(|ids| {
                ids.iter()
                    .map(|id| parse_id("itemIds", id))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let orders = purchasing::create_from_suggestions(&mut tx, &scope, location, items).await?;
        tx.commit().await?;
        Ok(orders.into_iter().map(PurchaseOrder).collect())
    }
}

use async_graphql::{Context, ID, MaybeUndefined, Object, Result};
use entity::sales::{
    self, NewInvoice, NewLine, NewOrder, NewReturn, OrderChanges, ReturnLine, Shipment,
    ShipmentLine,
};
use entity::scope::Role;

use super::invoice_types::{CreateInvoiceInput, Invoice};
use super::types::{
    CreateSalesOrderInput, CreateTaxRateInput, ReturnSalesOrderInput, ReturnSalesOrderPayload,
    SalesOrder, SalesOrderLineInput, SalesReturn, ShipSalesOrderInput, ShipSalesOrderPayload,
    TaxRate, UpdateSalesOrderInput, UpdateTaxRateInput,
};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{Timestamp, parse_id, parse_optional_id};
use crate::graphql::stock::published;

#[derive(Default)]
pub struct SalesMutation;

fn lines(input: &[SalesOrderLineInput]) -> Result<Vec<NewLine>> {
    input
        .iter()
        .map(|line| {
            Ok(NewLine {
                item_id: parse_id("lines.itemId", &line.item_id)?,
                quantity: line.quantity.0,
                unit_price: line.unit_price.map(|m| m.0),
                discount_percent: line.discount_percent.map(|p| p.0.scaled()),
                tax_rate_id: parse_optional_id("lines.taxRateId", line.tax_rate_id.as_ref())?,
            })
        })
        .collect()
}

/// Runs `change` on an invoice in the caller's unit of work and commits it.
macro_rules! invoice_change {
    ($ctx:expr, $role:expr, $id:expr, |$tx:ident, $scope:ident, $uuid:ident| $body:expr) => {{
        let $uuid = parse_id("id", &$id)?;
        let ($scope, mut $tx) = $ctx.tenant_tx($role).await?;
        let invoice = $body.await?;
        $tx.commit().await?;
        Ok(Invoice(invoice))
    }};
}

#[Object]
impl SalesMutation {
    /// Adds a tax rate for sales lines. Needs the admin role.
    async fn create_tax_rate(
        &self,
        ctx: &Context<'_>,
        input: CreateTaxRateInput,
    ) -> Result<TaxRate> {
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let rate =
            sales::create_tax_rate(&mut tx, &scope, &input.name, input.percent.0.scaled()).await?;
        tx.commit().await?;
        Ok(TaxRate(rate))
    }

    /// Renames a tax rate, changes its percentage or archives it. Needs the admin role.
    async fn update_tax_rate(
        &self,
        ctx: &Context<'_>,
        input: UpdateTaxRateInput,
    ) -> Result<TaxRate> {
        let id = parse_id("id", &input.id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let rate = sales::update_tax_rate(
            &mut tx,
            &scope,
            id,
            input.name.as_deref(),
            input.percent.map(|p| p.0.scaled()),
            input.archived,
        )
        .await?;
        tx.commit().await?;
        Ok(TaxRate(rate))
    }

    /// Makes a DRAFT sales order with the organization's next number. Needs the member role.
    async fn create_sales_order(
        &self,
        ctx: &Context<'_>,
        input: CreateSalesOrderInput,
    ) -> Result<SalesOrder> {
        let order = NewOrder {
            customer_id: parse_id("customerId", &input.customer_id)?,
            location_id: parse_id("locationId", &input.location_id)?,
            note: input.note,
            lines: lines(&input.lines)?,
        };
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let order = sales::create_order(&mut tx, &scope, order).await?;
        tx.commit().await?;
        Ok(SalesOrder(order))
    }

    /// Changes a DRAFT: its customer, location, note or lines. Needs the member role.
    async fn update_sales_order(
        &self,
        ctx: &Context<'_>,
        input: UpdateSalesOrderInput,
    ) -> Result<SalesOrder> {
        let id = parse_id("id", &input.id)?;
        let changes = OrderChanges {
            customer_id: parse_optional_id("customerId", input.customer_id.as_ref())?,
            location_id: parse_optional_id("locationId", input.location_id.as_ref())?,
            note: match input.note {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(note) => Some(Some(note)),
            },
            lines: input.lines.as_deref().map(lines).transpose()?,
        };
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let order = sales::update_order(&mut tx, &scope, id, changes).await?;
        tx.commit().await?;
        Ok(SalesOrder(order))
    }

    /// Confirms a DRAFT: its quantities are reserved at its location, all or none, and are no
    /// longer available to anything else. More than is available is refused with
    /// INSUFFICIENT_STOCK unless the organization allows negative stock. Needs the member
    /// role.
    async fn confirm_sales_order(&self, ctx: &Context<'_>, id: ID) -> Result<SalesOrder> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let order = sales::confirm_order(&mut tx, &scope, id).await?;
        tx.commit().await?;
        Ok(SalesOrder(order))
    }

    /// Calls off an order not yet shipped in full: what was reserved and not shipped is
    /// released. Needs the member role.
    async fn cancel_sales_order(&self, ctx: &Context<'_>, id: ID) -> Result<SalesOrder> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let order = sales::cancel_order(&mut tx, &scope, id).await?;
        tx.commit().await?;
        Ok(SalesOrder(order))
    }

    /// Ships goods of a CONFIRMED or PARTIALLY_SHIPPED order: a stock-out transaction (its
    /// source the order, the customer its partner, the lines' prices after discount) that
    /// takes what was reserved for it, and the lines' shipped quantities, together. A retry
    /// with the same idempotency key returns the first shipment. Needs the member role.
    async fn ship_sales_order(
        &self,
        ctx: &Context<'_>,
        input: ShipSalesOrderInput,
    ) -> Result<ShipSalesOrderPayload> {
        let shipment = Shipment {
            order_id: parse_id("salesOrderId", &input.sales_order_id)?,
            idempotency_key: input.idempotency_key,
            note: input.note,
            occurred_at: input.occurred_at.map(|t| t.0),
            lines: input
                .lines
                .iter()
                .map(|line| {
                    Ok(ShipmentLine {
                        line_id: parse_id("lines.lineId", &line.line_id)?,
                        quantity: line.quantity.0,
                    })
                })
                .collect::<Result<_>>()?,
        };
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let (order, recorded) = sales::ship(&mut tx, &scope, shipment).await?;
        tx.commit().await?;
        let transaction = published(ctx, scope.org, recorded).await;
        Ok(ShipSalesOrderPayload {
            sales_order: SalesOrder(order),
            transaction,
        })
    }

    /// Records goods a customer sent back: what is restocked is a stock-in at the order's
    /// location, and when the order was invoiced, a credit note is issued for the returned
    /// quantities at the invoice's prices. A retry with the same idempotency key returns the
    /// first return. Needs the member role.
    async fn return_sales_order(
        &self,
        ctx: &Context<'_>,
        input: ReturnSalesOrderInput,
    ) -> Result<ReturnSalesOrderPayload> {
        let request = NewReturn {
            order_id: parse_id("salesOrderId", &input.sales_order_id)?,
            idempotency_key: input.idempotency_key,
            note: input.note,
            lines: input
                .lines
                .iter()
                .map(|line| {
                    Ok(ReturnLine {
                        line_id: parse_id("lines.lineId", &line.line_id)?,
                        quantity: line.quantity.0,
                        restock: line.restock,
                    })
                })
                .collect::<Result<_>>()?,
        };
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let returned = sales::return_order(&mut tx, &scope, request).await?;
        tx.commit().await?;
        if let Some(restocked) = returned.restocked {
            published(ctx, scope.org, restocked).await;
        }
        Ok(ReturnSalesOrderPayload {
            sales_order: SalesOrder(returned.order),
            sales_return: SalesReturn(returned.sales_return),
        })
    }

    /// Makes a DRAFT invoice, numbered with the organization's next invoice number, of the
    /// given shipments or of what of the order is not yet invoiced. Needs the member role.
    async fn create_invoice(
        &self,
        ctx: &Context<'_>,
        input: CreateInvoiceInput,
    ) -> Result<Invoice> {
        let request = NewInvoice {
            sales_order_id: parse_id("salesOrderId", &input.sales_order_id)?,
            shipment_ids: input
                .shipment_ids
                .as_deref()
                .map(|ids| {
                    ids.iter()
                        .map(|id| parse_id("shipmentIds", id))
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?,
            note: input.note,
        };
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let invoice = sales::create_invoice(&mut tx, &scope, request).await?;
        tx.commit().await?;
        Ok(Invoice(invoice))
    }

    /// Issues a DRAFT invoice: it is frozen from now on and due after the organization's
    /// payment terms. Needs the member role.
    async fn issue_invoice(&self, ctx: &Context<'_>, id: ID) -> Result<Invoice> {
        invoice_change!(ctx, Role::Member, id, |tx, scope, id| sales::issue_invoice(
            &mut tx, &scope, id
        ))
    }

    /// Marks an ISSUED invoice paid, at `paidAt` (now when left out). Needs the member role.
    async fn mark_invoice_paid(
        &self,
        ctx: &Context<'_>,
        id: ID,
        paid_at: Option<Timestamp>,
    ) -> Result<Invoice> {
        invoice_change!(ctx, Role::Member, id, |tx, scope, id| {
            sales::mark_invoice_paid(&mut tx, &scope, id, paid_at.map(|t| t.0))
        })
    }

    /// Voids a DRAFT or ISSUED invoice or credit note: it no longer counts, and what it
    /// invoiced can be invoiced again. A paid invoice is corrected by a return's credit note.
    /// Needs the admin role.
    async fn void_invoice(&self, ctx: &Context<'_>, id: ID) -> Result<Invoice> {
        invoice_change!(ctx, Role::Admin, id, |tx, scope, id| sales::void_invoice(
            &mut tx, &scope, id
        ))
    }

    /// E-mails an ISSUED (or PAID) invoice or credit note to its customer with the PDF
    /// attached, once this commits; again only with `resend`. Needs the member role.
    async fn send_invoice(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = false)] resend: bool,
    ) -> Result<Invoice> {
        invoice_change!(ctx, Role::Member, id, |tx, scope, id| sales::send_invoice(
            &mut tx, &scope, id, resend
        ))
    }
}

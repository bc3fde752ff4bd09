//! Invoices and credit notes: made from an order's shipments (or what of the order is not yet
//! invoiced), issued (frozen from then on), paid, voided, e-mailed. Their amounts are exact to
//! the currency's minor unit: each line's net amount and tax are rounded once, and the totals
//! are their sums, so the lines always add up to what is printed.

use std::collections::HashMap;

use chrono::{DateTime, Duration, SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveValue::Set, IntoActiveModel as _, QueryFilter};

use super::billing::{Document, add_credited, draft_lines, insert_document};
use super::orders::lines_of;
use super::{InvoiceKind, InvoiceStatus, Status, invoice_status_of, lock_order, require_status};
use crate::entities::{
    invoice_lines, invoice_shipments, invoices, sales_order_lines, sales_orders, stock_transactions,
};
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};
use crate::stock::{Kind, SourceKind};
use crate::types::optional_text;
use crate::webhooks::EventType;

#[derive(Clone, Debug)]
pub struct NewInvoice {
    pub sales_order_id: Uuid,
    /// Bill these shipments; `None`: what of the order is not yet invoiced.
    pub shipment_ids: Option<Vec<Uuid>>,
    pub note: Option<String>,
}

/// Makes a DRAFT invoice numbered with the organization's next invoice number, in its
/// currency: the given shipments' quantities (none billed already by an invoice that
/// stands), or — without shipments — every line's quantity not yet invoiced (for a cancelled
/// order, what was shipped and not yet invoiced).
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND` for an order or shipment not of this organization
/// or not of the order; `CONFLICT` for a draft order or a shipment already billed;
/// `BAD_USER_INPUT` when there is nothing to invoice or a line would be invoiced beyond its
/// ordered quantity.
#[tracing::instrument(skip_all)]
pub async fn create_invoice(
    tx: &mut TenantTx,
    scope: &TenantScope,
    request: NewInvoice,
) -> DomainResult<invoices::Model> {
    scope.require(Role::Member)?;
    let note = optional_text("note", request.note.as_deref(), 1000, true)?;
    let order = lock_order(tx, request.sales_order_id).await?;
    tx.audit_target("salesOrder", order.id);
    let status = require_status(
        &order,
        &[
            Status::Confirmed,
            Status::PartiallyShipped,
            Status::Shipped,
            Status::Cancelled,
        ],
        "only a confirmed order can be invoiced",
    )?;
    let lines = lines_of(tx, order.id).await?;
    let cancelled = status == Status::Cancelled;
    // What each line may still bill: what the customer has or will have, less what was
    // returned and what standing invoices bill net of their credits.
    let billable = |line: &sales_order_lines::Model| {
        let kept = if cancelled {
            line.shipped
        } else {
            line.quantity
        } - line.returned;
        std::cmp::max(kept - (line.invoiced - line.credited), 0)
    };
    let (quantities, shipments) = match &request.shipment_ids {
        Some(ids) => {
            let (taken, unique) = shipped_quantities(tx, &order, &lines, ids).await?;
            let quantities: Vec<(sales_order_lines::Model, i64)> = taken
                .into_iter()
                .map(|(line, quantity)| {
                    let quantity = std::cmp::min(quantity, billable(&line));
                    (line, quantity)
                })
                .filter(|(_, q)| *q > 0)
                .collect();
            if quantities.is_empty() {
                return Err(DomainError::conflict(
                    "shipmentIds",
                    "what these shipments took is already invoiced or was returned",
                ));
            }
            (quantities, unique)
        }
        None => {
            let quantities: Vec<(sales_order_lines::Model, i64)> = lines
                .iter()
                .map(|line| (line.clone(), billable(line)))
                .filter(|(_, q)| *q > 0)
                .collect();
            if quantities.is_empty() {
                return Err(DomainError::bad_input(
                    "salesOrderId",
                    "nothing of this order is left to invoice",
                ));
            }
            (quantities, Vec::new())
        }
    };
    let drafted = draft_lines(tx, &quantities).await?;
    let document = Document {
        kind: InvoiceKind::Invoice,
        order: &order,
        credits: None,
        sales_return: None,
        note,
    };
    let invoice = insert_document(tx, scope, document, &drafted).await?;
    for (line, quantity) in &quantities {
        add_invoiced(tx, line.id, *quantity).await?;
    }
    if !shipments.is_empty() {
        let rows = shipments.iter().map(|id| invoice_shipments::ActiveModel {
            organization_id: Set(tx.org().0),
            invoice_id: Set(invoice.id),
            transaction_id: Set(*id),
        });
        invoice_shipments::Entity::insert_many(rows)
            .exec_without_returning(tx.conn())
            .await?;
    }
    tx.audit_target("invoice", invoice.id);
    announce(tx, EventType::InvoiceCreated, &invoice)?;
    Ok(invoice)
}

/// DRAFT → ISSUED: from now on the invoice never changes but to be paid or voided; it is
/// due the organization's payment terms after today.
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND`; `CONFLICT` when not a draft.
#[tracing::instrument(skip_all)]
pub async fn issue_invoice(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<invoices::Model> {
    scope.require(Role::Member)?;
    // The order first, as returns and cancellations (which credit issued invoices) do.
    let order_id = super::queries::get_invoice(tx, id).await?.sales_order_id;
    lock_order(tx, order_id).await?;
    let invoice = lock_invoice(tx, id).await?;
    require_invoice_status(
        &invoice,
        &[InvoiceStatus::Draft],
        "only a draft can be issued",
    )?;
    let organization = tx.organization().await?;
    let zone: chrono_tz::Tz = organization.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let now = Utc::now().trunc_subsecs(6);
    let today = now.with_timezone(&zone).date_naive();
    let mut row = invoice.into_active_model();
    row.status = Set(InvoiceStatus::Issued.as_str().to_owned());
    row.issued_at = Set(Some(now));
    row.due_date = Set(Some(
        today + Duration::days(i64::from(organization.payment_terms_days)),
    ));
    row.updated_at = Set(now);
    let invoice = row.update(tx.conn()).await?;
    announce(tx, EventType::InvoiceIssued, &invoice)?;
    Ok(invoice)
}

/// ISSUED → PAID, at `paid_at` (now when `None`).
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND`; `CONFLICT` unless an issued invoice;
/// `BAD_USER_INPUT` for a time in the future or before the invoice was issued.
#[tracing::instrument(skip_all)]
pub async fn mark_invoice_paid(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
    paid_at: Option<DateTime<Utc>>,
) -> DomainResult<invoices::Model> {
    scope.require(Role::Member)?;
    // The order first: no credit note of this invoice is being written meanwhile.
    let order_id = super::queries::get_invoice(tx, id).await?.sales_order_id;
    lock_order(tx, order_id).await?;
    let invoice = lock_invoice(tx, id).await?;
    if invoice.kind != InvoiceKind::Invoice.as_str() {
        return Err(DomainError::bad_input("id", "a credit note is not paid"));
    }
    require_invoice_status(
        &invoice,
        &[InvoiceStatus::Issued],
        "only an issued invoice can be marked paid",
    )?;
    let now = Utc::now().trunc_subsecs(6);
    let paid_at = paid_at.map_or(now, |at| at.trunc_subsecs(6));
    if paid_at > now + Duration::minutes(5) {
        return Err(DomainError::bad_input(
            "paidAt",
            "must not be in the future",
        ));
    }
    if invoice
        .issued_at
        .is_some_and(|issued| paid_at.date_naive() < issued.date_naive())
    {
        return Err(DomainError::bad_input(
            "paidAt",
            "must not be before the invoice was issued",
        ));
    }
    let credited: i64 = credit_notes_of(tx, invoice.id)
        .await?
        .iter()
        .map(|note| note.total)
        .sum();
    let amount_paid = invoice.total - credited;
    let mut row = invoice.into_active_model();
    row.status = Set(InvoiceStatus::Paid.as_str().to_owned());
    row.paid_at = Set(Some(paid_at));
    row.amount_paid = Set(Some(amount_paid));
    row.updated_at = Set(now);
    let invoice = row.update(tx.conn()).await?;
    announce(tx, EventType::InvoicePaid, &invoice)?;
    Ok(invoice)
}

/// A draft or issued invoice (or credit note) → VOID: it no longer counts, and what it
/// invoiced can be invoiced again; an invoice's credit notes are voided with it. A paid
/// invoice is corrected by a credit note instead.
///
/// # Errors
/// `FORBIDDEN` below admin; `NOT_FOUND`; `CONFLICT` when paid or void.
#[tracing::instrument(skip_all)]
pub async fn void_invoice(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<invoices::Model> {
    scope.require(Role::Admin)?;
    // The order first, as everything that changes its invoiced quantities does.
    let order_id = super::queries::get_invoice(tx, id).await?.sales_order_id;
    lock_order(tx, order_id).await?;
    let invoice = lock_invoice(tx, id).await?;
    require_invoice_status(
        &invoice,
        &[InvoiceStatus::Draft, InvoiceStatus::Issued],
        "only a draft or issued invoice can be voided; credit a paid one",
    )?;
    let lines = tx
        .select::<invoice_lines::Entity>()
        .filter(invoice_lines::Column::InvoiceId.eq(id))
        .all(tx.conn())
        .await?;
    if invoice.kind == InvoiceKind::Invoice.as_str() {
        for line in &lines {
            add_invoiced(tx, line.sales_order_line_id, -line.quantity).await?;
        }
        // Its credit notes credit nothing any more: they go with it.
        for note in credit_notes_of(tx, invoice.id).await? {
            uncredit(tx, &note, None).await?;
            let note = set_void(tx, note).await?;
            announce(tx, EventType::InvoiceVoided, &note)?;
        }
    } else {
        let credited = match invoice.credits_invoice_id {
            Some(credited) => {
                tx.select::<invoice_lines::Entity>()
                    .filter(invoice_lines::Column::InvoiceId.eq(credited))
                    .all(tx.conn())
                    .await?
            }
            None => Vec::new(),
        };
        uncredit(tx, &invoice, Some(&credited)).await?;
    }
    let invoice = set_void(tx, invoice).await?;
    announce(tx, EventType::InvoiceVoided, &invoice)?;
    Ok(invoice)
}

async fn set_void(tx: &TenantTx, invoice: invoices::Model) -> DomainResult<invoices::Model> {
    let now = Utc::now().trunc_subsecs(6);
    let mut row = invoice.into_active_model();
    row.status = Set(InvoiceStatus::Void.as_str().to_owned());
    row.voided_at = Set(Some(now));
    row.updated_at = Set(now);
    Ok(row.update(tx.conn()).await?)
}

/// The credit notes that stand against an invoice.
async fn credit_notes_of(tx: &TenantTx, invoice: Uuid) -> DomainResult<Vec<invoices::Model>> {
    Ok(tx
        .select::<invoices::Entity>()
        .filter(invoices::Column::CreditsInvoiceId.eq(invoice))
        .filter(invoices::Column::Status.ne(InvoiceStatus::Void.as_str()))
        .all(tx.conn())
        .await?)
}

/// Takes a credit note's quantities off what its order's lines (and, when given, its
/// invoice's lines) count as credited.
async fn uncredit(
    tx: &TenantTx,
    note: &invoices::Model,
    invoice_lines: Option<&[invoice_lines::Model]>,
) -> DomainResult<()> {
    let lines = tx
        .select::<invoice_lines::Entity>()
        .filter(invoice_lines::Column::InvoiceId.eq(note.id))
        .all(tx.conn())
        .await?;
    for line in lines {
        match invoice_lines.and_then(|billed| {
            billed
                .iter()
                .find(|b| b.sales_order_line_id == line.sales_order_line_id)
        }) {
            Some(billed) => {
                add_credited(tx, billed.id, line.sales_order_line_id, -line.quantity).await?;
            }
            None => {
                use sales_order_lines::Column as L;
                sales_order_lines::Entity::update_many()
                    .col_expr(L::Credited, Expr::col(L::Credited).sub(line.quantity))
                    .filter(L::OrganizationId.eq(tx.org().0))
                    .filter(L::Id.eq(line.sales_order_line_id))
                    .exec(tx.conn())
                    .await?;
            }
        }
    }
    Ok(())
}

/// E-mails an issued invoice (or credit note) to its customer with the PDF attached,
/// through the outbox: once — a second call sends again only with `resend`.
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND`; `CONFLICT` unless issued or paid;
/// `BAD_USER_INPUT` when the customer has no e-mail address.
#[tracing::instrument(skip_all)]
pub async fn send_invoice(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
    resend: bool,
) -> DomainResult<invoices::Model> {
    scope.require(Role::Member)?;
    let invoice = lock_invoice(tx, id).await?;
    require_invoice_status(
        &invoice,
        &[InvoiceStatus::Issued, InvoiceStatus::Paid],
        "only an issued invoice can be sent",
    )?;
    if invoice.sent_at.is_some() && !resend {
        return Ok(invoice);
    }
    let customer = crate::catalogue::get_partner(tx, invoice.customer_id).await?;
    if customer.email.is_none() {
        return Err(DomainError::bad_input(
            "id",
            "the customer has no e-mail address",
        ));
    }
    crate::outbox::enqueue(
        tx,
        crate::outbox::Topic::InvoiceSent,
        &super::InvoiceSent { invoice_id: id },
    )
    .await?;
    tx.audit_note("emailedTo", &customer.email);
    let now = Utc::now().trunc_subsecs(6);
    let mut row = invoice.into_active_model();
    row.sent_at = Set(Some(now));
    row.updated_at = Set(now);
    Ok(row.update(tx.conn()).await?)
}

/// The quantities of each order line these shipments took, checking each is a shipment of
/// this order not billed by an invoice that stands.
async fn shipped_quantities(
    tx: &TenantTx,
    order: &sales_orders::Model,
    lines: &[sales_order_lines::Model],
    ids: &[Uuid],
) -> DomainResult<(Vec<(sales_order_lines::Model, i64)>, Vec<Uuid>)> {
    if ids.is_empty() {
        return Err(DomainError::bad_input(
            "shipmentIds",
            "must name at least one shipment (or be left out to invoice the order)",
        ));
    }
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    let shipments = tx
        .select::<stock_transactions::Entity>()
        .filter(stock_transactions::Column::Id.is_in(unique.iter().copied()))
        .filter(stock_transactions::Column::SourceType.eq(SourceKind::SalesOrder.as_str()))
        .filter(stock_transactions::Column::SourceId.eq(order.id))
        .filter(stock_transactions::Column::Kind.eq(Kind::Out.as_str()))
        .all(tx.conn())
        .await?;
    if shipments.len() != unique.len() {
        return Err(DomainError::not_found("shipment"));
    }
    let billing: Vec<Uuid> = tx
        .select::<invoice_shipments::Entity>()
        .filter(invoice_shipments::Column::TransactionId.is_in(unique.iter().copied()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|row| row.invoice_id)
        .collect();
    let billed = if billing.is_empty() {
        0
    } else {
        tx.select::<invoices::Entity>()
            .filter(invoices::Column::Id.is_in(billing))
            .filter(invoices::Column::Status.ne(InvoiceStatus::Void.as_str()))
            .count(tx.conn())
            .await?
    };
    if billed > 0 {
        return Err(DomainError::conflict(
            "shipmentIds",
            "a shipment is already billed by an invoice (void it to bill the shipment again)",
        ));
    }
    let movements = crate::stock::movements_of_transactions(tx, &unique).await?;
    let mut taken: HashMap<Uuid, i64> = HashMap::new();
    for movement in movements {
        *taken.entry(movement.item_id).or_default() += -movement.quantity;
    }
    let quantities = lines
        .iter()
        .map(|line| (line.clone(), taken.get(&line.item_id).copied().unwrap_or(0)))
        .collect();
    Ok((quantities, unique))
}

async fn add_invoiced(tx: &TenantTx, line: Uuid, quantity: i64) -> DomainResult<()> {
    use sales_order_lines::Column as C;
    sales_order_lines::Entity::update_many()
        .col_expr(C::Invoiced, Expr::col(C::Invoiced).add(quantity))
        .filter(C::OrganizationId.eq(tx.org().0))
        .filter(C::Id.eq(line))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// The invoice, its row locked until the transaction ends; one of an order hidden from the
/// caller is not found.
async fn lock_invoice(tx: &mut TenantTx, id: Uuid) -> DomainResult<invoices::Model> {
    let invoice = tx
        .select_for_update::<invoices::Entity>()
        .filter(invoices::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("invoice"))?;
    super::queries::get_order(tx, invoice.sales_order_id)
        .await
        .map_err(|_| DomainError::not_found("invoice"))?;
    tx.audit_target("invoice", id);
    Ok(invoice)
}

fn require_invoice_status(
    invoice: &invoices::Model,
    allowed: &[InvoiceStatus],
    refusal: &'static str,
) -> DomainResult<InvoiceStatus> {
    let status = invoice_status_of(invoice)?;
    if allowed.contains(&status) {
        Ok(status)
    } else {
        Err(DomainError::conflict(
            "status",
            format!("{refusal} (this one is {})", status.as_str()),
        ))
    }
}

/// The webhook event of an invoice's change.
pub(super) fn announce(
    tx: &TenantTx,
    event_type: EventType,
    invoice: &invoices::Model,
) -> DomainResult<()> {
    use crate::types::Money;
    if !tx.may_have_webhooks() {
        return Ok(());
    }
    crate::webhooks::emit(
        tx,
        event_type,
        &serde_json::json!({
            "id": invoice.id,
            "number": invoice.number,
            "kind": invoice.kind.to_uppercase(),
            "status": invoice.status.to_uppercase(),
            "salesOrderId": invoice.sales_order_id,
            "customerId": invoice.customer_id,
            "creditsInvoiceId": invoice.credits_invoice_id,
            "currency": invoice.currency,
            "subtotal": Money::from_scaled(invoice.subtotal),
            "taxTotal": Money::from_scaled(invoice.tax_total),
            "total": Money::from_scaled(invoice.total),
            "dueDate": invoice.due_date,
            "paidAt": invoice.paid_at,
        }),
    )
}

//! Writing invoices and credit notes: each line's amounts settled once, in the document's
//! currency, and the totals summed from them; credit notes at the prices of the invoices they
//! credit, never crediting more of a line than it billed.

use std::collections::HashMap;

use chrono::{SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveValue::Set, QueryFilter, QueryOrder as _};

use super::amounts::{line_net, prorate, tax};
use super::{InvoiceKind, InvoiceStatus};
use crate::entities::{invoice_lines, invoices, items, sales_order_lines, sales_orders, tax_rates};
use crate::error::{DomainError, DomainResult};
use crate::numbers;
use crate::scope::{TenantScope, TenantTx};
use crate::webhooks::EventType;

/// What a credit note gives back, and why.
pub(super) struct Credit<'a> {
    pub(super) order: &'a sales_orders::Model,
    /// Quantities per order line.
    pub(super) quantities: &'a [(Uuid, i64)],
    /// The return credited; none for a cancellation.
    pub(super) sales_return: Option<Uuid>,
    pub(super) reason: String,
}

/// Issues credit notes giving back `quantities` of what the order's issued invoices (that
/// stand) billed, newest invoice first, each up to what it has not yet credited: one credit
/// note per invoice credited, at its prices, discounts and taxes. What no invoice billed is
/// not credited. The caller holds the order's lock.
pub(super) async fn credit(
    tx: &mut TenantTx,
    scope: &TenantScope,
    credit: Credit<'_>,
) -> DomainResult<Vec<invoices::Model>> {
    let mut left: HashMap<Uuid, i64> = credit
        .quantities
        .iter()
        .filter(|(_, q)| *q > 0)
        .copied()
        .collect();
    if left.is_empty() {
        return Ok(Vec::new());
    }
    let issued = tx
        .select::<invoices::Entity>()
        .filter(invoices::Column::SalesOrderId.eq(credit.order.id))
        .filter(invoices::Column::Kind.eq(InvoiceKind::Invoice.as_str()))
        .filter(
            invoices::Column::Status
                .is_in([InvoiceStatus::Issued.as_str(), InvoiceStatus::Paid.as_str()]),
        )
        .order_by_desc(invoices::Column::Sequence)
        .all(tx.conn())
        .await?;
    if issued.is_empty() {
        return Ok(Vec::new());
    }
    let billed = tx
        .select::<invoice_lines::Entity>()
        .filter(invoice_lines::Column::InvoiceId.is_in(issued.iter().map(|i| i.id)))
        .order_by_asc(invoice_lines::Column::LineNo)
        .all(tx.conn())
        .await?;
    let mut notes = Vec::new();
    for invoice in &issued {
        let mut drafted = Vec::new();
        for line in billed.iter().filter(|line| line.invoice_id == invoice.id) {
            let Some(wanted) = left.get_mut(&line.sales_order_line_id) else {
                continue;
            };
            let take = std::cmp::min(*wanted, line.quantity - line.credited);
            if take <= 0 {
                continue;
            }
            *wanted -= take;
            // The share of the line's amounts from what was credited before to what is after,
            // so the credits of a line never add up to more (or less) than it billed.
            let share = |amount: i64| {
                prorate(
                    &invoice.currency,
                    amount,
                    line.credited + take,
                    line.quantity,
                ) - prorate(&invoice.currency, amount, line.credited, line.quantity)
            };
            drafted.push(DraftLine {
                sales_order_line_id: line.sales_order_line_id,
                item_id: line.item_id,
                sku: line.sku.clone(),
                name: line.name.clone(),
                quantity: take,
                unit_price: line.unit_price,
                discount_percent: line.discount_percent,
                tax: line.tax_rate_id.map(|id| {
                    (
                        id,
                        line.tax_name.clone().unwrap_or_default(),
                        line.tax_percent,
                    )
                }),
                amounts: Some((share(line.net), share(line.tax))),
            });
            add_credited(tx, line.id, line.sales_order_line_id, take).await?;
        }
        if drafted.is_empty() {
            continue;
        }
        let document = Document {
            kind: InvoiceKind::CreditNote,
            order: credit.order,
            credits: Some(invoice),
            sales_return: credit.sales_return,
            note: Some(format!(
                "{} (credits invoice {})",
                credit.reason, invoice.number
            )),
        };
        let note = insert_document(tx, scope, document, &drafted).await?;
        super::invoices::announce(tx, EventType::CreditNoteIssued, &note)?;
        notes.push(note);
        if left.values().all(|q| *q <= 0) {
            break;
        }
    }
    Ok(notes)
}

/// Refuses while a draft invoice of the order is open: it bills quantities that a return or a
/// cancellation is about to change (issue or void it first).
///
/// # Errors
/// `CONFLICT` naming the draft.
pub(super) async fn refuse_drafts(tx: &TenantTx, order: &sales_orders::Model) -> DomainResult<()> {
    let draft = tx
        .select::<invoices::Entity>()
        .filter(invoices::Column::SalesOrderId.eq(order.id))
        .filter(invoices::Column::Status.eq(InvoiceStatus::Draft.as_str()))
        .one(tx.conn())
        .await?;
    match draft {
        Some(draft) => Err(DomainError::conflict(
            "salesOrderId",
            format!(
                "draft invoice {} of this order is open; issue or void it first",
                draft.number
            ),
        )),
        None => Ok(()),
    }
}

/// Counts `quantity` as credited on an invoice's line and on the order line it bills.
pub(super) async fn add_credited(
    tx: &TenantTx,
    invoice_line: Uuid,
    order_line: Uuid,
    quantity: i64,
) -> DomainResult<()> {
    use invoice_lines::Column as I;
    use sales_order_lines::Column as L;
    invoice_lines::Entity::update_many()
        .col_expr(I::Credited, Expr::col(I::Credited).add(quantity))
        .filter(I::OrganizationId.eq(tx.org().0))
        .filter(I::Id.eq(invoice_line))
        .exec(tx.conn())
        .await?;
    sales_order_lines::Entity::update_many()
        .col_expr(L::Credited, Expr::col(L::Credited).add(quantity))
        .filter(L::OrganizationId.eq(tx.org().0))
        .filter(L::Id.eq(order_line))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// An invoice line before its amounts are settled.
pub(super) struct DraftLine {
    pub(super) sales_order_line_id: Uuid,
    pub(super) item_id: Uuid,
    pub(super) sku: String,
    pub(super) name: String,
    pub(super) quantity: i64,
    pub(super) unit_price: i64,
    pub(super) discount_percent: i64,
    /// Rate id, name and percent.
    pub(super) tax: Option<(Uuid, String, i64)>,
    /// Net amount and tax when already settled (a credit's share of its invoice line).
    pub(super) amounts: Option<(i64, i64)>,
}

pub(super) async fn draft_lines(
    tx: &TenantTx,
    quantities: &[(sales_order_lines::Model, i64)],
) -> DomainResult<Vec<DraftLine>> {
    let item_ids: Vec<Uuid> = quantities.iter().map(|(l, _)| l.item_id).collect();
    let items: HashMap<Uuid, items::Model> = tx
        .select::<items::Entity>()
        .filter(items::Column::Id.is_in(item_ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|item| (item.id, item))
        .collect();
    let rate_ids: Vec<Uuid> = quantities
        .iter()
        .filter_map(|(l, _)| l.tax_rate_id)
        .collect();
    let rates: HashMap<Uuid, tax_rates::Model> = tx
        .select::<tax_rates::Entity>()
        .filter(tax_rates::Column::Id.is_in(rate_ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|rate| (rate.id, rate))
        .collect();
    quantities
        .iter()
        .map(|(line, quantity)| {
            let item = items
                .get(&line.item_id)
                .ok_or(DomainError::not_found("item"))?;
            Ok(DraftLine {
                sales_order_line_id: line.id,
                item_id: line.item_id,
                sku: item.sku.clone(),
                name: item.name.clone(),
                quantity: *quantity,
                unit_price: line.unit_price,
                discount_percent: line.discount_percent,
                tax: line
                    .tax_rate_id
                    .and_then(|id| rates.get(&id))
                    .map(|rate| (rate.id, rate.name.clone(), rate.percent)),
                amounts: None,
            })
        })
        .collect()
}

/// What kind of document to write, for which order.
pub(super) struct Document<'a> {
    pub(super) kind: InvoiceKind,
    pub(super) order: &'a sales_orders::Model,
    /// A credit note's invoice.
    pub(super) credits: Option<&'a invoices::Model>,
    pub(super) sales_return: Option<Uuid>,
    pub(super) note: Option<String>,
}

/// Inserts an invoice (a draft) or a credit note (issued at once) with its lines and totals.
pub(super) async fn insert_document(
    tx: &TenantTx,
    scope: &TenantScope,
    document: Document<'_>,
    lines: &[DraftLine],
) -> DomainResult<invoices::Model> {
    let Document {
        kind,
        order,
        credits,
        sales_return,
        note,
    } = document;
    let organization = tx.organization().await?;
    let currency = credits.map_or(organization.currency.clone(), |i| i.currency.clone());
    let (sequence_kind, prefix) = match kind {
        InvoiceKind::Invoice => (numbers::INVOICE, &organization.invoice_prefix),
        InvoiceKind::CreditNote => (numbers::CREDIT_NOTE, &organization.credit_note_prefix),
    };
    let sequence = numbers::next(tx, sequence_kind).await?;
    let now = Utc::now().trunc_subsecs(6);
    let id = Uuid::now_v7();
    let mut rows = Vec::with_capacity(lines.len());
    let (mut subtotal, mut tax_total) = (0_i64, 0_i64);
    for (line, line_no) in lines.iter().zip(0_i32..) {
        let rate = line.tax.as_ref().map_or(0, |(_, _, percent)| *percent);
        let (net, line_tax) = match line.amounts {
            Some(amounts) => amounts,
            None => {
                let net = line_net(
                    &currency,
                    line.quantity,
                    line.unit_price,
                    line.discount_percent,
                )
                .ok_or_else(|| {
                    DomainError::bad_input("lines", "a line is worth more than 1000000000000")
                })?;
                (net, tax(&currency, net, rate))
            }
        };
        subtotal = subtotal.saturating_add(net);
        tax_total = tax_total.saturating_add(line_tax);
        rows.push(invoice_lines::ActiveModel {
            organization_id: Set(tx.org().0),
            id: Set(Uuid::now_v7()),
            invoice_id: Set(id),
            line_no: Set(line_no),
            sales_order_line_id: Set(line.sales_order_line_id),
            item_id: Set(line.item_id),
            sku: Set(line.sku.clone()),
            name: Set(line.name.clone()),
            quantity: Set(line.quantity),
            unit_price: Set(line.unit_price),
            discount_percent: Set(line.discount_percent),
            tax_rate_id: Set(line.tax.as_ref().map(|(id, _, _)| *id)),
            tax_name: Set(line.tax.as_ref().map(|(_, name, _)| name.clone())),
            tax_percent: Set(rate),
            net: Set(net),
            tax: Set(line_tax),
            credited: Set(0),
        });
    }
    let issued = kind == InvoiceKind::CreditNote;
    let invoice = invoices::Model {
        organization_id: tx.org().0,
        id,
        kind: kind.as_str().to_owned(),
        sequence,
        number: numbers::format(prefix, sequence),
        sales_order_id: order.id,
        customer_id: order.customer_id,
        credits_invoice_id: credits.map(|i| i.id),
        sales_return_id: sales_return,
        status: if issued {
            InvoiceStatus::Issued
        } else {
            InvoiceStatus::Draft
        }
        .as_str()
        .to_owned(),
        currency,
        subtotal,
        tax_total,
        total: subtotal.saturating_add(tax_total),
        due_date: None,
        note,
        created_by: scope.user.0,
        created_at: now,
        updated_at: now,
        issued_at: issued.then_some(now),
        paid_at: None,
        amount_paid: None,
        voided_at: None,
        sent_at: None,
    };
    let active: invoices::ActiveModel = invoice.clone().into();
    invoices::Entity::insert(active)
        .exec_without_returning(tx.conn())
        .await?;
    invoice_lines::Entity::insert_many(rows)
        .exec_without_returning(tx.conn())
        .await?;
    Ok(invoice)
}

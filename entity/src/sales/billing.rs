//! Writing invoices and credit notes: each line's amounts settled once, in the document's
//! currency, and the totals summed from them; a return's credit note at the prices of the
//! invoice it credits.

use std::collections::HashMap;

use chrono::{SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, QueryFilter, QueryOrder as _};

use super::amounts::{line_net, tax};
use super::{InvoiceKind, InvoiceStatus};
use crate::entities::{invoice_lines, invoices, items, sales_order_lines, sales_orders, tax_rates};
use crate::error::{DomainError, DomainResult};
use crate::numbers;
use crate::scope::{TenantScope, TenantTx};
use crate::webhooks::EventType;

/// Issues a credit note for returned quantities against the order's latest invoice that
/// stands and bills them (the caller holds the order's lock); `None` when no such invoice
/// was issued.
pub(super) async fn credit_returned(
    tx: &mut TenantTx,
    scope: &TenantScope,
    order: &sales_orders::Model,
    returned: &[(Uuid, i64)],
) -> DomainResult<Option<invoices::Model>> {
    let issued = tx
        .select::<invoices::Entity>()
        .filter(invoices::Column::SalesOrderId.eq(order.id))
        .filter(invoices::Column::Kind.eq(InvoiceKind::Invoice.as_str()))
        .filter(
            invoices::Column::Status
                .is_in([InvoiceStatus::Issued.as_str(), InvoiceStatus::Paid.as_str()]),
        )
        .order_by_desc(invoices::Column::Sequence)
        .all(tx.conn())
        .await?;
    if issued.is_empty() {
        return Ok(None);
    }
    let billed = tx
        .select::<invoice_lines::Entity>()
        .filter(invoice_lines::Column::InvoiceId.is_in(issued.iter().map(|i| i.id)))
        .all(tx.conn())
        .await?;
    // The latest invoice billing any of the returned lines.
    let Some(invoice) = issued.iter().find(|invoice| {
        billed.iter().any(|line| {
            line.invoice_id == invoice.id
                && returned
                    .iter()
                    .any(|(id, _)| *id == line.sales_order_line_id)
        })
    }) else {
        return Ok(None);
    };
    let drafted: Vec<DraftLine> = billed
        .iter()
        .filter(|line| line.invoice_id == invoice.id)
        .filter_map(|line| {
            let (_, quantity) = returned
                .iter()
                .find(|(id, _)| *id == line.sales_order_line_id)?;
            Some(DraftLine {
                sales_order_line_id: line.sales_order_line_id,
                item_id: line.item_id,
                sku: line.sku.clone(),
                name: line.name.clone(),
                quantity: std::cmp::min(*quantity, line.quantity),
                unit_price: line.unit_price,
                discount_percent: line.discount_percent,
                tax: line.tax_rate_id.map(|id| {
                    (
                        id,
                        line.tax_name.clone().unwrap_or_default(),
                        line.tax_percent,
                    )
                }),
            })
        })
        .collect();
    let note = Some(format!("Credits invoice {}", invoice.number));
    let credit = insert_document(
        tx,
        scope,
        InvoiceKind::CreditNote,
        order,
        Some(invoice),
        note,
        &drafted,
    )
    .await?;
    super::invoices::announce(tx, EventType::CreditNoteIssued, &credit)?;
    Ok(Some(credit))
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
            })
        })
        .collect()
}

/// Inserts an invoice (a draft) or a credit note (issued at once) with its lines and totals.
pub(super) async fn insert_document(
    tx: &TenantTx,
    scope: &TenantScope,
    kind: InvoiceKind,
    order: &sales_orders::Model,
    credits: Option<&invoices::Model>,
    note: Option<String>,
    lines: &[DraftLine],
) -> DomainResult<invoices::Model> {
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
        let net = line_net(
            &currency,
            line.quantity,
            line.unit_price,
            line.discount_percent,
        )
        .ok_or_else(|| {
            DomainError::bad_input("lines", "a line is worth more than 1000000000000")
        })?;
        let rate = line.tax.as_ref().map_or(0, |(_, _, percent)| *percent);
        let line_tax = tax(&currency, net, rate);
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

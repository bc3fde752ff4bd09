//! What the api and the worker need to print an invoice or credit note: as a PDF to e-mail or
//! download, or as HTML.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryFilter, QueryOrder as _};
use serde::{Deserialize, Serialize};

use super::amounts::{format_amount, format_percent};
use super::{InvoiceKind, InvoiceStatus};
use crate::entities::{invoice_lines, invoices, organizations, partners, sales_orders};
use crate::error::DomainResult;
use crate::scope::{OrgId, TenantTx};
use crate::types::Qty;

/// The outbox payload of [`crate::outbox::Topic::InvoiceSent`].
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceSent {
    pub invoice_id: Uuid,
}

/// An invoice with everything its printed form shows.
pub struct InvoiceSheet {
    pub organization: organizations::Model,
    pub invoice: invoices::Model,
    pub customer: partners::Model,
    pub order: sales_orders::Model,
    /// A credit note's invoice.
    pub credits: Option<invoices::Model>,
    pub lines: Vec<invoice_lines::Model>,
}

/// The sheet of an invoice; `None` when it (or its organization) is gone.
///
/// # Errors
/// On database failure.
pub async fn invoice_sheet(
    db: &DatabaseConnection,
    org: OrgId,
    id: Uuid,
) -> DomainResult<Option<InvoiceSheet>> {
    let tx = TenantTx::begin_for(db, org, None).await?;
    let Some(invoice) = tx
        .select::<invoices::Entity>()
        .filter(invoices::Column::Id.eq(id))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let organization = crate::team::get_organization(&tx).await?;
    let customer = crate::catalogue::get_partner(&tx, invoice.customer_id).await?;
    let order = super::get_order(&tx, invoice.sales_order_id).await?;
    let credits = match invoice.credits_invoice_id {
        Some(credited) => Some(super::get_invoice(&tx, credited).await?),
        None => None,
    };
    let lines = tx
        .select::<invoice_lines::Entity>()
        .filter(invoice_lines::Column::InvoiceId.eq(id))
        .order_by_asc(invoice_lines::Column::LineNo)
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(Some(InvoiceSheet {
        organization,
        invoice,
        customer,
        order,
        credits,
        lines,
    }))
}

impl InvoiceSheet {
    /// Whether this is a credit note.
    pub fn is_credit_note(&self) -> bool {
        self.invoice.kind == InvoiceKind::CreditNote.as_str()
    }

    /// The document to render, amounts formatted in the invoice's currency.
    pub fn document(&self) -> documents::Invoice {
        let invoice = &self.invoice;
        let currency = invoice.currency.as_str();
        let amount = |scaled: i64| format_amount(currency, scaled);
        let mut taxes: Vec<(String, i64)> = Vec::new();
        let mut by_rate: HashMap<String, usize> = HashMap::new();
        let lines = self
            .lines
            .iter()
            .map(|line| {
                let tax_label = line
                    .tax_name
                    .as_ref()
                    .map(|name| format!("{name} {}%", format_percent(line.tax_percent)))
                    .unwrap_or_default();
                if !tax_label.is_empty() {
                    let at = *by_rate.entry(tax_label.clone()).or_insert_with(|| {
                        taxes.push((tax_label.clone(), 0));
                        taxes.len() - 1
                    });
                    if let Some((_, sum)) = taxes.get_mut(at) {
                        *sum = sum.saturating_add(line.tax);
                    }
                }
                documents::InvoiceLine {
                    sku: line.sku.clone(),
                    name: line.name.clone(),
                    quantity: Qty::from_scaled(line.quantity).to_string(),
                    unit_price: amount(line.unit_price),
                    discount: if line.discount_percent == 0 {
                        String::new()
                    } else {
                        format!("{}%", format_percent(line.discount_percent))
                    },
                    tax: tax_label,
                    total: amount(line.net),
                }
            })
            .collect();
        let status = match super::InvoiceStatus::parse(&invoice.status) {
            Some(InvoiceStatus::Paid) => invoice
                .paid_at
                .map(|at| format!("Paid on {}", at.date_naive())),
            Some(InvoiceStatus::Void) => Some("VOID".to_owned()),
            Some(InvoiceStatus::Draft) => Some("DRAFT - not issued".to_owned()),
            Some(InvoiceStatus::Issued) | None => None,
        };
        let reference = match &self.credits {
            Some(credited) => format!(
                "Credits invoice {} (sales order {})",
                credited.number, self.order.number
            ),
            None => format!("Sales order {}", self.order.number),
        };
        documents::Invoice {
            title: if self.is_credit_note() {
                "Credit note"
            } else {
                "Invoice"
            }
            .to_owned(),
            number: invoice.number.clone(),
            organization: self.organization.name.clone(),
            organization_address: self.organization.address.clone(),
            logo_url: self.organization.logo_url.clone(),
            date: invoice
                .issued_at
                .unwrap_or(invoice.created_at)
                .date_naive()
                .to_string(),
            due_date: invoice.due_date.map(|d| d.to_string()),
            reference: Some(reference),
            customer: self.customer.name.clone(),
            customer_email: self.customer.email.clone(),
            customer_address: self.customer.address.clone(),
            currency: currency.to_owned(),
            lines,
            subtotal: amount(invoice.subtotal),
            taxes: taxes
                .into_iter()
                .map(|(label, sum)| (label, amount(sum)))
                .collect(),
            total: format!("{} {currency}", amount(invoice.total)),
            status,
            note: invoice.note.clone(),
        }
    }
}

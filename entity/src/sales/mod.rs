//! Sales: orders from customers, shipped through the ledger, invoiced and paid.
//!
//! An order is made a DRAFT with the organization's next number ([`orders`]), CONFIRMED —
//! which reserves its quantities at its location ([`crate::stock::reserve`]) — shipped in one
//! or more shipments, each a stock-out ledger transaction written in the same database
//! transaction as the order's shipped quantities and released reservation ([`shipping`]),
//! and ends SHIPPED or CANCELLED (what is outstanding is released). Goods come back as
//! returns ([`returns`]). Invoices bill shipments or the whole order; an issued invoice never
//! changes but to be paid or voided, and a return of invoiced goods issues a credit note
//! ([`invoices`]). Every change locks the order's row first, before any stock level or
//! invoice, so shipments, returns and invoicing of one order run one after another and never
//! deadlock with the ledger.

mod amounts;
mod billing;
mod invoices;
mod orders;
mod queries;
mod returns;
mod sheet;
mod shipping;
mod statement;
mod taxes;

use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;

pub use amounts::{
    HUNDRED_PERCENT, currency_code, format_amount, format_percent, line_net, minor_digits,
    net_unit_price, prorate, tax,
};
pub use invoices::{
    NewInvoice, create_invoice, issue_invoice, mark_invoice_paid, send_invoice, void_invoice,
};
pub use orders::{
    NewLine, NewOrder, OrderChanges, cancel_order, confirm_order, create_order, update_order,
};
pub use queries::{
    InvoiceFilter, InvoicePage, OrderFilter, OrderPage, credit_notes_of_invoices,
    credit_notes_of_returns, get_invoice, get_order, has_invoices, invoices_of_orders,
    lines_of_invoices, lines_of_orders, list_invoices, list_orders, returns_of_orders,
    shipments_of_orders,
};
pub use returns::{NewReturn, ReturnLine, Returned, return_order};
pub use sheet::{InvoiceSent, InvoiceSheet, invoice_sheet};
pub use shipping::{Shipment, ShipmentLine, ship};
pub use statement::{Statement, StatementEntry, StatementEntryKind, customer_statement};
pub use taxes::{create_tax_rate, list_tax_rates, update_tax_rate};

use crate::entities::{invoices as invoice_rows, sales_orders};
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|s| s.as_str() == text)
            }
        }
    };
}

text_enum!(
    /// Where a sales order is in its life.
    Status {
        Draft => "draft",
        Confirmed => "confirmed",
        PartiallyShipped => "partially_shipped",
        Shipped => "shipped",
        Cancelled => "cancelled",
    }
);

text_enum!(
    /// Where an invoice or credit note is in its life.
    InvoiceStatus {
        Draft => "draft",
        Issued => "issued",
        Paid => "paid",
        Void => "void",
    }
);

text_enum!(
    /// An invoice bills a customer; a credit note gives back what a return took off one.
    InvoiceKind {
        Invoice => "invoice",
        CreditNote => "credit_note",
    }
);

impl Status {
    /// Confirmed and not yet shipped in full: its outstanding quantities are reserved.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Confirmed | Self::PartiallyShipped)
    }

    /// What an open order's status is once its lines hold these shipped quantities.
    fn from_shipments(lines: &[(i64, i64)]) -> Self {
        if lines.iter().all(|(ordered, shipped)| shipped >= ordered) {
            Self::Shipped
        } else if lines.iter().any(|(_, shipped)| *shipped > 0) {
            Self::PartiallyShipped
        } else {
            Self::Confirmed
        }
    }
}

/// The status stored on an order.
///
/// # Errors
/// `INTERNAL` for a value this version does not know.
pub fn status_of(order: &sales_orders::Model) -> DomainResult<Status> {
    Status::parse(&order.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown order status {}", order.status)))
}

/// The status stored on an invoice.
///
/// # Errors
/// `INTERNAL` for a value this version does not know.
pub fn invoice_status_of(invoice: &invoice_rows::Model) -> DomainResult<InvoiceStatus> {
    InvoiceStatus::parse(&invoice.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown invoice status {}", invoice.status)))
}

/// # Errors
/// `CONFLICT` naming the order's status when it is not one of `allowed`.
fn require_status(
    order: &sales_orders::Model,
    allowed: &[Status],
    refusal: &'static str,
) -> DomainResult<Status> {
    let status = status_of(order)?;
    if allowed.contains(&status) {
        Ok(status)
    } else {
        Err(DomainError::conflict(
            "status",
            format!(
                "{refusal} (this order is {})",
                status.as_str().replace('_', " ")
            ),
        ))
    }
}

/// The order, its row locked until the transaction ends (PostgreSQL; SQLite has one writer).
/// An order at a location hidden from the caller is not found.
///
/// # Errors
/// `NOT_FOUND`; on database failure.
async fn lock_order(tx: &TenantTx, id: Uuid) -> DomainResult<sales_orders::Model> {
    tx.select_for_update::<sales_orders::Entity>()
        .filter(sales_orders::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|order| tx.locations().allows(order.location_id))
        .ok_or(DomainError::not_found("sales order"))
}

/// The webhook event of an order's change.
fn announce(
    tx: &TenantTx,
    event_type: crate::webhooks::EventType,
    order: &sales_orders::Model,
    extra: serde_json::Value,
) -> DomainResult<()> {
    if !tx.may_have_webhooks() {
        return Ok(());
    }
    let mut data = serde_json::json!({
        "id": order.id,
        "number": order.number,
        "status": order.status.to_uppercase(),
        "customerId": order.customer_id,
        "locationId": order.location_id,
        "updatedAt": order.updated_at,
    });
    if let (Some(data), serde_json::Value::Object(extra)) = (data.as_object_mut(), extra) {
        data.extend(extra);
    }
    crate::webhooks::emit(tx, event_type, &data)
}

//! Purchasing: orders to suppliers, received into the ledger.
//!
//! An order is made a DRAFT with the organization's next number ([`orders`]), edited while it
//! is one, submitted (ORDERED), received in one or more receipts — each a stock-in ledger
//! transaction written in the same database transaction as the order's received quantities
//! ([`receiving`]) — and ends RECEIVED, CLOSED (not to be received in full) or CANCELLED.
//! Every change locks the order's row first, before any stock level, so receipts, voids and
//! edits of one order run one after another and never deadlock with the ledger.
//! [`reorder`] says what to order next.

mod orders;
mod queries;
mod receiving;
mod reorder;
mod sheet;

use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;

pub use orders::{
    NewLine, NewOrder, OrderChanges, cancel_order, close_order, create_order, submit_order,
    update_order,
};
pub use queries::{
    OrderFilter, OrderPage, get_order, lines_of_orders, list_orders, on_order, receipts_of_orders,
};
pub(crate) use receiving::unreceive;
pub use receiving::{Receipt, ReceiptLine, receive};
pub use reorder::{Suggestion, SuggestionGroup, create_from_suggestions, suggestions};
pub use sheet::{OrderSent, OrderSheet, order_sheet};

use crate::entities::purchase_orders;
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;

/// Where an order is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    Ordered,
    PartiallyReceived,
    Received,
    Closed,
    Cancelled,
}

impl Status {
    pub const ALL: [Self; 6] = [
        Self::Draft,
        Self::Ordered,
        Self::PartiallyReceived,
        Self::Received,
        Self::Closed,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Ordered => "ordered",
            Self::PartiallyReceived => "partially_received",
            Self::Received => "received",
            Self::Closed => "closed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Submitted and still expecting goods: its outstanding quantities are on order.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Ordered | Self::PartiallyReceived)
    }

    /// What an open order's status is once its lines hold these received quantities.
    fn from_receipts(lines: &[(i64, i64)]) -> Self {
        if lines.iter().all(|(ordered, received)| received >= ordered) {
            Self::Received
        } else if lines.iter().any(|(_, received)| *received > 0) {
            Self::PartiallyReceived
        } else {
            Self::Ordered
        }
    }
}

/// The status stored on an order.
///
/// # Errors
/// `INTERNAL` for a value this version does not know.
pub fn status_of(order: &purchase_orders::Model) -> DomainResult<Status> {
    Status::parse(&order.status)
        .ok_or_else(|| DomainError::Internal(format!("unknown order status {}", order.status)))
}

/// The order, its row locked until the transaction ends (PostgreSQL; SQLite has one writer).
/// An order at a location hidden from the caller is not found.
///
/// # Errors
/// `NOT_FOUND`; on database failure.
pub(crate) async fn lock_order(tx: &TenantTx, id: Uuid) -> DomainResult<purchase_orders::Model> {
    tx.select_for_update::<purchase_orders::Entity>()
        .filter(purchase_orders::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|order| tx.locations().allows(order.location_id))
        .ok_or(DomainError::not_found("purchase order"))
}

/// The webhook event of an order's change.
fn announce(
    tx: &TenantTx,
    event_type: crate::webhooks::EventType,
    order: &purchase_orders::Model,
    extra: serde_json::Value,
) -> DomainResult<()> {
    if !tx.may_have_webhooks() {
        return Ok(());
    }
    let mut data = serde_json::json!({
        "id": order.id,
        "number": order.number,
        "status": order.status.to_uppercase(),
        "supplierId": order.supplier_id,
        "locationId": order.location_id,
        "expectedAt": order.expected_at,
        "updatedAt": order.updated_at,
    });
    if let (Some(data), serde_json::Value::Object(extra)) = (data.as_object_mut(), extra) {
        data.extend(extra);
    }
    crate::webhooks::emit(tx, event_type, &data)
}

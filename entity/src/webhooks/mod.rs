//! Outgoing webhooks. A change writes its events in its own transaction, each numbered per
//! organization in commit order ([`emit`]); the worker delivers them to each endpoint in that
//! order ([`delivery`]), and every attempt is logged. Admins manage endpoints ([`endpoints`]).

pub mod delivery;
mod endpoints;
mod events;

use serde::{Deserialize, Serialize};

pub use endpoints::{
    CreatedEndpoint, DeliveryPage, EndpointChanges, NewEndpoint, create_endpoint, delete_endpoint,
    deliveries, get_endpoint, list_endpoints, redeliver, replay, rotate_secret, set_enabled,
    update_endpoint,
};
pub use events::emit;
pub(crate) use events::{Pending, sequenced};

/// What happened, as endpoints subscribe to it and as the body's `type` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventType {
    /// A stock level changed (one event per level).
    StockChanged,
    /// A ledger transaction was recorded.
    TransactionRecorded,
    /// A ledger transaction was voided (reversed by a new one).
    TransactionVoided,
    ItemCreated,
    ItemUpdated,
    /// An item fell to its threshold, in total or at a location.
    LowStock,
    PurchaseOrderCreated,
    /// A draft was edited, or a voided receipt put quantities back on order.
    PurchaseOrderUpdated,
    PurchaseOrderSubmitted,
    /// Goods were received against the order (one event per receipt).
    PurchaseOrderReceived,
    PurchaseOrderClosed,
    PurchaseOrderCancelled,
    SalesOrderCreated,
    /// A draft was edited.
    SalesOrderUpdated,
    /// Confirmed: its quantities are reserved.
    SalesOrderConfirmed,
    /// Goods were shipped against the order (one event per shipment).
    SalesOrderShipped,
    /// Goods came back against the order (one event per return).
    SalesOrderReturned,
    SalesOrderCancelled,
    InvoiceCreated,
    InvoiceIssued,
    InvoicePaid,
    InvoiceVoided,
    /// A return of invoiced goods credited the customer.
    CreditNoteIssued,
}

impl EventType {
    pub const ALL: [Self; 23] = [
        Self::StockChanged,
        Self::TransactionRecorded,
        Self::TransactionVoided,
        Self::ItemCreated,
        Self::ItemUpdated,
        Self::LowStock,
        Self::PurchaseOrderCreated,
        Self::PurchaseOrderUpdated,
        Self::PurchaseOrderSubmitted,
        Self::PurchaseOrderReceived,
        Self::PurchaseOrderClosed,
        Self::PurchaseOrderCancelled,
        Self::SalesOrderCreated,
        Self::SalesOrderUpdated,
        Self::SalesOrderConfirmed,
        Self::SalesOrderShipped,
        Self::SalesOrderReturned,
        Self::SalesOrderCancelled,
        Self::InvoiceCreated,
        Self::InvoiceIssued,
        Self::InvoicePaid,
        Self::InvoiceVoided,
        Self::CreditNoteIssued,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::StockChanged => "STOCK_CHANGED",
            Self::TransactionRecorded => "TRANSACTION_RECORDED",
            Self::TransactionVoided => "TRANSACTION_VOIDED",
            Self::ItemCreated => "ITEM_CREATED",
            Self::ItemUpdated => "ITEM_UPDATED",
            Self::LowStock => "LOW_STOCK",
            Self::PurchaseOrderCreated => "PURCHASE_ORDER_CREATED",
            Self::PurchaseOrderUpdated => "PURCHASE_ORDER_UPDATED",
            Self::PurchaseOrderSubmitted => "PURCHASE_ORDER_SUBMITTED",
            Self::PurchaseOrderReceived => "PURCHASE_ORDER_RECEIVED",
            Self::PurchaseOrderClosed => "PURCHASE_ORDER_CLOSED",
            Self::PurchaseOrderCancelled => "PURCHASE_ORDER_CANCELLED",
            Self::SalesOrderCreated => "SALES_ORDER_CREATED",
            Self::SalesOrderUpdated => "SALES_ORDER_UPDATED",
            Self::SalesOrderConfirmed => "SALES_ORDER_CONFIRMED",
            Self::SalesOrderShipped => "SALES_ORDER_SHIPPED",
            Self::SalesOrderReturned => "SALES_ORDER_RETURNED",
            Self::SalesOrderCancelled => "SALES_ORDER_CANCELLED",
            Self::InvoiceCreated => "INVOICE_CREATED",
            Self::InvoiceIssued => "INVOICE_ISSUED",
            Self::InvoicePaid => "INVOICE_PAID",
            Self::InvoiceVoided => "INVOICE_VOIDED",
            Self::CreditNoteIssued => "CREDIT_NOTE_ISSUED",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// The event types stored in an endpoint's `events` column.
pub fn subscribed(events: &str) -> Vec<EventType> {
    events.split(',').filter_map(EventType::parse).collect()
}

/// How a delivery ended (or that it waits to be sent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    Pending,
    Succeeded,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Succeeded, Self::Failed]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

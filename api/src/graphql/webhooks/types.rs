use async_graphql::{Enum, ID, InputObject, Object, SimpleObject};
use entity::entities::{webhook_deliveries, webhook_endpoints};
use entity::webhooks;

use crate::graphql::scalars::Timestamp;

/// What an endpoint can be sent.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "webhooks::EventType")]
pub enum WebhookEventType {
    /// A stock level changed: `{itemId, locationId, quantity, transactionId}`, one per level.
    StockChanged,
    /// A ledger transaction was recorded: `{id, kind, locationId, toLocationId, partnerId,
    /// note, occurredAt, source, lines: [{itemId, locationId, quantity, unitCost, unitPrice}]}`.
    TransactionRecorded,
    /// A transaction was voided: the void's transaction, shaped as above, with
    /// `voidsTransactionId`.
    TransactionVoided,
    /// An item was created: the item's fields.
    ItemCreated,
    /// An item was changed, archived or restored: the item's fields.
    ItemUpdated,
    /// An item fell to its threshold: `{itemId, locationId (null for its total), quantity,
    /// threshold}`.
    LowStock,
    /// A purchase order was made: `{id, number, status, supplierId, locationId, expectedAt,
    /// updatedAt, lines: [{itemId, quantity, unitCost}]}`.
    PurchaseOrderCreated,
    /// A draft was edited (with `lines` when they changed), or a voided receipt put
    /// quantities back on order: the order's fields as above.
    PurchaseOrderUpdated,
    /// A draft was submitted to its supplier: the order's fields.
    PurchaseOrderSubmitted,
    /// Goods were received: the order's fields with `transactionId` and `receivedLines:
    /// [{lineId, quantity}]`.
    PurchaseOrderReceived,
    /// An order was closed before it was received in full: the order's fields.
    PurchaseOrderClosed,
    /// An order was cancelled: the order's fields.
    PurchaseOrderCancelled,
    /// A sales order was made: `{id, number, status, customerId, locationId, updatedAt,
    /// lines: [{itemId, quantity, unitPrice, discountPercent, taxRateId}]}`.
    SalesOrderCreated,
    /// A draft sales order was edited: the order's fields, with `lines` when they changed.
    SalesOrderUpdated,
    /// A sales order was confirmed and its quantities reserved: the order's fields.
    SalesOrderConfirmed,
    /// Goods were shipped: the order's fields with `transactionId` and `shippedLines:
    /// [{lineId, quantity}]`.
    SalesOrderShipped,
    /// Goods came back: the order's fields with `returnId`, `transactionId` (when
    /// restocked), `creditNoteIds` and `returnedLines: [{lineId, quantity, restock}]`.
    SalesOrderReturned,
    /// A sales order was cancelled and what was outstanding released: the order's fields.
    SalesOrderCancelled,
    /// An invoice was made (a draft): `{id, number, kind, status, salesOrderId, customerId,
    /// currency, subtotal, taxTotal, total, dueDate}`.
    InvoiceCreated,
    /// An invoice was issued: its fields as above.
    InvoiceIssued,
    /// An invoice was paid: its fields with `paidAt`.
    InvoicePaid,
    /// An invoice was voided: its fields.
    InvoiceVoided,
    /// A return of invoiced goods issued a credit note: its fields with `creditsInvoiceId`.
    CreditNoteIssued,
}

pub fn domain_events(events: &[WebhookEventType]) -> Vec<webhooks::EventType> {
    events.iter().copied().map(Into::into).collect()
}

/// Where the organization's events are sent.
pub struct WebhookEndpoint(pub webhook_endpoints::Model);

#[Object]
impl WebhookEndpoint {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn url(&self) -> &str {
        &self.0.url
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn events(&self) -> Vec<WebhookEventType> {
        webhooks::subscribed(&self.0.events)
            .into_iter()
            .map(Into::into)
            .collect()
    }
    /// Whether events are sent. An endpoint that failed for too long is disabled, and its
    /// admins are e-mailed; events are still recorded meanwhile.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }
    async fn disabled_reason(&self) -> Option<&str> {
        self.0.disabled_reason.as_deref()
    }
    /// Every event up to this sequence number has been delivered (or was not for this
    /// endpoint).
    async fn delivered_through_sequence(&self) -> i64 {
        self.0.delivered_through
    }
    /// Failed attempts in a row at the event the endpoint is held at.
    async fn consecutive_failures(&self) -> i32 {
        self.0.failures
    }
    async fn failing_since(&self) -> Option<Timestamp> {
        self.0.failing_since.map(Timestamp)
    }
    /// When the next attempt is due, while the endpoint is failing.
    async fn next_attempt_at(&self) -> Option<Timestamp> {
        (self.0.failures > 0).then_some(Timestamp(self.0.next_attempt_at))
    }
    /// Until when the secret before the last rotation still signs requests.
    async fn previous_secret_expires_at(&self) -> Option<Timestamp> {
        self.0.previous_secret_until.map(Timestamp)
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
    async fn updated_at(&self) -> Timestamp {
        self.0.updated_at.into()
    }
}

/// An endpoint and its signing secret (`whsec_…`, Standard Webhooks), shown this once.
#[derive(SimpleObject)]
pub struct WebhookEndpointWithSecret {
    pub endpoint: WebhookEndpoint,
    pub secret: String,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookDeliveryStatus {
    /// A redelivery waiting to be sent.
    Pending,
    Succeeded,
    Failed,
}

impl From<WebhookDeliveryStatus> for webhooks::DeliveryStatus {
    fn from(value: WebhookDeliveryStatus) -> Self {
        match value {
            WebhookDeliveryStatus::Pending => Self::Pending,
            WebhookDeliveryStatus::Succeeded => Self::Succeeded,
            WebhookDeliveryStatus::Failed => Self::Failed,
        }
    }
}

/// One attempt to send an event to an endpoint.
pub struct WebhookDelivery(pub webhook_deliveries::Model);

#[Object]
impl WebhookDelivery {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn endpoint_id(&self) -> ID {
        ID(self.0.endpoint_id.to_string())
    }
    /// The event's id: the `webhook-id` header and the body's `id`, the same on every attempt.
    async fn event_id(&self) -> ID {
        ID(self.0.event_id.to_string())
    }
    async fn event_type(&self) -> Option<WebhookEventType> {
        webhooks::EventType::parse(&self.0.event_type).map(Into::into)
    }
    /// The event's number in the organization's sequence.
    async fn sequence(&self) -> i64 {
        self.0.sequence
    }
    /// 1 for the first attempt at this event, counting on through retries.
    async fn attempt(&self) -> i32 {
        self.0.attempt
    }
    /// Asked for with `redeliverWebhookEvent`, outside the endpoint's order.
    async fn redelivery(&self) -> bool {
        self.0.redelivery
    }
    async fn status(&self) -> WebhookDeliveryStatus {
        match webhooks::DeliveryStatus::parse(&self.0.status) {
            Some(webhooks::DeliveryStatus::Pending) => WebhookDeliveryStatus::Pending,
            Some(webhooks::DeliveryStatus::Succeeded) => WebhookDeliveryStatus::Succeeded,
            _ => WebhookDeliveryStatus::Failed,
        }
    }
    /// The HTTP status the endpoint answered with (null when it did not answer).
    async fn status_code(&self) -> Option<i32> {
        self.0.status_code
    }
    async fn latency_ms(&self) -> Option<i32> {
        self.0.latency_ms
    }
    /// Why the attempt failed.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// The start of the answer's body (at most 2000 bytes).
    async fn response_body(&self) -> Option<&str> {
        self.0.response_body.as_deref()
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
    async fn attempted_at(&self) -> Option<Timestamp> {
        self.0.attempted_at.map(Timestamp)
    }
}

#[derive(InputObject)]
pub struct CreateWebhookEndpointInput {
    /// `https://…` on a public address.
    pub url: String,
    pub events: Vec<WebhookEventType>,
    pub description: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateWebhookEndpointInput {
    pub id: ID,
    pub url: Option<String>,
    pub events: Option<Vec<WebhookEventType>>,
    /// An empty text removes it.
    pub description: Option<String>,
}

#[derive(InputObject, Default)]
pub struct WebhookDeliveryFilterInput {
    pub status: Option<WebhookDeliveryStatus>,
}

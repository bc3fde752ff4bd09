use sea_orm::entity::prelude::*;

/// A tenant: a company using Stockroom. Its own row is global; every row it owns carries its id.
/// Deserializes from the row as JSON (`to_jsonb`), as [`crate::scope::TenantTx::enter`] reads it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// Whether stock may go below zero (otherwise a short stock-out is refused).
    pub allow_negative_stock: bool,
    /// Local time (`HH:MM`) of the daily low-stock digest.
    pub digest_time: String,
    /// IANA time zone of `digest_time`, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// The local day the digest last went out.
    pub digest_sent_on: Option<chrono::NaiveDate>,
    /// The plan's id in the billing configuration (`free` until a subscription says more).
    pub plan: String,
    pub stripe_customer_id: Option<String>,
    pub stripe_subscription_id: Option<String>,
    /// Stripe's status: `active`, `trialing`, `past_due`, `unpaid`, `canceled`, …
    pub subscription_status: Option<String>,
    pub current_period_end: Option<DateTimeUtc>,
    /// Stripe's time of the state applied last; older events never overwrite it.
    pub billing_updated_at: Option<DateTimeUtc>,
    /// Since when the subscription is unpaid.
    pub unpaid_since: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Whether the organization has a webhook endpoint: its changes then write webhook events.
    #[serde(default)]
    pub webhook_events: bool,
    /// What purchase order numbers start with (`PO-`).
    #[serde(default = "default_purchase_order_prefix")]
    pub purchase_order_prefix: String,
    /// Whether an order line may be received beyond its ordered quantity.
    #[serde(default)]
    pub allow_over_receipt: bool,
    /// Days of sales a reorder suggestion covers beyond the lead time.
    #[serde(default = "default_reorder_cover_days")]
    pub reorder_cover_days: i32,
    /// What sales order numbers start with (`SO-`).
    #[serde(default = "default_sales_order_prefix")]
    pub sales_order_prefix: String,
    /// What invoice numbers start with (`INV-`).
    #[serde(default = "default_invoice_prefix")]
    pub invoice_prefix: String,
    /// What credit note numbers start with (`CN-`).
    #[serde(default = "default_credit_note_prefix")]
    pub credit_note_prefix: String,
    /// ISO 4217 code of the currency its prices and invoices are in.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Days from an invoice's issue to its due date.
    #[serde(default = "default_payment_terms_days")]
    pub payment_terms_days: i32,
    /// Printed on invoices.
    #[serde(default)]
    pub address: Option<String>,
    /// Shown on invoices (HTML).
    #[serde(default)]
    pub logo_url: Option<String>,
    /// The closed period ends before this date: nothing is recorded before it.
    #[serde(default)]
    pub closed_before: Option<chrono::NaiveDate>,
    /// The instant the closed period ends: `closed_before`'s midnight in the time zone the
    /// organization had when it was closed. The ledger refuses movements before it.
    #[serde(default)]
    pub closed_before_at: Option<DateTimeUtc>,
}

fn default_purchase_order_prefix() -> String {
    "PO-".to_owned()
}

fn default_reorder_cover_days() -> i32 {
    14
}

fn default_sales_order_prefix() -> String {
    "SO-".to_owned()
}

fn default_invoice_prefix() -> String {
    "INV-".to_owned()
}

fn default_credit_note_prefix() -> String {
    "CN-".to_owned()
}

fn default_currency() -> String {
    "USD".to_owned()
}

fn default_payment_terms_days() -> i32 {
    30
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::memberships::Entity")]
    Memberships,
}

impl Related<super::memberships::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Memberships.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

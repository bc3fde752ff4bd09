use async_graphql::{Context, InputObject, Object, Result};
use entity::team;

use crate::graphql::account::types::{Role, User};
use crate::graphql::catalogue::types::Location;
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::Timestamp;

/// A member of the current organization.
pub struct Member(pub team::Member);

#[Object]
impl Member {
    async fn user(&self) -> User {
        User(self.0.user.clone())
    }

    async fn role(&self) -> Role {
        self.0.role.into()
    }

    async fn joined_at(&self) -> Timestamp {
        self.0.joined_at.into()
    }

    /// The only locations this member may see and move stock at; empty: every location.
    async fn locations(&self, ctx: &Context<'_>) -> Result<Vec<Location>> {
        let ids = self.0.locations.iter().copied();
        let loaded = ctx.loaders()?.locations.load_many(ids).await?;
        let mut locations: Vec<Location> = loaded.into_values().map(Location).collect();
        locations.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        Ok(locations)
    }
}

#[derive(InputObject)]
pub struct UpdateOrganizationInput {
    pub name: Option<String>,
    /// Allow stock to go below zero instead of refusing short stock-outs.
    pub allow_negative_stock: Option<bool>,
    /// Local time of the daily low-stock digest, `HH:MM`.
    pub digest_time: Option<String>,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: Option<String>,
    /// What new purchase order numbers start with (up to 10 letters, digits, `-`, `_`, `/`).
    pub purchase_order_prefix: Option<String>,
    /// Allow receiving more than a purchase order line ordered.
    pub allow_over_receipt: Option<bool>,
    /// Days of sales a reorder suggestion covers beyond the lead time (0 to 365).
    pub reorder_cover_days: Option<i32>,
    /// What new sales order numbers start with (as `purchaseOrderPrefix`).
    pub sales_order_prefix: Option<String>,
    /// What new invoice numbers start with (as `purchaseOrderPrefix`).
    pub invoice_prefix: Option<String>,
    /// What new credit note numbers start with (as `purchaseOrderPrefix`).
    pub credit_note_prefix: Option<String>,
    /// ISO 4217 code, e.g. `EUR`: the currency of new invoices.
    pub currency: Option<String>,
    /// Days from an invoice's issue to its due date (0 to 365).
    pub payment_terms_days: Option<i32>,
    /// Printed on invoices; `null` clears it.
    pub address: async_graphql::MaybeUndefined<String>,
    /// An https address of the logo shown on invoices; `null` clears it.
    pub logo_url: async_graphql::MaybeUndefined<String>,
}

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use entity::entities::{purchase_order_lines, purchase_orders};
use entity::purchasing::{self, Suggestion, SuggestionGroup};
use entity::types::{Money, Qty, line_value};

use crate::graphql::catalogue::types::{Item, Location, Partner};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{MoneyAmount, Quantity, Timestamp};
use crate::graphql::stock::StockTransaction;

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// Where a purchase order is in its life.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::purchasing::Status")]
pub enum PurchaseOrderStatus {
    /// Being prepared; can be edited.
    Draft,
    /// Submitted to the supplier; its quantities are on order.
    Ordered,
    /// Some was received, some is still on order.
    PartiallyReceived,
    /// Everything ordered was received.
    Received,
    /// Ended before everything was received; the rest is no longer on order.
    Closed,
    /// Called off before anything was received.
    Cancelled,
}

/// An order to a supplier, received into the ledger.
pub struct PurchaseOrder(pub purchase_orders::Model);

#[Object]
impl PurchaseOrder {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The organization's number for it, e.g. `PO-00001` (gapless per organization).
    async fn number(&self) -> &str {
        &self.0.number
    }
    async fn status(&self) -> Result<PurchaseOrderStatus> {
        Ok(purchasing::status_of(&self.0)?.into())
    }
    async fn supplier(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        let loaders = ctx.loaders()?;
        Ok(loaders
            .partners
            .load_one(self.0.supplier_id)
            .await?
            .map(Partner))
    }
    /// Where the goods are to arrive (null when hidden from the caller).
    async fn location(&self, ctx: &Context<'_>) -> Result<Option<Location>> {
        let loaders = ctx.loaders()?;
        Ok(loaders
            .locations
            .load_one(self.0.location_id)
            .await?
            .map(Location))
    }
    async fn expected_at(&self) -> Option<Timestamp> {
        self.0.expected_at.map(Into::into)
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The order's lines, in the order they were added.
    async fn lines(&self, ctx: &Context<'_>) -> Result<Vec<PurchaseOrderLine>> {
        Ok(self
            .lines_of(ctx)
            .await?
            .into_iter()
            .map(PurchaseOrderLine)
            .collect())
    }
    /// The stock-in transactions that received it, oldest first (voided ones included; their
    /// voids are not).
    async fn receipts(&self, ctx: &Context<'_>) -> Result<Vec<StockTransaction>> {
        let receipts = ctx
            .loaders()?
            .purchasing
            .receipts
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(receipts.into_iter().map(StockTransaction).collect())
    }
    /// Σ ordered × unit cost.
    async fn total_cost(&self, ctx: &Context<'_>) -> Result<MoneyAmount> {
        let total = self.lines_of(ctx).await?.iter().fold(0_i64, |sum, line| {
            let value = line_value(
                Qty::from_scaled(line.quantity),
                Money::from_scaled(line.unit_cost),
            )
            .map_or(i64::MAX, Money::scaled);
            sum.saturating_add(value)
        });
        Ok(MoneyAmount(Money::from_scaled(total)))
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
    async fn updated_at(&self) -> Timestamp {
        self.0.updated_at.into()
    }
    async fn submitted_at(&self) -> Option<Timestamp> {
        self.0.submitted_at.map(Into::into)
    }
    async fn closed_at(&self) -> Option<Timestamp> {
        self.0.closed_at.map(Into::into)
    }
    async fn cancelled_at(&self) -> Option<Timestamp> {
        self.0.cancelled_at.map(Into::into)
    }
}

impl PurchaseOrder {
    async fn lines_of(&self, ctx: &Context<'_>) -> Result<Vec<purchase_order_lines::Model>> {
        Ok(ctx
            .loaders()?
            .purchasing
            .lines
            .load_one(self.0.id)
            .await?
            .unwrap_or_default())
    }
}

/// One item of a purchase order.
pub struct PurchaseOrderLine(pub purchase_order_lines::Model);

#[Object]
impl PurchaseOrderLine {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn item(&self, ctx: &Context<'_>) -> Result<Option<Item>> {
        Ok(ctx
            .loaders()?
            .items
            .load_one(self.0.item_id)
            .await?
            .map(Item))
    }
    async fn ordered(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.quantity))
    }
    async fn received(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.received))
    }
    /// Ordered less received (never below zero).
    async fn outstanding(&self) -> Quantity {
        Quantity(Qty::from_scaled((self.0.quantity - self.0.received).max(0)))
    }
    async fn unit_cost(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.unit_cost))
    }
}

/// A receipt: the order as it now stands and the stock-in transaction recorded.
#[derive(SimpleObject)]
pub struct ReceivePurchaseOrderPayload {
    pub purchase_order: PurchaseOrder,
    pub transaction: StockTransaction,
}

#[derive(InputObject)]
pub struct PurchaseOrderLineInput {
    pub item_id: ID,
    pub quantity: Quantity,
    /// Defaults to the item's cost.
    pub unit_cost: Option<MoneyAmount>,
}

#[derive(InputObject)]
pub struct CreatePurchaseOrderInput {
    /// A partner of kind SUPPLIER (or BOTH).
    pub supplier_id: ID,
    /// Where the goods are to arrive.
    pub location_id: ID,
    pub expected_at: Option<Timestamp>,
    pub note: Option<String>,
    pub lines: Vec<PurchaseOrderLineInput>,
}

/// Fields left out stay as they are; `null` clears `expectedAt` or `note`.
#[derive(InputObject)]
pub struct UpdatePurchaseOrderInput {
    pub id: ID,
    pub supplier_id: Option<ID>,
    pub location_id: Option<ID>,
    pub expected_at: async_graphql::MaybeUndefined<Timestamp>,
    pub note: async_graphql::MaybeUndefined<String>,
    /// When given, the order's lines from now on: an item already on the order keeps its
    /// line (and id), new items get new lines, items left out are removed.
    pub lines: Option<Vec<PurchaseOrderLineInput>>,
}

#[derive(InputObject)]
pub struct ReceiptLineInput {
    pub line_id: ID,
    pub quantity: Quantity,
}

#[derive(InputObject)]
pub struct ReceivePurchaseOrderInput {
    pub purchase_order_id: ID,
    /// Where the goods arrived; defaults to the order's location.
    pub location_id: Option<ID>,
    /// A retry with the same key returns the first receipt instead of receiving twice.
    pub idempotency_key: Option<String>,
    pub note: Option<String>,
    /// When the goods arrived; defaults to now.
    pub occurred_at: Option<Timestamp>,
    pub lines: Vec<ReceiptLineInput>,
}

#[derive(InputObject, Default)]
pub struct PurchaseOrderFilterInput {
    pub status: Option<PurchaseOrderStatus>,
    pub supplier_id: Option<ID>,
    /// Orders with a line of this item.
    pub item_id: Option<ID>,
    /// Created at or after.
    pub from: Option<Timestamp>,
    /// Created before.
    pub to: Option<Timestamp>,
}

#[derive(InputObject)]
pub struct CreatePurchaseOrdersFromSuggestionsInput {
    pub location_id: ID,
    /// The items to order; every suggested item with a preferred supplier when left out.
    pub item_ids: Option<Vec<ID>>,
}

/// Suggestions of one preferred supplier.
pub struct ReorderSuggestionGroup(pub SuggestionGroup);

#[Object]
impl ReorderSuggestionGroup {
    /// Null for the items without a preferred supplier.
    async fn supplier(&self) -> Option<Partner> {
        self.0.supplier.clone().map(Partner)
    }
    async fn suggestions(&self) -> Vec<ReorderSuggestion> {
        self.0
            .suggestions
            .iter()
            .cloned()
            .map(ReorderSuggestion)
            .collect()
    }
}

/// An item to reorder at a location, and how much.
pub struct ReorderSuggestion(pub Suggestion);

#[Object]
impl ReorderSuggestion {
    async fn item(&self) -> Item {
        Item(self.0.item.clone())
    }
    /// On hand at the location less what is reserved for confirmed sales orders.
    async fn available(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.available))
    }
    /// Outstanding on submitted orders for the location.
    async fn on_order(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.on_order))
    }
    /// On draft orders for the location: not on order yet, so not counted above; such items
    /// are left out of `createPurchaseOrdersFromSuggestions`.
    async fn in_drafts(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.in_drafts))
    }
    /// The item's reorder point (which includes its lead time's sales), else the location's
    /// threshold or the safety stock (to which the lead time's sales are added).
    async fn reorder_point(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.reorder_point))
    }
    /// Units sold per day over the last 30 days, organization-wide.
    async fn sales_per_day(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.sales_per_day))
    }
    async fn lead_time_days(&self) -> i32 {
        self.0.lead_time_days
    }
    /// Enough to cover the lead time and the organization's cover days, in whole units.
    async fn suggested_quantity(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.quantity))
    }
    /// The item's cost, which a draft made from this suggestion uses.
    async fn unit_cost(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.item.cost))
    }
}

/// What a stock transaction belongs to beyond the ledger.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::stock::SourceKind")]
pub enum StockTransactionSourceKind {
    /// A receipt of a purchase order.
    PurchaseOrder,
    /// A shipment or a restocked return of a sales order.
    SalesOrder,
}

pub struct StockTransactionSource(pub entity::stock::Source);

#[Object]
impl StockTransactionSource {
    async fn kind(&self) -> StockTransactionSourceKind {
        self.0.kind.into()
    }
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The source's number (`PO-00001`, `SO-00001`); null when hidden from the caller.
    async fn reference(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let loaders = ctx.loaders()?;
        Ok(match self.0.kind {
            entity::stock::SourceKind::PurchaseOrder => loaders
                .purchasing
                .orders
                .load_one(self.0.id)
                .await?
                .map(|order| order.number),
            entity::stock::SourceKind::SalesOrder => loaders
                .sales
                .orders
                .load_one(self.0.id)
                .await?
                .map(|order| order.number),
        })
    }
}

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use entity::entities::{stock_movements, stock_transactions};
use entity::stock::Kind;
use entity::types::{Money, Qty};

use crate::graphql::catalogue::types::{Item, Location, Partner};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{MoneyAmount, Quantity, Timestamp};

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StockTransactionKind {
    In,
    Out,
    Adjust,
    Move,
    Void,
}

impl From<StockTransactionKind> for Kind {
    fn from(kind: StockTransactionKind) -> Self {
        match kind {
            StockTransactionKind::In => Self::In,
            StockTransactionKind::Out => Self::Out,
            StockTransactionKind::Adjust => Self::Adjust,
            StockTransactionKind::Move => Self::Move,
            StockTransactionKind::Void => Self::Void,
        }
    }
}

impl From<Kind> for StockTransactionKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::In => Self::In,
            Kind::Out => Self::Out,
            Kind::Adjust => Self::Adjust,
            Kind::Move => Self::Move,
            Kind::Void => Self::Void,
        }
    }
}

/// One recorded stock event. Append-only: corrected by voiding, never edited.
pub struct StockTransaction(pub stock_transactions::Model);

#[Object]
impl StockTransaction {
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn kind(&self) -> StockTransactionKind {
        self.0.kind.into()
    }
    /// Where it happened (for a move: where stock left).
    async fn location(&self, ctx: &Context<'_>) -> Result<Option<Location>> {
        Ok(ctx
            .loaders()?
            .locations
            .load_one(self.0.location_id)
            .await?
            .map(Location))
    }
    /// For a move: where stock arrived.
    async fn to_location(&self, ctx: &Context<'_>) -> Result<Option<Location>> {
        let Some(to) = self.0.to_location_id else {
            return Ok(None);
        };
        Ok(ctx.loaders()?.locations.load_one(to).await?.map(Location))
    }
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        let Some(partner) = self.0.partner_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()?
            .partners
            .load_one(partner)
            .await?
            .map(Partner))
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn occurred_at(&self) -> Timestamp {
        self.0.occurred_at.into()
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
    async fn author_id(&self) -> ID {
        ID(self.0.author_user_id.to_string())
    }
    /// The transaction this one reverses (for a void).
    async fn voids_transaction_id(&self) -> Option<ID> {
        self.0.voids_transaction_id.map(|id| ID(id.to_string()))
    }
    async fn idempotency_key(&self) -> Option<&str> {
        self.0.idempotency_key.as_deref()
    }
    /// What the transaction belongs to (a purchase order it received, a sales order it
    /// shipped or took back); null for movements recorded directly.
    async fn source(&self) -> Option<crate::graphql::purchasing::StockTransactionSource> {
        entity::stock::Source::of(&self.0).map(crate::graphql::purchasing::StockTransactionSource)
    }
    /// The purchase order this transaction received (or voided a receipt of).
    async fn purchase_order(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<crate::graphql::purchasing::PurchaseOrder>> {
        let Some(entity::stock::Source {
            kind: entity::stock::SourceKind::PurchaseOrder,
            id,
        }) = entity::stock::Source::of(&self.0)
        else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()?
            .purchasing
            .orders
            .load_one(id)
            .await?
            .map(crate::graphql::purchasing::PurchaseOrder))
    }
    /// The sales order this transaction shipped (or restocked a return of).
    async fn sales_order(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<crate::graphql::sales::SalesOrder>> {
        let Some(entity::stock::Source {
            kind: entity::stock::SourceKind::SalesOrder,
            id,
        }) = entity::stock::Source::of(&self.0)
        else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()?
            .sales
            .orders
            .load_one(id)
            .await?
            .map(crate::graphql::sales::SalesOrder))
    }
    /// What changed: one line per item and location, `quantity` signed (a move has two).
    async fn lines(&self, ctx: &Context<'_>) -> Result<Vec<StockMovement>> {
        let lines = ctx
            .loaders()?
            .movements
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(lines.into_iter().map(StockMovement).collect())
    }
}

/// One change of one item's quantity at one location.
pub struct StockMovement(pub stock_movements::Model);

#[Object]
impl StockMovement {
    async fn item(&self, ctx: &Context<'_>) -> Result<Option<Item>> {
        Ok(ctx
            .loaders()?
            .items
            .load_one(self.0.item_id)
            .await?
            .map(Item))
    }
    async fn location(&self, ctx: &Context<'_>) -> Result<Option<Location>> {
        Ok(ctx
            .loaders()?
            .locations
            .load_one(self.0.location_id)
            .await?
            .map(Location))
    }
    /// Positive when stock arrived, negative when it left.
    async fn quantity(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.quantity))
    }
    async fn unit_cost(&self) -> Option<MoneyAmount> {
        self.0.unit_cost.map(|m| MoneyAmount(Money::from_scaled(m)))
    }
    async fn unit_price(&self) -> Option<MoneyAmount> {
        self.0
            .unit_price
            .map(|m| MoneyAmount(Money::from_scaled(m)))
    }
}

#[derive(SimpleObject)]
pub struct InventorySummary {
    /// Active items.
    pub item_count: u64,
    pub total_quantity: Quantity,
    /// Quantity × cost.
    pub total_value: MoneyAmount,
    pub low_stock_count: u64,
}

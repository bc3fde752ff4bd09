use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use entity::entities::{sales_order_lines, sales_orders, sales_returns, tax_rates};
use entity::sales;
use entity::types::{Money, Qty};

use super::invoice_types::Invoice;
use crate::graphql::catalogue::types::{Item, Location, Partner};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{MoneyAmount, Percent, Quantity, Timestamp};
use crate::graphql::stock::StockTransaction;

pub(super) fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// Where a sales order is in its life.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::sales::Status")]
pub enum SalesOrderStatus {
    /// Being prepared; can be edited; reserves nothing.
    Draft,
    /// Its quantities are reserved at its location, to be shipped.
    Confirmed,
    /// Some was shipped, the rest is still reserved.
    PartiallyShipped,
    /// Everything ordered was shipped.
    Shipped,
    /// Called off: what was not shipped is no longer reserved.
    Cancelled,
}

/// An order from a customer, shipped through the ledger and invoiced.
pub struct SalesOrder(pub sales_orders::Model);

#[Object]
impl SalesOrder {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The organization's number for it, e.g. `SO-00001` (gapless per organization).
    async fn number(&self) -> &str {
        &self.0.number
    }
    async fn status(&self) -> Result<SalesOrderStatus> {
        Ok(sales::status_of(&self.0)?.into())
    }
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        Ok(ctx
            .loaders()?
            .partners
            .load_one(self.0.customer_id)
            .await?
            .map(Partner))
    }
    /// Where the goods are reserved and shipped from.
    async fn location(&self, ctx: &Context<'_>) -> Result<Option<Location>> {
        Ok(ctx
            .loaders()?
            .locations
            .load_one(self.0.location_id)
            .await?
            .map(Location))
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The order's lines, in the order they were added.
    async fn lines(&self, ctx: &Context<'_>) -> Result<Vec<SalesOrderLine>> {
        let cancelled = sales::status_of(&self.0)? == sales::Status::Cancelled;
        Ok(self
            .lines_of(ctx)
            .await?
            .into_iter()
            .map(|line| SalesOrderLine { line, cancelled })
            .collect())
    }
    /// The stock-out transactions that shipped it, oldest first.
    async fn shipments(&self, ctx: &Context<'_>) -> Result<Vec<StockTransaction>> {
        let shipments = ctx
            .loaders()?
            .sales
            .shipments
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(shipments.into_iter().map(StockTransaction).collect())
    }
    /// Goods the customer sent back, oldest first.
    async fn returns(&self, ctx: &Context<'_>) -> Result<Vec<SalesReturn>> {
        let returns = ctx
            .loaders()?
            .sales
            .returns
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(returns.into_iter().map(SalesReturn).collect())
    }
    /// Its invoices and credit notes, invoices first, each in number order.
    async fn invoices(&self, ctx: &Context<'_>) -> Result<Vec<Invoice>> {
        let invoices = ctx
            .loaders()?
            .sales
            .invoices_of_order
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(invoices.into_iter().map(Invoice).collect())
    }
    /// Σ the lines' net amounts (before tax), in the organization's currency.
    async fn subtotal(&self, ctx: &Context<'_>) -> Result<MoneyAmount> {
        let currency = currency(ctx).await?;
        let total = self.lines_of(ctx).await?.iter().fold(0_i64, |sum, line| {
            sum.saturating_add(net_amount(&currency, line))
        });
        Ok(MoneyAmount(Money::from_scaled(total)))
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
    async fn updated_at(&self) -> Timestamp {
        self.0.updated_at.into()
    }
    async fn confirmed_at(&self) -> Option<Timestamp> {
        self.0.confirmed_at.map(Into::into)
    }
    async fn cancelled_at(&self) -> Option<Timestamp> {
        self.0.cancelled_at.map(Into::into)
    }
}

impl SalesOrder {
    async fn lines_of(&self, ctx: &Context<'_>) -> Result<Vec<sales_order_lines::Model>> {
        Ok(ctx
            .loaders()?
            .sales
            .lines
            .load_one(self.0.id)
            .await?
            .unwrap_or_default())
    }
}

/// The organization's currency (read with the membership check, so no extra round trip).
pub(super) async fn currency(ctx: &Context<'_>) -> Result<String> {
    let tx = ctx.reader(entity::scope::Role::Viewer).await?;
    let currency = tx.organization().await?.currency;
    drop(tx);
    Ok(currency)
}

fn net_amount(currency: &str, line: &sales_order_lines::Model) -> i64 {
    sales::line_net(
        currency,
        line.quantity,
        line.unit_price,
        line.discount_percent,
    )
    .unwrap_or(i64::MAX)
}

/// One item of a sales order.
pub struct SalesOrderLine {
    pub line: sales_order_lines::Model,
    /// A cancelled order's lines have nothing outstanding.
    pub cancelled: bool,
}

#[Object]
impl SalesOrderLine {
    async fn id(&self) -> ID {
        id(self.line.id)
    }
    async fn item(&self, ctx: &Context<'_>) -> Result<Option<Item>> {
        Ok(ctx
            .loaders()?
            .items
            .load_one(self.line.item_id)
            .await?
            .map(Item))
    }
    async fn ordered(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.line.quantity))
    }
    async fn shipped(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.line.shipped))
    }
    /// Ordered less shipped (none once the order is cancelled).
    async fn outstanding(&self) -> Quantity {
        let outstanding = if self.cancelled {
            0
        } else {
            (self.line.quantity - self.line.shipped).max(0)
        };
        Quantity(Qty::from_scaled(outstanding))
    }
    /// Sent back by the customer.
    async fn returned(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.line.returned))
    }
    /// On invoices that stand (not void).
    async fn invoiced(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.line.invoiced))
    }
    async fn unit_price(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.line.unit_price))
    }
    async fn discount_percent(&self) -> Percent {
        Percent(Qty::from_scaled(self.line.discount_percent))
    }
    async fn tax_rate(&self, ctx: &Context<'_>) -> Result<Option<TaxRate>> {
        let Some(rate) = self.line.tax_rate_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()?
            .sales
            .tax_rates
            .load_one(rate)
            .await?
            .map(TaxRate))
    }
    /// Ordered × unit price less the discount, to the currency's minor unit (before tax).
    async fn net_amount(&self, ctx: &Context<'_>) -> Result<MoneyAmount> {
        let currency = currency(ctx).await?;
        Ok(MoneyAmount(Money::from_scaled(net_amount(
            &currency, &self.line,
        ))))
    }
}

/// Goods a customer sent back against an order.
pub struct SalesReturn(pub sales_returns::Model);

#[Object]
impl SalesReturn {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The stock-in of what went back into stock; null when nothing did.
    async fn transaction(&self, ctx: &Context<'_>) -> Result<Option<StockTransaction>> {
        let Some(id) = self.0.transaction_id else {
            return Ok(None);
        };
        let tx = ctx.reader(entity::scope::Role::Viewer).await?;
        let transaction = entity::stock::transaction(&tx, id).await?;
        drop(tx);
        Ok(Some(StockTransaction(transaction)))
    }
    /// The credit notes it issued against the order's issued invoices that billed the goods
    /// (one per invoice credited; none when nothing returned was invoiced).
    async fn credit_notes(&self, ctx: &Context<'_>) -> Result<Vec<Invoice>> {
        let notes = ctx
            .loaders()?
            .sales
            .credit_notes_of_return
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(notes.into_iter().map(Invoice).collect())
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
}

/// A tax the organization charges on sales lines.
pub struct TaxRate(pub tax_rates::Model);

#[Object]
impl TaxRate {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn percent(&self) -> Percent {
        Percent(Qty::from_scaled(self.0.percent))
    }
    /// No longer offered for new lines.
    async fn archived(&self) -> bool {
        self.0.archived
    }
}

/// A shipment: the order as it now stands and the stock-out transaction recorded.
#[derive(SimpleObject)]
pub struct ShipSalesOrderPayload {
    pub sales_order: SalesOrder,
    pub transaction: StockTransaction,
}

/// A return: the order as it now stands and the return recorded.
#[derive(SimpleObject)]
pub struct ReturnSalesOrderPayload {
    pub sales_order: SalesOrder,
    pub sales_return: SalesReturn,
}

#[derive(InputObject)]
pub struct SalesOrderLineInput {
    pub item_id: ID,
    pub quantity: Quantity,
    /// Defaults to the item's price.
    pub unit_price: Option<MoneyAmount>,
    /// 0 to 100; defaults to 0.
    pub discount_percent: Option<Percent>,
    pub tax_rate_id: Option<ID>,
}

#[derive(InputObject)]
pub struct CreateSalesOrderInput {
    /// A partner of kind CUSTOMER (or BOTH).
    pub customer_id: ID,
    /// Where the goods are reserved and shipped from.
    pub location_id: ID,
    pub note: Option<String>,
    pub lines: Vec<SalesOrderLineInput>,
}

/// Fields left out stay as they are; `null` clears `note`.
#[derive(InputObject)]
pub struct UpdateSalesOrderInput {
    pub id: ID,
    pub customer_id: Option<ID>,
    pub location_id: Option<ID>,
    pub note: async_graphql::MaybeUndefined<String>,
    /// When given, the order's lines from now on.
    pub lines: Option<Vec<SalesOrderLineInput>>,
}

#[derive(InputObject)]
pub struct ShipmentLineInput {
    pub line_id: ID,
    pub quantity: Quantity,
}

#[derive(InputObject)]
pub struct ShipSalesOrderInput {
    pub sales_order_id: ID,
    /// A retry with the same key returns the first shipment instead of shipping twice.
    pub idempotency_key: String,
    pub note: Option<String>,
    /// When the goods left; defaults to now.
    pub occurred_at: Option<Timestamp>,
    pub lines: Vec<ShipmentLineInput>,
}

#[derive(InputObject)]
pub struct ReturnLineInput {
    pub line_id: ID,
    pub quantity: Quantity,
    /// Back into stock at the order's location; false writes it off (damaged, say).
    pub restock: bool,
}

#[derive(InputObject)]
pub struct ReturnSalesOrderInput {
    pub sales_order_id: ID,
    /// A retry with the same key returns the first return instead of returning twice.
    pub idempotency_key: String,
    pub note: Option<String>,
    pub lines: Vec<ReturnLineInput>,
}

#[derive(InputObject, Default)]
pub struct SalesOrderFilterInput {
    pub status: Option<SalesOrderStatus>,
    pub customer_id: Option<ID>,
    /// Orders with a line of this item.
    pub item_id: Option<ID>,
    /// Created at or after.
    pub from: Option<Timestamp>,
    /// Created before.
    pub to: Option<Timestamp>,
}

#[derive(InputObject)]
pub struct CreateTaxRateInput {
    /// Unique in the organization, e.g. `VAT`.
    pub name: String,
    /// 0 to 100.
    pub percent: Percent,
}

/// Fields left out stay as they are. A new percentage applies to invoices made from now on
/// (also of orders confirmed before); invoices made keep the rate they were made with.
#[derive(InputObject)]
pub struct UpdateTaxRateInput {
    pub id: ID,
    pub name: Option<String>,
    pub percent: Option<Percent>,
    pub archived: Option<bool>,
}

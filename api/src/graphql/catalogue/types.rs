use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use entity::catalogue::{AttributeKind as DomainAttributeKind, PartnerKind as DomainPartnerKind};
use entity::entities::{
    attribute_definitions, categories, items, locations, partners, stock_levels,
};
use entity::types::{Money, Qty};

use crate::graphql::context::ContextExt as _;
use crate::graphql::loaders::RECENT_DAYS;
use crate::graphql::scalars::{MoneyAmount, Quantity, Timestamp};

/// Sales figures are organization-wide: a member restricted to some locations does not get
/// them (they would reveal what moves elsewhere).
async fn sales_hidden(ctx: &Context<'_>) -> Result<bool, entity::DomainError> {
    let scope = ctx.scope(entity::scope::Role::Viewer).await?;
    Ok(scope.locations.restricted_to().is_some())
}

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// Something the organization stocks.
pub struct Item(pub items::Model);

#[Object]
impl Item {
    pub(crate) async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn sku(&self) -> &str {
        &self.0.sku
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn barcode(&self) -> Option<&str> {
        self.0.barcode.as_deref()
    }
    async fn category(&self, ctx: &Context<'_>) -> Result<Option<Category>> {
        let Some(category) = self.0.category_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()?
            .categories
            .load_one(category)
            .await?
            .map(Category))
    }
    async fn unit(&self) -> &str {
        &self.0.unit
    }
    async fn cost(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.cost))
    }
    async fn price(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.price))
    }
    /// At or below this total quantity the item is low (0: no threshold).
    async fn safety_stock(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.safety_stock))
    }
    async fn image_url(&self) -> Option<&str> {
        self.0.image_url.as_deref()
    }
    async fn archived(&self) -> bool {
        self.0.archived
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
    async fn updated_at(&self) -> Timestamp {
        self.0.updated_at.into()
    }
    async fn attributes(&self, ctx: &Context<'_>) -> Result<Vec<AttributeValue>> {
        let values = ctx
            .loaders()?
            .attributes
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(values
            .into_iter()
            .map(|(definition, value)| AttributeValue {
                key: definition.key,
                label: definition.label,
                kind: definition.kind.into(),
                value,
            })
            .collect())
    }
    /// The total over all locations (the caller may see).
    async fn quantity(&self, ctx: &Context<'_>) -> Result<Quantity> {
        Ok(Quantity(Qty::from_scaled(self.visible_total(ctx).await?)))
    }
    /// Days the current stock lasts at the last 30 days' sales rate (none without sales).
    async fn days_of_cover(&self, ctx: &Context<'_>) -> Result<Option<f64>> {
        if sales_hidden(ctx).await? {
            return Ok(None);
        }
        let loaders = ctx.loaders()?;
        let sold = loaders.recent_sales.load_one(self.0.id).await?.unwrap_or(0);
        if sold <= 0 {
            return Ok(None);
        }
        let quantity = self.visible_total(ctx).await?;
        let per_day = sold as f64 / RECENT_DAYS as f64;
        Ok(Some(
            (quantity.max(0) as f64 / per_day * 10.0).round() / 10.0,
        ))
    }
    /// Units sold in the last 30 days per unit in stock now (none without stock).
    async fn turnover(&self, ctx: &Context<'_>) -> Result<Option<f64>> {
        if sales_hidden(ctx).await? {
            return Ok(None);
        }
        let quantity = self.visible_total(ctx).await?;
        if quantity <= 0 {
            return Ok(None);
        }
        let sold = ctx
            .loaders()?
            .recent_sales
            .load_one(self.0.id)
            .await?
            .unwrap_or(0);
        Ok(Some(
            (sold as f64 / quantity as f64 * 100.0).round() / 100.0,
        ))
    }
    /// Outstanding on submitted purchase orders (ORDERED or PARTIALLY_RECEIVED): for the
    /// locations the caller may see, or for one.
    async fn on_order(&self, ctx: &Context<'_>, location_id: Option<ID>) -> Result<Quantity> {
        let location =
            crate::graphql::scalars::parse_optional_id("locationId", location_id.as_ref())?;
        let on_order = ctx
            .loaders()?
            .purchasing
            .on_order
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        let total = on_order
            .iter()
            .filter(|(at, _)| location.is_none_or(|l| l == *at))
            .fold(0_i64, |sum, (_, quantity)| sum.saturating_add(*quantity));
        Ok(Quantity(Qty::from_scaled(total)))
    }
    /// Reserved for confirmed sales orders and not yet shipped: for the locations the caller
    /// may see, or for one.
    async fn reserved(&self, ctx: &Context<'_>, location_id: Option<ID>) -> Result<Quantity> {
        let (_, reserved) = self.on_hand_and_reserved(ctx, location_id).await?;
        Ok(Quantity(Qty::from_scaled(reserved)))
    }
    /// On hand less reserved: what can still be sold or taken, for the locations the caller
    /// may see, or for one.
    async fn available(&self, ctx: &Context<'_>, location_id: Option<ID>) -> Result<Quantity> {
        let (on_hand, reserved) = self.on_hand_and_reserved(ctx, location_id).await?;
        Ok(Quantity(Qty::from_scaled(on_hand.saturating_sub(reserved))))
    }
    /// The supplier reorder suggestions group it under.
    async fn preferred_supplier(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        let Some(supplier) = self.0.preferred_supplier_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()?
            .partners
            .load_one(supplier)
            .await?
            .map(Partner))
    }
    /// Days from ordering to receiving (none: 0 in suggestions).
    async fn lead_time_days(&self) -> Option<i32> {
        self.0.lead_time_days
    }
    /// Its own reorder point; none: the location's threshold or the safety stock.
    async fn reorder_point(&self) -> Option<Quantity> {
        self.0.reorder_point.map(|q| Quantity(Qty::from_scaled(q)))
    }
    /// The least quantity a reorder suggestion proposes.
    async fn reorder_quantity(&self) -> Option<Quantity> {
        self.0
            .reorder_quantity
            .map(|q| Quantity(Qty::from_scaled(q)))
    }
    /// The quantity at each location that has held the item.
    async fn stock_levels(&self, ctx: &Context<'_>) -> Result<Vec<StockLevel>> {
        let levels = ctx
            .loaders()?
            .levels
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(levels.into_iter().map(StockLevel).collect())
    }
}

impl Item {
    /// The scaled sums of the item's levels on hand and reserved, at the locations the caller
    /// may see or at one.
    async fn on_hand_and_reserved(
        &self,
        ctx: &Context<'_>,
        location_id: Option<ID>,
    ) -> Result<(i64, i64)> {
        let location =
            crate::graphql::scalars::parse_optional_id("locationId", location_id.as_ref())?;
        let levels = ctx
            .loaders()?
            .levels
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(levels
            .iter()
            .filter(|l| location.is_none_or(|at| at == l.location_id))
            .fold((0_i64, 0_i64), |(on_hand, reserved), l| {
                (
                    on_hand.saturating_add(l.quantity),
                    reserved.saturating_add(l.reserved),
                )
            }))
    }

    /// The scaled sum of the item's levels at the locations the caller may see.
    async fn visible_total(&self, ctx: &Context<'_>) -> Result<i64> {
        let levels = ctx
            .loaders()?
            .levels
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        // Saturates rather than wrapping: a thousand locations at the level bound would wrap.
        Ok(levels
            .iter()
            .fold(0_i64, |sum, l| sum.saturating_add(l.quantity)))
    }
}

/// How much of an item is at a location now.
pub struct StockLevel(pub stock_levels::Model);

#[Object]
impl StockLevel {
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
    async fn quantity(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.quantity))
    }
    /// Reserved for confirmed sales orders shipping from here.
    async fn reserved(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.reserved))
    }
    /// On hand less reserved.
    async fn available(&self) -> Quantity {
        Quantity(Qty::from_scaled(
            self.0.quantity.saturating_sub(self.0.reserved),
        ))
    }
    /// Outstanding on submitted purchase orders for this location.
    async fn on_order(&self, ctx: &Context<'_>) -> Result<Quantity> {
        let on_order = ctx
            .loaders()?
            .purchasing
            .on_order
            .load_one(self.0.item_id)
            .await?
            .unwrap_or_default();
        let here = on_order
            .iter()
            .filter(|(at, _)| *at == self.0.location_id)
            .fold(0_i64, |sum, (_, quantity)| sum.saturating_add(*quantity));
        Ok(Quantity(Qty::from_scaled(here)))
    }
    async fn updated_at(&self) -> Timestamp {
        self.0.updated_at.into()
    }
}

pub struct Category(pub categories::Model);

#[Object]
impl Category {
    pub(crate) async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn archived(&self) -> bool {
        self.0.archived
    }
}

/// A place that holds stock.
pub struct Location(pub locations::Model);

#[Object]
impl Location {
    pub(crate) async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    async fn archived(&self) -> bool {
        self.0.archived
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerKind {
    Supplier,
    Customer,
    Both,
}

impl From<PartnerKind> for DomainPartnerKind {
    fn from(kind: PartnerKind) -> Self {
        match kind {
            PartnerKind::Supplier => Self::Supplier,
            PartnerKind::Customer => Self::Customer,
            PartnerKind::Both => Self::Both,
        }
    }
}

/// A supplier, a customer, or both.
pub struct Partner(pub partners::Model);

#[Object]
impl Partner {
    pub(crate) async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> PartnerKind {
        match self.0.kind {
            DomainPartnerKind::Supplier => PartnerKind::Supplier,
            DomainPartnerKind::Customer => PartnerKind::Customer,
            DomainPartnerKind::Both => PartnerKind::Both,
        }
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    async fn archived(&self) -> bool {
        self.0.archived
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeKind {
    Text,
    Number,
    Date,
    Boolean,
}

impl From<DomainAttributeKind> for AttributeKind {
    fn from(kind: DomainAttributeKind) -> Self {
        match kind {
            DomainAttributeKind::Text => Self::Text,
            DomainAttributeKind::Number => Self::Number,
            DomainAttributeKind::Date => Self::Date,
            DomainAttributeKind::Boolean => Self::Boolean,
        }
    }
}

impl From<AttributeKind> for DomainAttributeKind {
    fn from(kind: AttributeKind) -> Self {
        match kind {
            AttributeKind::Text => Self::Text,
            AttributeKind::Number => Self::Number,
            AttributeKind::Date => Self::Date,
            AttributeKind::Boolean => Self::Boolean,
        }
    }
}

/// A custom attribute the organization's items may carry.
pub struct AttributeDefinition(pub attribute_definitions::Model);

#[Object]
impl AttributeDefinition {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn label(&self) -> &str {
        &self.0.label
    }
    async fn kind(&self) -> AttributeKind {
        self.0.kind.into()
    }
    /// Archived definitions take no new values; items keep theirs.
    async fn archived(&self) -> bool {
        self.0.archived
    }
}

/// One custom attribute of an item; `value` is canonical text for its kind (decimals,
/// `YYYY-MM-DD` dates, `true`/`false`).
#[derive(SimpleObject)]
pub struct AttributeValue {
    pub key: String,
    pub label: String,
    pub kind: AttributeKind,
    pub value: String,
}

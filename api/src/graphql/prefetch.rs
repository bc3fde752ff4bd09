//! Lists load what their selection will ask for in one batch per kind before the fields
//! resolve, so a page costs the same number of statements whatever its size (the loaders
//! then answer the fields from their per-request cache).

use async_graphql::{Context, Result, SelectionField};
use entity::entities::{items, stock_transactions};

use crate::graphql::context::ContextExt as _;

/// Prefetches what `node` (an item selection) needs for `rows`.
pub async fn items(
    ctx: &Context<'_>,
    node: Option<SelectionField<'_>>,
    rows: &[items::Model],
) -> Result<()> {
    let Some(node) = node else { return Ok(()) };
    let loaders = ctx.loaders()?;
    let ids = || rows.iter().map(|item| item.id);
    let selected = |name: &str| node.selection_set().any(|field| field.name() == name);
    let levels_field = node
        .selection_set()
        .find(|field| field.name() == "stockLevels");
    if selected("quantity") || levels_field.is_some() {
        let levels = loaders.levels.load_many(ids()).await?;
        if levels_field.is_some_and(|f| f.selection_set().any(|f| f.name() == "location")) {
            loaders
                .locations
                .load_many(levels.values().flatten().map(|level| level.location_id))
                .await?;
        }
    }
    if selected("daysOfCover") || selected("turnover") {
        loaders.recent_sales.load_many(ids()).await?;
        loaders.levels.load_many(ids()).await?;
    }
    if selected("attributes") {
        loaders.attributes.load_many(ids()).await?;
    }
    if selected("category") {
        loaders
            .categories
            .load_many(rows.iter().filter_map(|item| item.category_id))
            .await?;
    }
    Ok(())
}

/// Prefetches what `node` (a stock-transaction selection) needs for `rows`.
pub async fn transactions(
    ctx: &Context<'_>,
    node: Option<SelectionField<'_>>,
    rows: &[stock_transactions::Model],
) -> Result<()> {
    let Some(node) = node else { return Ok(()) };
    let loaders = ctx.loaders()?;
    let field = |name: &str| node.selection_set().find(|field| field.name() == name);
    if field("location").is_some() || field("toLocation").is_some() {
        let locations = rows
            .iter()
            .flat_map(|t| std::iter::once(t.location_id).chain(t.to_location_id));
        loaders.locations.load_many(locations).await?;
    }
    if field("partner").is_some() {
        loaders
            .partners
            .load_many(rows.iter().filter_map(|t| t.partner_id))
            .await?;
    }
    if let Some(lines) = field("lines") {
        let movements = loaders
            .movements
            .load_many(rows.iter().map(|t| t.id))
            .await?;
        let all = || movements.values().flatten();
        if lines.selection_set().any(|f| f.name() == "item") {
            loaders.items.load_many(all().map(|m| m.item_id)).await?;
        }
        if lines.selection_set().any(|f| f.name() == "location") {
            loaders
                .locations
                .load_many(all().map(|m| m.location_id))
                .await?;
        }
    }
    Ok(())
}

/// The `edges { node }` or `nodes` selection of a connection field, if selected (the first
/// one).
pub fn connection_node<'a>(ctx: &'a Context<'_>) -> Option<SelectionField<'a>> {
    let field = ctx.field();
    field.selection_set().find_map(|f| match f.name() {
        "nodes" => Some(f),
        "edges" => f.selection_set().find(|f| f.name() == "node"),
        _ => None,
    })
}

use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::scope::Role;
use entity::stock::{self, TransactionFilter};

use super::types::{InventorySummary, StockTransaction, StockTransactionKind};
use crate::graphql::catalogue::types::Item;
use crate::graphql::context::ContextExt as _;
use crate::graphql::paging::{Listing, connection};
use crate::graphql::scalars::{MoneyAmount, Quantity, Timestamp, parse_id, parse_optional_id};
use entity::paging::Window;

#[derive(Default)]
pub struct StockQuery;

#[derive(InputObject, Default)]
pub struct StockTransactionFilterInput {
    pub item_id: Option<ID>,
    pub kind: Option<StockTransactionKind>,
    pub partner_id: Option<ID>,
    /// From or to this location.
    pub location_id: Option<ID>,
    pub author_id: Option<ID>,
    /// Occurred at or after.
    pub from: Option<Timestamp>,
    /// Occurred before.
    pub to: Option<Timestamp>,
}

#[Object]
impl StockQuery {
    async fn stock_transaction(&self, ctx: &Context<'_>, id: ID) -> Result<StockTransaction> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let transaction = stock::transaction(&tx, id).await?;
        drop(tx);
        Ok(StockTransaction(transaction))
    }

    /// The ledger, newest first (`first` or `last` at most 200).
    #[graphql(
        complexity = "first.or(last).unwrap_or(50).clamp(1, 200) as usize * child_complexity"
    )]
    async fn stock_transactions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<StockTransactionFilterInput>,
    ) -> Result<Listing<StockTransaction>> {
        let filter = filter.unwrap_or_default();
        let domain = TransactionFilter {
            item_id: parse_optional_id("filter.itemId", filter.item_id.as_ref())?,
            kind: filter.kind.map(Into::into),
            partner_id: parse_optional_id("filter.partnerId", filter.partner_id.as_ref())?,
            location_id: parse_optional_id("filter.locationId", filter.location_id.as_ref())?,
            author_id: parse_optional_id("filter.authorId", filter.author_id.as_ref())?,
            from: filter.from.map(|t| t.0),
            to: filter.to.map(|t| t.0),
        };
        let window = Window::new(first, after, last, before)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let page = stock::transactions(&tx, &domain, &window).await?;
        drop(tx);
        let rows: Vec<_> = page
            .transactions
            .rows
            .iter()
            .map(|(t, _)| t.clone())
            .collect();
        crate::graphql::prefetch::transactions(
            ctx,
            crate::graphql::prefetch::connection_node(ctx),
            &rows,
        )
        .await?;
        Ok(connection(
            page.transactions,
            page.total_count,
            StockTransaction,
        ))
    }

    /// The quantity of an item at a location at a past instant.
    async fn past_quantity(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        location_id: ID,
        at: Timestamp,
    ) -> Result<Quantity> {
        let item = parse_id("itemId", &item_id)?;
        let location = parse_id("locationId", &location_id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let quantity = stock::past_quantity(&tx, item, location, at.0).await?;
        drop(tx);
        Ok(Quantity(quantity))
    }

    /// Active items at or below their safety stock, in total or at a location with its own.
    async fn low_stock_items(&self, ctx: &Context<'_>) -> Result<Vec<Item>> {
        let tx = ctx.reader(Role::Viewer).await?;
        let items = stock::low_stock_items(&tx).await?;
        drop(tx);
        crate::graphql::prefetch::items(ctx, Some(ctx.field()), &items).await?;
        Ok(items.into_iter().map(Item).collect())
    }

    /// Totals over the active items: count, quantity, value at cost, how many are low.
    /// Answered from the analytics cache, refreshed as movements roll up.
    async fn inventory_summary(&self, ctx: &Context<'_>) -> Result<InventorySummary> {
        let summary = crate::graphql::analytics::cached(ctx, "inventory", |tx| async move {
            let summary = stock::inventory_summary(&tx).await?;
            Ok((summary, tx))
        })
        .await?;
        Ok(InventorySummary {
            item_count: summary.item_count,
            total_quantity: Quantity(summary.total_quantity),
            total_value: MoneyAmount(summary.total_value),
            low_stock_count: summary.low_stock_count,
        })
    }
}

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};
use entity::scope::Role;
use entity::stock::{self, TransactionFilter};

use super::types::{InventorySummary, StockTransaction, StockTransactionKind};
use crate::graphql::catalogue::types::Item;
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{MoneyAmount, Quantity, parse_id, parse_optional_id};

#[derive(Default)]
pub struct StockQuery;

#[derive(InputObject, Default)]
pub struct StockTransactionFilter {
    pub item_id: Option<ID>,
    pub kind: Option<StockTransactionKind>,
    pub partner_id: Option<ID>,
    /// From or to this location.
    pub location_id: Option<ID>,
    pub author_id: Option<ID>,
    /// Occurred at or after.
    pub from: Option<DateTime<Utc>>,
    /// Occurred before.
    pub to: Option<DateTime<Utc>>,
}

#[derive(async_graphql::SimpleObject)]
pub struct TransactionCount {
    pub total_count: u64,
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

    /// The ledger, newest first (`first` at most 200).
    #[graphql(complexity = "first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn stock_transactions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<StockTransactionFilter>,
    ) -> Result<Connection<String, StockTransaction, TransactionCount>> {
        let filter = filter.unwrap_or_default();
        let domain = TransactionFilter {
            item_id: parse_optional_id("filter.itemId", filter.item_id.as_ref())?,
            kind: filter.kind.map(Into::into),
            partner_id: parse_optional_id("filter.partnerId", filter.partner_id.as_ref())?,
            location_id: parse_optional_id("filter.locationId", filter.location_id.as_ref())?,
            author_id: parse_optional_id("filter.authorId", filter.author_id.as_ref())?,
            from: filter.from,
            to: filter.to,
        };
        let first = u64::try_from(first.unwrap_or(50)).unwrap_or(0);
        let tx = ctx.reader(Role::Viewer).await?;
        let page = stock::transactions(&tx, &domain, first, after.as_deref()).await?;
        drop(tx);
        let rows: Vec<_> = page.transactions.iter().map(|(t, _)| t.clone()).collect();
        crate::graphql::prefetch::transactions(
            ctx,
            crate::graphql::prefetch::connection_node(ctx),
            &rows,
        )
        .await?;
        let mut connection = Connection::with_additional_fields(
            after.is_some(),
            page.has_next_page,
            TransactionCount {
                total_count: page.total_count,
            },
        );
        connection.edges.extend(
            page.transactions
                .into_iter()
                .map(|(t, cursor)| Edge::new(cursor, StockTransaction(t))),
        );
        Ok(connection)
    }

    /// The quantity of an item at a location at a past instant.
    async fn past_quantity(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        location_id: ID,
        at: DateTime<Utc>,
    ) -> Result<Quantity> {
        let item = parse_id("itemId", &item_id)?;
        let location = parse_id("locationId", &location_id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let quantity = stock::past_quantity(&tx, item, location, at).await?;
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

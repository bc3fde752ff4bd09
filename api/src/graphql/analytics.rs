//! Dashboard answers from the daily roll-ups, cached per organization in the cache/bus
//! (Redis in production) and invalidated whenever new movements roll up. The cache is an
//! optimisation: when it fails, the answer comes from the database.

use async_graphql::{Context, Enum, Object, Result, SimpleObject};

use entity::analytics::{self, GroupBy};
use entity::scope::{OrgId, Role};
use std::time::Duration;

use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{Date, MoneyAmount, Quantity};
use crate::graphql::unit::ReadTx;

const CACHE_TTL: Duration = Duration::from_secs(600);

#[derive(Default)]
pub struct AnalyticsQuery;

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SalesGroupBy {
    Day,
    Item,
    Category,
    Partner,
}

#[derive(SimpleObject)]
pub struct SalesSummaryRow {
    /// The day (`YYYY-MM-DD`) or the item, category or partner id (nil UUID: none).
    pub key: String,
    pub label: String,
    pub quantity: Quantity,
    pub revenue: MoneyAmount,
}

#[derive(SimpleObject)]
pub struct SalesSummary {
    pub rows: Vec<SalesSummaryRow>,
    pub total_quantity: Quantity,
    pub total_revenue: MoneyAmount,
}

impl From<analytics::SummaryRow> for SalesSummaryRow {
    fn from(row: analytics::SummaryRow) -> Self {
        Self {
            key: row.key,
            label: row.label,
            quantity: Quantity(row.quantity),
            revenue: MoneyAmount(row.revenue),
        }
    }
}

impl From<analytics::SalesSummary> for SalesSummary {
    fn from(summary: analytics::SalesSummary) -> Self {
        Self {
            rows: summary.rows.into_iter().map(Into::into).collect(),
            total_quantity: Quantity(summary.total_quantity),
            total_revenue: MoneyAmount(summary.total_revenue),
        }
    }
}

/// The cache key of an answer: it names the organization's current analytics version, so a
/// roll-up (which changes the version) retires every earlier answer at once.
async fn cache_key(ctx: &Context<'_>, org: OrgId, question: &str) -> Option<String> {
    let bus = &ctx.services().bus;
    match bus.get(&analytics::version_key(org)).await {
        Ok(version) => Some(format!(
            "analytics.{org}.{}.{question}",
            version.unwrap_or_default()
        )),
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), "analytics cache unavailable");
            None
        }
    }
}

/// Answers `question` from the cache, or computes it in a tenant transaction and caches it.
pub async fn cached<T, F, Fut>(ctx: &Context<'_>, question: &str, compute: F) -> Result<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
    F: FnOnce(ReadTx) -> Fut,
    Fut: std::future::Future<Output = Result<(T, ReadTx), entity::DomainError>>,
{
    let scope = ctx.scope(Role::Viewer).await?;
    // Organization-wide figures would reveal the stock of locations hidden from the caller.
    scope.locations.require_all()?;
    let bus = &ctx.services().bus;
    let key = cache_key(ctx, scope.org, question).await;
    if let Some(key) = &key
        && let Ok(Some(cached)) = bus.get(key).await
        && let Ok(answer) = serde_json::from_str::<T>(&cached)
    {
        return Ok(answer);
    }
    let tx = ctx.reader(Role::Viewer).await?;
    let (answer, tx) = compute(tx).await?;
    drop(tx);
    if let (Some(key), Ok(json)) = (&key, serde_json::to_string(&answer))
        && let Err(error) = bus.set(key, &json, CACHE_TTL).await
    {
        tracing::warn!(error = format!("{error:#}"), "analytics answer not cached");
    }
    Ok(answer)
}

#[derive(SimpleObject)]
pub struct StockValue {
    pub day: Date,
    /// Quantity × today's cost at the end of the day.
    pub value: MoneyAmount,
}

#[Object]
impl AnalyticsQuery {
    /// Best sellers by revenue between two local days, both included.
    async fn top_items(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
        #[graphql(default = 10)] limit: i32,
    ) -> Result<Vec<SalesSummaryRow>> {
        let (from, to) = (from.0, to.0);
        let limit = usize::try_from(limit).unwrap_or(0);
        let rows = cached(ctx, &format!("top.{from}.{to}.{limit}"), |tx| async move {
            let rows = analytics::top_items(&tx, from, to, limit).await?;
            Ok((rows, tx))
        })
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The stock's value at cost at the end of each local day (at most a year).
    async fn stock_value_history(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
    ) -> Result<Vec<StockValue>> {
        let (from, to) = (from.0, to.0);
        let history = cached(ctx, &format!("value.{from}.{to}"), |tx| async move {
            let history = analytics::stock_value_history(&tx, from, to).await?;
            Ok((history, tx))
        })
        .await?;
        Ok(history
            .into_iter()
            .map(|d| StockValue {
                day: d.day.into(),
                value: MoneyAmount(d.value),
            })
            .collect())
    }

    /// Sales (stock-outs with a price) between two local days, both included, grouped.
    async fn sales_summary(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
        group_by: SalesGroupBy,
    ) -> Result<SalesSummary> {
        let (from, to) = (from.0, to.0);
        let group_by = match group_by {
            SalesGroupBy::Day => GroupBy::Day,
            SalesGroupBy::Item => GroupBy::Item,
            SalesGroupBy::Category => GroupBy::Category,
            SalesGroupBy::Partner => GroupBy::Partner,
        };
        let summary = cached(
            ctx,
            &format!("sales.{from}.{to}.{group_by:?}"),
            |tx| async move {
                let summary = analytics::sales_summary(&tx, from, to, group_by).await?;
                Ok((summary, tx))
            },
        )
        .await?;
        Ok(summary.into())
    }
}

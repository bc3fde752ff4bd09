//! Dashboard answers from the daily roll-ups, cached per organization in the cache/bus
//! (Redis in production) and invalidated whenever new movements roll up. The cache is an
//! optimisation: when it fails, the answer comes from the database.

use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use chrono::NaiveDate;
use entity::analytics::{self, GroupBy};
use entity::scope::{OrgId, Role};
use std::time::Duration;

use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{MoneyAmount, Quantity};

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

impl From<analytics::SalesSummary> for SalesSummary {
    fn from(summary: analytics::SalesSummary) -> Self {
        Self {
            rows: summary
                .rows
                .into_iter()
                .map(|row| SalesSummaryRow {
                    key: row.key,
                    label: row.label,
                    quantity: Quantity(row.quantity),
                    revenue: MoneyAmount(row.revenue),
                })
                .collect(),
            total_quantity: Quantity(summary.total_quantity),
            total_revenue: MoneyAmount(summary.total_revenue),
        }
    }
}

/// The cache key of an answer: it names the organization's current analytics version, so a
/// roll-up (which changes the version) retires every earlier answer at once.
async fn cache_key(ctx: &Context<'_>, org: OrgId, question: &str) -> Option<String> {
    let bus = &ctx.services().bus;
    match bus.get(&worker::jobs::analytics_version_key(org)).await {
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

#[Object]
impl AnalyticsQuery {
    /// Sales (stock-outs with a price) between two local days, both included, grouped.
    async fn sales_summary(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
        group_by: SalesGroupBy,
    ) -> Result<SalesSummary> {
        let scope = ctx.scope(Role::Viewer)?;
        let group_by = match group_by {
            SalesGroupBy::Day => GroupBy::Day,
            SalesGroupBy::Item => GroupBy::Item,
            SalesGroupBy::Category => GroupBy::Category,
            SalesGroupBy::Partner => GroupBy::Partner,
        };
        let bus = &ctx.services().bus;
        let key = cache_key(ctx, scope.org, &format!("sales.{from}.{to}.{group_by:?}")).await;
        if let Some(key) = &key
            && let Ok(Some(cached)) = bus.get(key).await
            && let Ok(summary) = serde_json::from_str::<analytics::SalesSummary>(&cached)
        {
            return Ok(summary.into());
        }
        let (_, tx) = ctx.tenant_tx(Role::Viewer).await?;
        let summary = analytics::sales_summary(&tx, from, to, group_by).await?;
        tx.commit().await?;
        if let (Some(key), Ok(json)) = (&key, serde_json::to_string(&summary))
            && let Err(error) = bus.set(key, &json, CACHE_TTL).await
        {
            tracing::warn!(error = format!("{error:#}"), "analytics answer not cached");
        }
        Ok(summary.into())
    }
}

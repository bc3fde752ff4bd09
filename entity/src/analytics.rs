//! Sales analytics. Every ledger transaction enqueues a roll-up in its own transaction; the
//! worker adds its movements to `daily_item_stats` (day in the organization's time zone ×
//! item × category × partner). A marker row per transaction, written in the same roll-up
//! transaction, makes a replayed roll-up a no-op, so redelivery never double-counts.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::entities::{
    categories, daily_item_stats, items, partners, rolled_up_transactions, stock_transactions,
};
use crate::error::{DomainError, DomainResult};
use crate::outbox::{self, Topic};
use crate::scope::{OrgId, TenantTx};
use crate::types::{Money, Qty, SCALE, saturating_sum};

/// The cache key whose change invalidates an organization's cached analytics answers (the
/// worker changes it after a roll-up; the api names it in its cached answers).
pub fn version_key(org: OrgId) -> String {
    format!("analytics.version.{org}")
}

/// The outbox payload asking for one transaction's roll-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollUp {
    pub transaction_id: Uuid,
}

pub(crate) async fn enqueue(tx: &TenantTx, transaction_id: Uuid) -> DomainResult<()> {
    outbox::enqueue(tx, Topic::Analytics, &RollUp { transaction_id }).await
}

fn times(quantity: i64, unit: i64) -> i64 {
    let product = i128::from(quantity) * i128::from(unit) / i128::from(10_i64.pow(SCALE));
    saturating_sum([product])
}

/// `SUM(column)` over scaled `BIGINT`s as two halves that cannot overflow in SQL (SQLite
/// raises on an `i64` overflow, PostgreSQL on the cast back to `BIGINT`): the high 32 bits and
/// the low 32 bits of each value, summed separately. [`join`] makes them one exact `i128`.
fn halves(column: &str) -> [(Expr, String); 2] {
    [
        (
            Expr::cust(format!("CAST(COALESCE(SUM({column} >> 32), 0) AS BIGINT)")),
            format!("{column}_high"),
        ),
        (
            Expr::cust(format!(
                "CAST(COALESCE(SUM({column} & 4294967295), 0) AS BIGINT)"
            )),
            format!("{column}_low"),
        ),
    ]
}

fn join(high: i64, low: i64) -> i128 {
    (i128::from(high) << 32) + i128::from(low)
}

/// `"table"."column" + excluded."column"`, saturating at ±`i64::MAX` instead of failing (a
/// bucket only gets there after ~922 lines of the largest allowed value in one day).
fn saturating_add_sql(column: &str) -> Expr {
    let (t, e) = (
        format!("\"daily_item_stats\".\"{column}\""),
        format!("excluded.\"{column}\""),
    );
    let max = i64::MAX;
    Expr::cust(format!(
        "CASE WHEN {e} > 0 THEN (CASE WHEN {t} > {max} - {e} THEN {max} ELSE {t} + {e} END) \
         WHEN {e} < 0 THEN (CASE WHEN {t} < -{max} - {e} THEN -{max} ELSE {t} + {e} END) \
         ELSE {t} END"
    ))
}

/// Adds one transaction to the daily statistics. Returns `false` when it was already counted.
///
/// # Errors
/// `NOT_FOUND` when the transaction is gone; on database failure.
#[tracing::instrument(skip_all)]
pub async fn roll_up(
    db: &DatabaseConnection,
    org: OrgId,
    transaction_id: Uuid,
) -> DomainResult<bool> {
    Ok(!roll_up_many(db, org, &[transaction_id]).await?.is_empty())
}

/// Adds many transactions of `org` to the daily statistics in one database transaction (a
/// marker, the reads and the additions each one statement for the lot). Returns those counted
/// now; the others were counted before.
///
/// # Errors
/// `NOT_FOUND` when a transaction is gone (nothing is counted then); on database failure.
#[tracing::instrument(skip_all)]
pub async fn roll_up_many(
    db: &DatabaseConnection,
    org: OrgId,
    transaction_ids: &[Uuid],
) -> DomainResult<Vec<Uuid>> {
    let tx = TenantTx::begin_for(db, org, None).await?;
    let fresh = mark_rolled_up(&tx, transaction_ids).await?;
    if fresh.is_empty() {
        tx.commit().await?;
        return Ok(fresh);
    }
    let transactions: HashMap<Uuid, stock_transactions::Model> = tx
        .select::<stock_transactions::Entity>()
        .filter(stock_transactions::Column::Id.is_in(fresh.iter().copied()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    if transactions.len() != fresh.len() {
        return Err(DomainError::not_found("stock transaction"));
    }
    let movements = crate::stock::movements_of_transactions(&tx, &fresh).await?;
    let zone: chrono_tz::Tz = crate::team::get_organization(&tx)
        .await?
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let mut item_ids: Vec<Uuid> = movements.iter().map(|m| m.item_id).collect();
    item_ids.sort_unstable();
    item_ids.dedup();
    let category_of: HashMap<Uuid, Option<Uuid>> = tx
        .select::<items::Entity>()
        .select_only()
        .column(items::Column::Id)
        .column(items::Column::CategoryId)
        .filter(items::Column::Id.is_in(item_ids))
        .into_tuple::<(Uuid, Option<Uuid>)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .collect();

    // One row per bucket (day × item × partner; the category follows the item).
    let mut rows: HashMap<(NaiveDate, Uuid, Uuid), daily_item_stats::Model> = HashMap::new();
    for movement in &movements {
        let Some(transaction) = transactions.get(&movement.transaction_id) else {
            continue;
        };
        let day = transaction.occurred_at.with_timezone(&zone).date_naive();
        let partner_key = transaction.partner_id.unwrap_or(Uuid::nil());
        let row = rows
            .entry((day, movement.item_id, partner_key))
            .or_insert_with(|| daily_item_stats::Model {
                organization_id: org.0,
                day,
                item_id: movement.item_id,
                category_key: category_of
                    .get(&movement.item_id)
                    .copied()
                    .flatten()
                    .unwrap_or(Uuid::nil()),
                partner_key,
                sold_quantity: 0,
                revenue: 0,
                purchased_quantity: 0,
                purchase_cost: 0,
                net_quantity: 0,
            });
        row.net_quantity = row.net_quantity.saturating_add(movement.quantity);
        // A sale is a movement with a price (a stock-out, or the void of one, negatively).
        if let Some(price) = movement.unit_price {
            row.sold_quantity = row.sold_quantity.saturating_sub(movement.quantity);
            row.revenue = row.revenue.saturating_sub(times(movement.quantity, price));
        }
        if let Some(cost) = movement.unit_cost {
            row.purchased_quantity = row.purchased_quantity.saturating_add(movement.quantity);
            row.purchase_cost = row
                .purchase_cost
                .saturating_add(times(movement.quantity, cost));
        }
    }
    let rows: Vec<_> = rows.into_values().collect();
    // Well below the bind-parameter limits (10 per row; SQLite allows 32,766).
    for chunk in rows.chunks(1000) {
        add(&tx, chunk.to_vec()).await?;
    }
    tx.commit().await?;
    Ok(fresh)
}

/// Writes the markers of `transaction_ids`; returns the ids that had none (not yet counted).
async fn mark_rolled_up(tx: &TenantTx, transaction_ids: &[Uuid]) -> DomainResult<Vec<Uuid>> {
    use rolled_up_transactions::Column as C;
    let mut ids = transaction_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let now = chrono::Utc::now();
    let mut insert = Query::insert();
    insert.into_table(rolled_up_transactions::Entity).columns([
        C::OrganizationId,
        C::TransactionId,
        C::RolledUpAt,
    ]);
    for id in ids {
        insert
            .values([tx.org().0.into(), id.into(), now.into()])
            .map_err(|e| DomainError::Internal(format!("roll-up markers: {e}")))?;
    }
    insert
        .on_conflict(
            OnConflict::columns([C::OrganizationId, C::TransactionId])
                .do_nothing()
                .to_owned(),
        )
        .returning_col(C::TransactionId);
    let backend = tx.conn().get_database_backend();
    tx.conn()
        .query_all_raw(backend.build(&insert))
        .await?
        .iter()
        .map(|row| Ok(row.try_get::<Uuid>("", C::TransactionId.as_str())?))
        .collect()
}

/// Adds `rows` (one per item, so no key repeats) to the statistics in one statement.
async fn add(tx: &TenantTx, rows: Vec<daily_item_stats::Model>) -> DomainResult<()> {
    use daily_item_stats::Column as C;
    if rows.is_empty() {
        return Ok(());
    }
    let plus = |column: C| saturating_add_sql(column.as_str());
    daily_item_stats::Entity::insert_many(
        rows.into_iter().map(daily_item_stats::ActiveModel::from),
    )
    .on_conflict(
        OnConflict::columns([
            C::OrganizationId,
            C::Day,
            C::ItemId,
            C::CategoryKey,
            C::PartnerKey,
        ])
        .value(C::SoldQuantity, plus(C::SoldQuantity))
        .value(C::Revenue, plus(C::Revenue))
        .value(C::PurchasedQuantity, plus(C::PurchasedQuantity))
        .value(C::PurchaseCost, plus(C::PurchaseCost))
        .value(C::NetQuantity, plus(C::NetQuantity))
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupBy {
    Day,
    Item,
    Category,
    Partner,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub key: String,
    pub label: String,
    pub quantity: Qty,
    pub revenue: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesSummary {
    pub rows: Vec<SummaryRow>,
    pub total_quantity: Qty,
    pub total_revenue: Money,
}

/// Sales between `from` and `to` (local days, both included), grouped. Days come in order;
/// other groupings by revenue, highest first.
///
/// # Errors
/// `BAD_USER_INPUT` when `to` is before `from` or the range exceeds ten years.
#[tracing::instrument(skip_all)]
pub async fn sales_summary(
    tx: &TenantTx,
    from: NaiveDate,
    to: NaiveDate,
    group_by: GroupBy,
) -> DomainResult<SalesSummary> {
    use daily_item_stats::Column as C;
    if to < from || (to - from).num_days() > 3660 {
        return Err(DomainError::bad_input(
            "to",
            "must be on or after from, within ten years",
        ));
    }
    let key = match group_by {
        GroupBy::Day => C::Day,
        GroupBy::Item => C::ItemId,
        GroupBy::Category => C::CategoryKey,
        GroupBy::Partner => C::PartnerKey,
    };
    let mut base = tx
        .select::<daily_item_stats::Entity>()
        .select_only()
        .column(key);
    for (expr, alias) in halves("sold_quantity").into_iter().chain(halves("revenue")) {
        base = base.column_as(expr, alias);
    }
    let base = base
        .filter(C::Day.gte(from))
        .filter(C::Day.lte(to))
        .group_by(key);
    let sums = |q: i64, q_low: i64, r: i64, r_low: i64| (join(q, q_low), join(r, r_low));
    let grouped: Vec<(String, i128, i128)> = if group_by == GroupBy::Day {
        base.order_by_asc(C::Day)
            .into_tuple::<(NaiveDate, i64, i64, i64, i64)>()
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|(day, q, ql, r, rl)| {
                let (q, r) = sums(q, ql, r, rl);
                (day.to_string(), q, r)
            })
            .collect()
    } else {
        base.into_tuple::<(Uuid, i64, i64, i64, i64)>()
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|(id, q, ql, r, rl)| {
                let (q, r) = sums(q, ql, r, rl);
                (id.to_string(), q, r)
            })
            .collect()
    };
    let labels = labels(tx, group_by, &grouped).await?;
    let total_quantity = Qty::from_scaled(saturating_sum(grouped.iter().map(|g| g.1)));
    let total_revenue = Money::from_scaled(saturating_sum(grouped.iter().map(|g| g.2)));
    let mut rows: Vec<SummaryRow> = grouped
        .into_iter()
        .filter(|(_, quantity, revenue)| *quantity != 0 || *revenue != 0)
        .map(|(key, quantity, revenue)| SummaryRow {
            label: labels.get(&key).cloned().unwrap_or_else(|| key.clone()),
            key,
            quantity: Qty::from_scaled(saturating_sum([quantity])),
            revenue: Money::from_scaled(saturating_sum([revenue])),
        })
        .collect();
    if group_by != GroupBy::Day {
        rows.sort_by(|a, b| {
            b.revenue
                .cmp(&a.revenue)
                .then_with(|| a.label.cmp(&b.label))
        });
    }
    Ok(SalesSummary {
        rows,
        total_quantity,
        total_revenue,
    })
}

async fn labels(
    tx: &TenantTx,
    group_by: GroupBy,
    grouped: &[(String, i128, i128)],
) -> DomainResult<HashMap<String, String>> {
    let ids: Vec<Uuid> = grouped
        .iter()
        .filter_map(|(key, _, _)| Uuid::parse_str(key).ok())
        .collect();
    let mut labels: HashMap<String, String> = match group_by {
        GroupBy::Day => HashMap::new(),
        GroupBy::Item => tx
            .select::<items::Entity>()
            .filter(items::Column::Id.is_in(ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|i| (i.id.to_string(), format!("{} ({})", i.name, i.sku)))
            .collect(),
        GroupBy::Category => tx
            .select::<categories::Entity>()
            .filter(categories::Column::Id.is_in(ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|c| (c.id.to_string(), c.name))
            .collect(),
        GroupBy::Partner => tx
            .select::<partners::Entity>()
            .filter(partners::Column::Id.is_in(ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p.name))
            .collect(),
    };
    let none = match group_by {
        GroupBy::Category => "Uncategorized",
        GroupBy::Partner => "No partner",
        _ => "—",
    };
    labels.insert(Uuid::nil().to_string(), none.to_owned());
    Ok(labels)
}

/// The best sellers between two local days: the item grouping of [`sales_summary`], cut.
///
/// # Errors
/// As [`sales_summary`]; `BAD_USER_INPUT` on `limit` outside 1–100.
#[tracing::instrument(skip_all)]
pub async fn top_items(
    tx: &TenantTx,
    from: NaiveDate,
    to: NaiveDate,
    limit: usize,
) -> DomainResult<Vec<SummaryRow>> {
    if !(1..=100).contains(&limit) {
        return Err(DomainError::bad_input("limit", "must be between 1 and 100"));
    }
    let mut rows = sales_summary(tx, from, to, GroupBy::Item).await?.rows;
    rows.truncate(limit);
    Ok(rows)
}

/// The value of the stock at cost at the end of each local day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayValue {
    pub day: NaiveDate,
    pub value: Money,
}

/// Stock value at today's cost at the end of each day from `from` to `to`: today's levels with
/// every later day's rolled-up net movements taken back out.
///
/// # Errors
/// `BAD_USER_INPUT` when `to` is before `from` or the range exceeds a year.
#[tracing::instrument(skip_all)]
pub async fn stock_value_history(
    tx: &TenantTx,
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<Vec<DayValue>> {
    use daily_item_stats::Column as C;
    if to < from || (to - from).num_days() > 366 {
        return Err(DomainError::bad_input(
            "to",
            "must be on or after from, within a year",
        ));
    }
    let now: HashMap<Uuid, (i64, i64)> = tx
        .select::<items::Entity>()
        .select_only()
        .column(items::Column::Id)
        .column(items::Column::Cost)
        .column_as(Expr::cust(crate::catalogue::TOTAL_QUANTITY_SQL), "quantity")
        .into_tuple::<(Uuid, i64, i64)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|(id, cost, quantity)| (id, (cost, quantity)))
        .collect();
    let [(high, high_alias), (low, low_alias)] = halves("net_quantity");
    let later: Vec<(NaiveDate, Uuid, i128)> = tx
        .select::<daily_item_stats::Entity>()
        .select_only()
        .column(C::Day)
        .column(C::ItemId)
        .column_as(high, high_alias)
        .column_as(low, low_alias)
        .filter(C::Day.gt(from))
        .group_by(C::Day)
        .group_by(C::ItemId)
        .into_tuple::<(NaiveDate, Uuid, i64, i64)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|(day, item, high, low)| (day, item, join(high, low)))
        .collect();
    let value_now: i128 = now
        .values()
        .map(|(cost, quantity)| i128::from(*cost) * i128::from(*quantity))
        .fold(0, i128::saturating_add);
    let scale = i128::from(10_i64.pow(SCALE));
    let mut history = Vec::new();
    let mut day = from;
    while day <= to {
        let undone: i128 = later
            .iter()
            .filter(|(d, _, _)| *d > day)
            .map(|(_, item, net)| {
                i128::from(now.get(item).map_or(0, |(cost, _)| *cost)).saturating_mul(*net)
            })
            .fold(0, i128::saturating_add);
        let value = value_now.saturating_sub(undone) / scale;
        history.push(DayValue {
            day,
            value: Money::from_scaled(saturating_sum([value])),
        });
        day = day.succ_opt().unwrap_or(day);
        if history.len() > 367 {
            break;
        }
    }
    Ok(history)
}

/// Units of each item sold in the last `days` days (by local day, today included).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn recent_sales(
    tx: &TenantTx,
    item_ids: &[Uuid],
    days: i64,
) -> DomainResult<HashMap<Uuid, i64>> {
    use daily_item_stats::Column as C;
    let zone: chrono_tz::Tz = crate::team::get_organization(tx)
        .await?
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    let since = today - chrono::Duration::days(days - 1);
    let [(high, high_alias), (low, low_alias)] = halves("sold_quantity");
    let rows: Vec<(Uuid, i64, i64)> = tx
        .select::<daily_item_stats::Entity>()
        .select_only()
        .column(C::ItemId)
        .column_as(high, high_alias)
        .column_as(low, low_alias)
        .filter(C::ItemId.is_in(item_ids.iter().copied()))
        .filter(C::Day.gte(since))
        .group_by(C::ItemId)
        .into_tuple()
        .all(tx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(item, high, low)| (item, saturating_sum([join(high, low)])))
        .collect())
}

//! Reading the ledger and the levels.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Condition, Expr, ExprTrait as _, Order, Query};
use sea_orm::{QueryFilter, QueryOrder, QuerySelect};

use super::command::Kind;
use crate::catalogue::ensure_exist;
use crate::entities::{items, locations, stock_levels, stock_movements, stock_transactions};
use crate::error::{DomainError, DomainResult};
use crate::paging::{Page, Window};
use crate::scope::TenantTx;
use crate::types::{Money, Qty};

/// The levels of the given items at every location they have stock records at.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn levels_of_items(
    tx: &TenantTx,
    item_ids: &[Uuid],
) -> DomainResult<Vec<stock_levels::Model>> {
    let mut query = tx
        .select::<stock_levels::Entity>()
        .filter(stock_levels::Column::ItemId.is_in(item_ids.iter().copied()));
    // Another location's level is hidden from a restricted member, not shown as zero.
    if let Some(allowed) = tx.locations().restricted_to() {
        query = query.filter(stock_levels::Column::LocationId.is_in(allowed.iter().copied()));
    }
    Ok(query
        .order_by_asc(stock_levels::Column::ItemId)
        .order_by_asc(stock_levels::Column::LocationId)
        .all(tx.conn())
        .await?)
}

/// The movements of the given transactions, in line order.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn movements_of_transactions(
    tx: &TenantTx,
    ids: &[Uuid],
) -> DomainResult<Vec<stock_movements::Model>> {
    let mut query = tx
        .select::<stock_movements::Entity>()
        .filter(stock_movements::Column::TransactionId.is_in(ids.iter().copied()));
    // A move touching a hidden location keeps only the lines a restricted member may see.
    if let Some(allowed) = tx.locations().restricted_to() {
        query = query.filter(stock_movements::Column::LocationId.is_in(allowed.iter().copied()));
    }
    Ok(query
        .order_by_asc(stock_movements::Column::TransactionId)
        .order_by_asc(stock_movements::Column::LineNo)
        .all(tx.conn())
        .await?)
}

/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn transaction(tx: &TenantTx, id: Uuid) -> DomainResult<stock_transactions::Model> {
    tx.select::<stock_transactions::Entity>()
        .filter(stock_transactions::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|t| visible(tx, t))
        .ok_or(DomainError::not_found("stock transaction"))
}

/// The transactions with these ids that the caller may see, in one statement.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn transactions_with_ids(
    tx: &TenantTx,
    ids: &[Uuid],
) -> DomainResult<Vec<stock_transactions::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = tx
        .select::<stock_transactions::Entity>()
        .filter(stock_transactions::Column::Id.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?;
    Ok(rows.into_iter().filter(|t| visible(tx, t)).collect())
}

/// Whether a restricted member may see a transaction: it touches one of their locations.
fn visible(tx: &TenantTx, transaction: &stock_transactions::Model) -> bool {
    let access = tx.locations();
    access.allows(transaction.location_id)
        || transaction
            .to_location_id
            .is_some_and(|to| access.allows(to))
}

/// The quantity of `item` at `location` at the instant `at`: the sum of every movement that
/// had occurred by then.
///
/// # Errors
/// `NOT_FOUND` for an item or location not of this organization.
#[tracing::instrument(skip_all)]
pub async fn past_quantity(
    tx: &TenantTx,
    item: Uuid,
    location: Uuid,
    at: DateTime<Utc>,
) -> DomainResult<Qty> {
    tx.locations().require(location)?;
    ensure_exist::<items::Entity>(tx, items::Column::Id, &[item], "item").await?;
    ensure_exist::<locations::Entity>(tx, locations::Column::Id, &[location], "location").await?;
    let sum: Option<i64> = tx
        .select::<stock_movements::Entity>()
        .select_only()
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(quantity), 0) AS BIGINT)"),
            "total",
        )
        .filter(stock_movements::Column::ItemId.eq(item))
        .filter(stock_movements::Column::LocationId.eq(location))
        .filter(stock_movements::Column::OccurredAt.lte(at))
        .into_tuple()
        .one(tx.conn())
        .await?;
    Ok(Qty::from_scaled(sum.unwrap_or(0)))
}

#[derive(Clone, Debug, Default)]
pub struct TransactionFilter {
    pub item_id: Option<Uuid>,
    pub kind: Option<Kind>,
    pub partner_id: Option<Uuid>,
    /// From or to this location.
    pub location_id: Option<Uuid>,
    pub author_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

pub struct TransactionPage {
    /// Each transaction with its cursor.
    pub transactions: Page<(stock_transactions::Model, String)>,
    pub total_count: u64,
}

fn cursor(transaction: &stock_transactions::Model) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "{}|{}",
        transaction.occurred_at.timestamp_micros(),
        transaction.id
    ))
}

fn decode(field: &'static str, cursor: &str) -> DomainResult<(DateTime<Utc>, Uuid)> {
    let invalid = || DomainError::bad_input(field, "is not a cursor of this list");
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?)
        .map_err(|_| invalid())?;
    let (micros, id) = text.split_once('|').ok_or_else(invalid)?;
    // Only instants PostgreSQL can compare with (a forged far-away date would fail there).
    let at = DateTime::from_timestamp_micros(micros.parse().map_err(|_| invalid())?)
        .filter(|at| (1..=9999).contains(&chrono::Datelike::year(at)))
        .ok_or_else(invalid)?;
    Ok((at, Uuid::parse_str(id).map_err(|_| invalid())?))
}

/// Transactions, newest first.
///
/// # Errors
/// `BAD_USER_INPUT` on a foreign cursor.
#[tracing::instrument(skip_all)]
pub async fn transactions(
    tx: &TenantTx,
    filter: &TransactionFilter,
    window: &Window,
) -> DomainResult<TransactionPage> {
    use stock_transactions::Column as C;
    let mut query = tx.select::<stock_transactions::Entity>();
    if let Some(item) = filter.item_id {
        let touching = Query::select()
            .expr(Expr::val(1))
            .from(stock_movements::Entity)
            .and_where(
                Expr::col((
                    stock_movements::Entity,
                    stock_movements::Column::OrganizationId,
                ))
                .equals((stock_transactions::Entity, C::OrganizationId)),
            )
            .and_where(
                Expr::col((
                    stock_movements::Entity,
                    stock_movements::Column::TransactionId,
                ))
                .equals((stock_transactions::Entity, C::Id)),
            )
            .and_where(
                Expr::col((stock_movements::Entity, stock_movements::Column::ItemId)).eq(item),
            )
            .to_owned();
        query = query.filter(Expr::exists(touching));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(C::Kind.eq(kind.as_str()));
    }
    if let Some(partner) = filter.partner_id {
        query = query.filter(C::PartnerId.eq(partner));
    }
    if let Some(location) = filter.location_id {
        tx.locations().require(location)?;
        query = query.filter(
            Condition::any()
                .add(C::LocationId.eq(location))
                .add(C::ToLocationId.eq(location)),
        );
    }
    if let Some(allowed) = tx.locations().restricted_to() {
        query = query.filter(
            Condition::any()
                .add(C::LocationId.is_in(allowed.iter().copied()))
                .add(C::ToLocationId.is_in(allowed.iter().copied())),
        );
    }
    if let Some(author) = filter.author_id {
        query = query.filter(C::AuthorUserId.eq(author));
    }
    if let Some(from) = filter.from {
        query = query.filter(C::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(C::OccurredAt.lt(to));
    }
    let total_count = query.clone().count(tx.conn()).await?;
    // Newest first: rows after a cursor are older, rows before it newer.
    if let Some(after) = &window.after {
        let (at, id) = decode("after", after)?;
        query = query.filter(
            Condition::any()
                .add(C::OccurredAt.lt(at))
                .add(Condition::all().add(C::OccurredAt.eq(at)).add(C::Id.lt(id))),
        );
    }
    if let Some(before) = &window.before {
        let (at, id) = decode("before", before)?;
        query = query.filter(
            Condition::any()
                .add(C::OccurredAt.gt(at))
                .add(Condition::all().add(C::OccurredAt.eq(at)).add(C::Id.gt(id))),
        );
    }
    let order = if window.backward {
        Order::Asc
    } else {
        Order::Desc
    };
    let rows = query
        .order_by(C::OccurredAt, order.clone())
        .order_by(C::Id, order)
        .limit(window.limit())
        .all(tx.conn())
        .await?;
    let transactions = window.finish(rows).map(|t| {
        let c = cursor(&t);
        (t, c)
    });
    Ok(TransactionPage {
        transactions,
        total_count,
    })
}

/// Active items that are low (see [`crate::catalogue::ItemFilter::low_stock`]), by name.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn low_stock_items(tx: &TenantTx) -> DomainResult<Vec<items::Model>> {
    tx.locations().require_all()?;
    Ok(tx
        .select::<items::Entity>()
        .filter(items::Column::Archived.eq(false))
        .filter(Expr::cust(crate::catalogue::IS_LOW_SQL))
        .order_by_asc(items::Column::Name)
        .order_by_asc(items::Column::Id)
        .all(tx.conn())
        .await?)
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InventorySummary {
    pub item_count: u64,
    pub total_quantity: Qty,
    /// Quantity × cost over active items, rounded to four decimals.
    pub total_value: Money,
    pub low_stock_count: u64,
}

/// Totals over the active items.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn inventory_summary(tx: &TenantTx) -> DomainResult<InventorySummary> {
    tx.locations().require_all()?;
    let rows: Vec<(i64, i64)> = tx
        .select::<items::Entity>()
        .select_only()
        .column(items::Column::Cost)
        .column_as(Expr::cust(crate::catalogue::TOTAL_QUANTITY_SQL), "quantity")
        .filter(items::Column::Archived.eq(false))
        .into_tuple()
        .all(tx.conn())
        .await?;
    let scale = i128::from(10_i64.pow(crate::types::SCALE));
    let (quantity, value) = rows
        .iter()
        .fold((0_i128, 0_i128), |(q, v), (cost, quantity)| {
            (
                q.saturating_add(i128::from(*quantity)),
                v.saturating_add(i128::from(*quantity) * i128::from(*cost)),
            )
        });
    let clamp = |n: i128| crate::types::saturating_sum([n]);
    let low_stock_count = tx
        .select::<items::Entity>()
        .filter(items::Column::Archived.eq(false))
        .filter(Expr::cust(crate::catalogue::IS_LOW_SQL))
        .count(tx.conn())
        .await?;
    Ok(InventorySummary {
        item_count: rows.len() as u64,
        total_quantity: Qty::from_scaled(clamp(quantity)),
        total_value: Money::from_scaled(clamp(value / scale)),
        low_stock_count,
    })
}

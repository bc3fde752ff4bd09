//! Changing one stock level inside a ledger write: the row is locked by the upsert that changes
//! it, and a write dated before the level's latest movement is checked against the history
//! after it (see [`super::history_check`]).

use chrono::{DateTime, Utc};
use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _, OnConflict, Query};

use super::history_check;
use super::record::missing_reference;
use crate::entities::stock_levels;
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;
use crate::types::Qty;

/// How one movement changes its level.
#[derive(Clone, Copy, Debug)]
pub(super) enum Change {
    By(i64),
    /// A stock count: the level becomes this at the movement's instant, the movement records
    /// the difference from what there was then.
    To(i64),
}

/// When a write happens: the instant it is dated at, and now.
#[derive(Clone, Copy, Debug)]
pub(super) struct Moment {
    pub occurred_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// A level as the upsert left it, with the thresholds that judge it.
pub(super) struct Level {
    pub quantity: i64,
    pub reserved: i64,
    pub safety_stock: i64,
    pub location_threshold: Option<i64>,
    /// The latest instant of its movements, this write's included.
    last_occurred_at: Option<DateTime<Utc>>,
}

impl Level {
    /// Whether history has movements after `at`, which a write dated `at` changes too.
    fn has_history_after(&self, at: DateTime<Utc>) -> bool {
        self.last_occurred_at.is_some_and(|last| last > at)
    }
}

/// Applies `change` to the level of `item` at `location`, locking it until commit; returns the
/// movement's quantity, the level after and the level as the upsert read it.
///
/// # Errors
/// `INSUFFICIENT_STOCK` naming the instant (`at`) when a backdated movement would take a later
/// point of history below zero (unless `allow_negative`); `NOT_FOUND` for a missing item or
/// location.
pub(super) async fn change_level(
    tx: &TenantTx,
    item: Uuid,
    location: Uuid,
    change: Change,
    at: Moment,
    allow_negative: bool,
) -> DomainResult<(i64, i64, Level)> {
    let (delta, after, level) = match change {
        Change::By(delta) => {
            let level = add_to_level(tx, item, location, delta, at).await?;
            (delta, level.quantity, level)
        }
        Change::To(counted) => {
            let level = add_to_level(tx, item, location, 0, at).await?;
            // A count counts what was there at its instant, not what is there now.
            let then = if level.has_history_after(at.occurred_at) {
                let later = history_check::sum_after(tx, item, location, at.occurred_at).await?;
                level.quantity.saturating_sub(later)
            } else {
                level.quantity
            };
            let delta = counted.saturating_sub(then);
            let after = level.quantity.saturating_add(delta);
            set_level(tx, item, location, after, at.now).await?;
            (delta, after, level)
        }
    };
    if delta < 0 && !allow_negative && level.has_history_after(at.occurred_at) {
        let negative =
            history_check::first_negative(tx, item, location, at.occurred_at, after).await?;
        if let Some((instant, balance)) = negative {
            return Err(DomainError::InsufficientStock {
                item_id: item,
                location_id: location,
                available: Qty::from_scaled(std::cmp::max(balance.saturating_sub(delta), 0)),
                requested: Qty::from_scaled(delta.saturating_neg()),
                at: Some(instant),
            });
        }
    }
    Ok((delta, after, level))
}

/// Adds `delta` to a level (creating it at `delta`) and moves its latest instant up to the
/// write's, locking the row until commit; returns the new quantity and, read in the same
/// statement, the item's thresholds.
async fn add_to_level(
    tx: &TenantTx,
    item: Uuid,
    location: Uuid,
    delta: i64,
    at: Moment,
) -> DomainResult<Level> {
    use stock_levels::Column as C;
    let last = Expr::col((stock_levels::Entity, C::LastOccurredAt));
    // Portable (PostgreSQL's GREATEST and SQLite's MAX treat NULL differently).
    let latest = Expr::case(
        last.clone().is_null().or(last.clone().lt(at.occurred_at)),
        at.occurred_at,
    )
    .finally(last);
    let statement = Query::insert()
        .into_table(stock_levels::Entity)
        .columns([
            C::OrganizationId,
            C::ItemId,
            C::LocationId,
            C::Quantity,
            C::UpdatedAt,
            C::LastOccurredAt,
        ])
        .values([
            tx.org().0.into(),
            item.into(),
            location.into(),
            delta.into(),
            at.now.into(),
            at.occurred_at.into(),
        ])
        .map_err(|e| DomainError::Internal(format!("level upsert: {e}")))?
        .on_conflict(
            OnConflict::columns([C::OrganizationId, C::ItemId, C::LocationId])
                .value(
                    C::Quantity,
                    Expr::col((stock_levels::Entity, C::Quantity)).add(delta),
                )
                .value(C::UpdatedAt, at.now)
                .value(C::LastOccurredAt, latest)
                .to_owned(),
        )
        .returning(Query::returning().exprs([
            Expr::col(C::Quantity),
            Expr::col(C::Reserved),
            Expr::col(C::LastOccurredAt),
            Expr::cust(
                "(SELECT i.safety_stock FROM items i \
                  WHERE i.organization_id = stock_levels.organization_id \
                    AND i.id = stock_levels.item_id) AS safety_stock",
            ),
            Expr::cust(
                "(SELECT t.safety_stock FROM item_location_thresholds t \
                  WHERE t.organization_id = stock_levels.organization_id \
                    AND t.item_id = stock_levels.item_id \
                    AND t.location_id = stock_levels.location_id) AS location_threshold",
            ),
        ]))
        .to_owned();
    let row = sea_orm::ConnectionTrait::query_one(tx.conn(), &statement)
        .await
        .map_err(missing_reference)?
        .ok_or_else(|| DomainError::Internal("level upsert returned nothing".to_owned()))?;
    Ok(Level {
        quantity: row.try_get("", "quantity")?,
        reserved: row.try_get("", "reserved")?,
        safety_stock: row.try_get::<Option<i64>>("", "safety_stock")?.unwrap_or(0),
        location_threshold: row.try_get("", "location_threshold")?,
        last_occurred_at: row.try_get("", "last_occurred_at")?,
    })
}

async fn set_level(
    tx: &TenantTx,
    item: Uuid,
    location: Uuid,
    quantity: i64,
    now: DateTimeUtc,
) -> DomainResult<()> {
    stock_levels::Entity::update_many()
        .col_expr(stock_levels::Column::Quantity, Expr::val(quantity))
        .col_expr(stock_levels::Column::UpdatedAt, Expr::val(now))
        .filter(stock_levels::Column::OrganizationId.eq(tx.org().0))
        .filter(stock_levels::Column::ItemId.eq(item))
        .filter(stock_levels::Column::LocationId.eq(location))
        .exec(tx.conn())
        .await?;
    Ok(())
}

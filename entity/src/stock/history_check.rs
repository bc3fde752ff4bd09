//! Backdated movements keep history true. The level of an (item, location) at an instant `t` is
//! the sum of its movements with `occurred_at <= t` (as [`super::past_quantity`] reads it), so
//! the movements at one instant count together, and one recorded later at an instant that
//! already has movements comes after them. A movement at `T` therefore changes every level from
//! `T` on: for each instant `t >= T` that history shows (`T` itself, each later movement's
//! instant, and now) the level after the write is `current − (movements after t)`, and none may
//! be below zero unless the organization allows negative stock.
//!
//! Both queries run after the level's row is locked (the upsert in `record.rs`), so concurrent
//! writers of the level run one after another, and each sees the movements of those before it
//! (PostgreSQL's READ COMMITTED takes a new snapshot per statement). Only writes dated before
//! the level's latest movement run them: the hot path (now) never does.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait as _, DbBackend, Statement, Value};
use uuid::Uuid;

use crate::error::DomainResult;
use crate::scope::TenantTx;

/// The sum of the movements of `item` at `location` that occurred after `at`: the level at
/// `at` is the current level less this.
///
/// # Errors
/// On database failure.
pub(super) async fn sum_after(
    tx: &TenantTx,
    item: Uuid,
    location: Uuid,
    at: DateTime<Utc>,
) -> DomainResult<i64> {
    // Movements of this transaction wait for the commit; history must include them.
    tx.flush_deferred().await?;
    let sql = "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS total
               FROM stock_movements
               WHERE organization_id = $1 AND item_id = $2 AND location_id = $3
                 AND occurred_at > $4";
    let row = tx
        .conn()
        .query_one_raw(statement(
            tx,
            sql,
            vec![tx.org().0.into(), item.into(), location.into(), at.into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get("", "total")?,
        None => 0,
    })
}

/// The first point of history from `at` on that is below zero, given the level `current`
/// after the write (whose movement at `at` is not yet in the ledger): its instant and level.
///
/// One statement: the movements from `at` on (plus a zero one at `at`, so the instant of the
/// write is a point of its own), each instant's level as `current − total + running sum`
/// where the running sum's default frame (`RANGE … CURRENT ROW`) takes in every movement of
/// the same instant.
///
/// # Errors
/// On database failure.
pub(super) async fn first_negative(
    tx: &TenantTx,
    item: Uuid,
    location: Uuid,
    at: DateTime<Utc>,
    current: i64,
) -> DomainResult<Option<(DateTime<Utc>, i64)>> {
    tx.flush_deferred().await?;
    let sql = "SELECT moment, balance FROM (
                   SELECT moment,
                          CAST($5 - SUM(quantity) OVER () + SUM(quantity) OVER (ORDER BY moment)
                               AS BIGINT) AS balance
                   FROM (
                       SELECT occurred_at AS moment, quantity FROM stock_movements
                       WHERE organization_id = $1 AND item_id = $2 AND location_id = $3
                         AND occurred_at >= $4
                       UNION ALL
                       SELECT $4 AS moment, 0 AS quantity
                   ) AS movements
               ) AS history
               WHERE balance < 0
               ORDER BY moment
               LIMIT 1";
    let row = tx
        .conn()
        .query_one_raw(statement(
            tx,
            sql,
            vec![
                tx.org().0.into(),
                item.into(),
                location.into(),
                at.into(),
                current.into(),
            ],
        ))
        .await?;
    match row {
        Some(row) => Ok(Some((
            row.try_get("", "moment")?,
            row.try_get("", "balance")?,
        ))),
        None => Ok(None),
    }
}

/// `sql` written with PostgreSQL's `$n` placeholders, for the transaction's backend (SQLite
/// reads `?n` as the same numbered parameter).
fn statement(tx: &TenantTx, sql: &str, values: Vec<Value>) -> Statement {
    let backend = tx.conn().get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        sql.to_owned()
    } else {
        sql.replace('$', "?")
    };
    Statement::from_sql_and_values(backend, sql, values)
}

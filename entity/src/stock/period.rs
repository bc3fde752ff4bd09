//! Closed periods: once an organization closes the period before a date, nothing is recorded
//! before it (stock counts, receipts, shipments, corrections alike), so reports of a closed
//! month stay as they were filed. A period only ever moves forward.
//!
//! Closing and a backdated write serialize on the organization's row on PostgreSQL: closing
//! takes it `FOR UPDATE`, a write dated in the past reads the boundary `FOR SHARE` before it
//! touches any level. Either the write reads the new boundary (after the close commits), or the
//! close waits for the write, which then landed while the period was still open. Writes dated
//! now need no lock: a period never closes beyond today. SQLite has one writer: a write whose
//! read of the boundary is overtaken by a close cannot commit (its transaction is stale).

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DbBackend, IntoActiveModel as _, QuerySelect as _};

use crate::entities::organizations;
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};

/// Closes the period before `before` (a date in the organization's time zone): from now on
/// nothing is recorded before that day's midnight. Closing the same date again changes
/// nothing. Needs the admin role.
///
/// # Errors
/// `FORBIDDEN` below admin; `BAD_USER_INPUT` on `before` after today or before 2000;
/// `CONFLICT` on `before` earlier than the period already closed (a period is never reopened).
#[tracing::instrument(skip_all, fields(org_id = %tx.org().0))]
pub async fn close_period(
    tx: &mut TenantTx,
    scope: &TenantScope,
    before: NaiveDate,
) -> DomainResult<organizations::Model> {
    scope.require(Role::Admin)?;
    tx.lock_organization().await?;
    let organization = crate::team::get_organization(tx).await?;
    tx.audit_target("organization", organization.id);
    let zone: chrono_tz::Tz = organization.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let today = Utc::now().with_timezone(&zone).date_naive();
    if before > today {
        return Err(DomainError::bad_input(
            "before",
            format!("must not be after today ({today} in {zone})"),
        ));
    }
    if before < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(DomainError::bad_input(
            "before",
            "must not be before 2000-01-01",
        ));
    }
    match organization.closed_before {
        Some(closed) if before < closed => {
            return Err(DomainError::conflict(
                "before",
                format!(
                    "the period before {closed} is closed already, and a closed period cannot be reopened"
                ),
            ));
        }
        Some(closed) if before == closed => return Ok(organization),
        _ => {}
    }
    // Never earlier than the boundary in force, even if the time zone changed since.
    let at = start_of_day(zone, before).max(organization.closed_before_at.unwrap_or_default());
    let mut row = organization.into_active_model();
    row.closed_before = Set(Some(before));
    row.closed_before_at = Set(Some(at));
    row.updated_at = Set(Utc::now());
    Ok(row.update(tx.conn()).await?)
}

/// Refuses a movement dated `at` inside the closed period. Reads the boundary under the
/// organization's row lock shared (PostgreSQL), so a concurrent close is waited for.
///
/// # Errors
/// `PERIOD_CLOSED`; on database failure.
pub(super) async fn ensure_open(tx: &TenantTx, at: DateTime<Utc>) -> DomainResult<()> {
    let mut query = organizations::Entity::find_by_id(tx.org().0);
    if tx.conn().get_database_backend() == DbBackend::Postgres {
        query = query.lock_shared();
    }
    let organization = query
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("organization"))?;
    match (organization.closed_before, organization.closed_before_at) {
        (Some(closed_before), Some(boundary)) if at < boundary => {
            Err(DomainError::PeriodClosed { closed_before })
        }
        _ => Ok(()),
    }
}

/// The first instant of `day` in `zone` (a day that starts in a daylight-saving gap starts
/// when the clocks resume).
fn start_of_day(zone: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    (0..24)
        .filter_map(|hour| day.and_hms_opt(hour, 0, 0))
        .find_map(|local| zone.from_local_datetime(&local).earliest())
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc(),
            |start| start.with_timezone(&Utc),
        )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_local_midnight() {
        let day = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            start_of_day(berlin, day).to_rfc3339(),
            "2026-06-30T22:00:00+00:00"
        );
        assert_eq!(
            start_of_day(chrono_tz::UTC, day).to_rfc3339(),
            "2026-07-01T00:00:00+00:00"
        );
    }
}

//! When the daily low-stock digests go out. Each organization's goes out at its local
//! `digest_time` plus a fixed offset within the spread, drawn from its id: organizations that
//! keep the default time then do not all go out in the same minute and crowd out everyone's
//! requests. Due organizations are claimed and enqueued a batch per transaction.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime, Timelike as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{Condition, DatabaseConnection, DbBackend, QueryFilter, QuerySelect};

use crate::alerts::DigestDue;
use crate::entities::{organizations, outbox_events};
use crate::error::DomainResult;
use crate::outbox::{self, Topic};
use crate::scope::{OrgId, begin_outbox_worker};

/// Organizations claimed per transaction.
const BATCH: usize = 500;

/// Enqueues the digest of every organization whose digest time (plus its offset within
/// `spread`) has passed today and whose digest has not gone out today. Safe with many
/// workers: the day is claimed with a conditional update. Returns how many were enqueued.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn enqueue_due_digests(
    db: &DatabaseConnection,
    now: chrono::DateTime<Utc>,
    spread: Duration,
) -> DomainResult<usize> {
    use organizations::Column as C;
    let schedules: Vec<(Uuid, String, String, Option<NaiveDate>)> = organizations::Entity::find()
        .select_only()
        .columns([C::Id, C::TimeZone, C::DigestTime, C::DigestSentOn])
        .into_tuple()
        .all(db)
        .await?;
    let mut due: BTreeMap<NaiveDate, Vec<Uuid>> = BTreeMap::new();
    for (id, zone, time, sent_on) in schedules {
        if let Some(today) = due_on(id, &zone, &time, sent_on, now, spread) {
            due.entry(today).or_default().push(id);
        }
    }
    let mut enqueued = 0;
    for (date, ids) in due {
        for batch in ids.chunks(BATCH) {
            enqueued += claim(db, date, batch).await?;
        }
    }
    Ok(enqueued)
}

/// The local date whose digest is due for this organization at `now`, if one is.
fn due_on(
    id: Uuid,
    zone: &str,
    time: &str,
    sent_on: Option<NaiveDate>,
    now: chrono::DateTime<Utc>,
    spread: Duration,
) -> Option<NaiveDate> {
    let zone: chrono_tz::Tz = zone.parse().ok()?;
    let at = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    let local = now.with_timezone(&zone);
    let today = local.date_naive();
    if sent_on >= Some(today) {
        return None;
    }
    // The offset never pushes a digest past the end of its day.
    let left_today = 86_399 - at.num_seconds_from_midnight();
    let offset = offset_secs(id, spread).min(left_today);
    let due = at + chrono::Duration::seconds(i64::from(offset));
    (local.time() >= due).then_some(today)
}

/// A fixed offset in `[0, spread)` from the random bits of the organization's id.
fn offset_secs(id: Uuid, spread: Duration) -> u32 {
    match u128::from(spread.as_secs()) {
        0 => 0,
        secs => u32::try_from(id.as_u128() % secs).unwrap_or(0),
    }
}

/// Marks `date`'s digest of those of `ids` not yet marked, and enqueues one event for each.
async fn claim(db: &DatabaseConnection, date: NaiveDate, ids: &[Uuid]) -> DomainResult<usize> {
    use organizations::Column as C;
    let txn = begin_outbox_worker(db).await?;
    let claimed = organizations::Entity::update_many()
        .col_expr(C::DigestSentOn, Expr::value(date))
        .filter(C::Id.is_in(ids.iter().copied()))
        .filter(
            Condition::any()
                .add(C::DigestSentOn.is_null())
                .add(C::DigestSentOn.lt(date)),
        )
        .exec_with_returning(&txn)
        .await?;
    let events = claimed
        .iter()
        .map(|organization| {
            outbox::event(
                OrgId(organization.id),
                Topic::LowStockDigest,
                &DigestDue { date },
            )
        })
        .collect::<DomainResult<Vec<_>>>()?;
    if !events.is_empty() {
        outbox_events::Entity::insert_many(events)
            .exec(&txn)
            .await?;
    }
    let backend = txn.get_database_backend();
    txn.commit().await?;
    if !claimed.is_empty() && backend != DbBackend::Postgres {
        outbox::wake_workers();
    }
    Ok(claimed.len())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;

    fn at(hour: u32, minute: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 15, hour, minute, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn offsets_spread_organizations_across_the_window_and_never_past_the_day() {
        let spread = Duration::from_secs(3600);
        let offsets: Vec<u32> = (0..1000)
            .map(|_| offset_secs(Uuid::now_v7(), spread))
            .collect();
        assert!(offsets.iter().all(|o| *o < 3600));
        let first_half = offsets.iter().filter(|o| **o < 1800).count();
        assert!((350..650).contains(&first_half), "{first_half} of 1000");

        let id = Uuid::now_v7();
        let offset = offset_secs(id, spread);
        let due_at = |now| due_on(id, "UTC", "07:00", None, now, spread);
        let minute = |m: u32| at(7 + (m / 60), m % 60);
        assert_eq!(
            due_at(minute(offset / 60 + 1)),
            NaiveDate::from_ymd_opt(2026, 1, 15)
        );
        if offset >= 120 {
            assert_eq!(due_at(minute(offset / 60 - 1)), None);
        }
        // At 23:59 a late digest goes out the same day.
        let late = due_on(
            id,
            "UTC",
            "23:59",
            None,
            at(23, 59) + chrono::Duration::seconds(59),
            spread,
        );
        assert_eq!(late, NaiveDate::from_ymd_opt(2026, 1, 15));
        // Sent today: not again.
        let sent = NaiveDate::from_ymd_opt(2026, 1, 15);
        assert_eq!(
            due_on(id, "UTC", "00:00", sent, at(23, 0), Duration::ZERO),
            None
        );
    }
}

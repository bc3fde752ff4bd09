//! Low-stock alerts: a stock movement that takes an item to or below its threshold — in total,
//! or at a location with its own — enqueues one alert in the same transaction. The state row
//! per (item, scope) makes it once per crossing; rising above the threshold re-arms it.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::entities::{
    item_location_thresholds, items, locations, low_stock_states, member_locations, memberships,
    stock_levels, users,
};
use crate::error::DomainResult;
use crate::outbox::{self, topic};
use crate::scope::{OrgId, Role, TenantTx};
use crate::types::Qty;

/// The outbox payload of one crossing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowStockCrossed {
    pub item_id: Uuid,
    /// `None` for the item's total over all locations.
    pub location_id: Option<Uuid>,
    pub quantity: String,
    pub threshold: String,
}

/// A level change as the ledger made it: `(item, location, quantity after, change)`.
pub(crate) type LevelChange = (Uuid, Uuid, i64, i64);

/// Checks every touched item against its thresholds and enqueues the crossings. Call inside
/// the ledger transaction after the levels changed (their rows are locked).
pub(crate) async fn detect_crossings(tx: &TenantTx, changes: &[LevelChange]) -> DomainResult<()> {
    let mut by_item: BTreeMap<Uuid, Vec<(Uuid, i64, i64)>> = BTreeMap::new();
    for (item, location, after, delta) in changes {
        by_item
            .entry(*item)
            .or_default()
            .push((*location, *after, *delta));
    }
    let ids: Vec<Uuid> = by_item.keys().copied().collect();
    let safety: HashMap<Uuid, i64> = tx
        .select::<items::Entity>()
        .select_only()
        .column(items::Column::Id)
        .column(items::Column::SafetyStock)
        .filter(items::Column::Id.is_in(ids.clone()))
        .into_tuple::<(Uuid, i64)>()
        .all(tx.conn())
        .await?
        .into_iter()
        .collect();
    let thresholds: HashMap<(Uuid, Uuid), i64> = tx
        .select::<item_location_thresholds::Entity>()
        .filter(item_location_thresholds::Column::ItemId.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|t| ((t.item_id, t.location_id), t.safety_stock))
        .collect();

    for (item, mut touched) in by_item {
        touched.sort_by_key(|(location, _, _)| *location);
        if let Some(&threshold) = safety.get(&item).filter(|t| **t > 0) {
            let delta = touched
                .iter()
                .fold(0_i64, |sum, (_, _, d)| sum.saturating_add(*d));
            // Lock the state first so the total read next includes every earlier writer.
            let was_low = lock_state(tx, item, Uuid::nil()).await?;
            let total = total_quantity(tx, item).await?;
            let was_low = was_low.unwrap_or(total - delta <= threshold);
            transition(tx, item, None, was_low, total, threshold).await?;
        }
        for (location, after, delta) in touched {
            if let Some(&threshold) = thresholds.get(&(item, location)) {
                let was_low = lock_state(tx, item, location)
                    .await?
                    .unwrap_or(after - delta <= threshold);
                transition(tx, item, Some(location), was_low, after, threshold).await?;
            }
        }
    }
    Ok(())
}

/// Locks the state row (creating it when missing) and returns its `low`, or `None` when it
/// did not exist before.
async fn lock_state(tx: &TenantTx, item: Uuid, scope: Uuid) -> DomainResult<Option<bool>> {
    use low_stock_states::Column as C;
    let pk = |q: sea_orm::UpdateMany<low_stock_states::Entity>| {
        q.filter(C::OrganizationId.eq(tx.org().0))
            .filter(C::ItemId.eq(item))
            .filter(C::ScopeId.eq(scope))
    };
    // An UPDATE takes the row lock on every backend (SQLite has no FOR UPDATE).
    let touched =
        pk(low_stock_states::Entity::update_many().col_expr(C::ChangedAt, Expr::col(C::ChangedAt)))
            .exec(tx.conn())
            .await?;
    if touched.rows_affected == 0 {
        return Ok(None);
    }
    let state = tx
        .select::<low_stock_states::Entity>()
        .filter(C::ItemId.eq(item))
        .filter(C::ScopeId.eq(scope))
        .one(tx.conn())
        .await?;
    Ok(state.map(|s| s.low))
}

async fn total_quantity(tx: &TenantTx, item: Uuid) -> DomainResult<i64> {
    let total: Option<i64> = tx
        .select::<stock_levels::Entity>()
        .select_only()
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(quantity), 0) AS BIGINT)"),
            "total",
        )
        .filter(stock_levels::Column::ItemId.eq(item))
        .into_tuple()
        .one(tx.conn())
        .await?;
    Ok(total.unwrap_or(0))
}

async fn transition(
    tx: &TenantTx,
    item: Uuid,
    location: Option<Uuid>,
    was_low: bool,
    quantity: i64,
    threshold: i64,
) -> DomainResult<()> {
    let is_low = quantity <= threshold;
    let state = low_stock_states::ActiveModel {
        organization_id: Set(tx.org().0),
        item_id: Set(item),
        scope_id: Set(location.unwrap_or(Uuid::nil())),
        low: Set(is_low),
        changed_at: Set(Utc::now()),
    };
    low_stock_states::Entity::insert(state)
        .on_conflict(
            OnConflict::columns([
                low_stock_states::Column::OrganizationId,
                low_stock_states::Column::ItemId,
                low_stock_states::Column::ScopeId,
            ])
            .update_columns([
                low_stock_states::Column::Low,
                low_stock_states::Column::ChangedAt,
            ])
            .to_owned(),
        )
        .exec(tx.conn())
        .await?;
    if is_low && !was_low {
        let crossed = LowStockCrossed {
            item_id: item,
            location_id: location,
            quantity: Qty::from_scaled(quantity).to_string(),
            threshold: Qty::from_scaled(threshold).to_string(),
        };
        outbox::enqueue(tx, topic::LOW_STOCK, &crossed).await?;
    }
    Ok(())
}

/// One person to tell.
#[derive(Clone, Debug)]
pub struct Recipient {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
}

/// Everything a low-stock message says.
#[derive(Clone, Debug)]
pub struct LowStockNotice {
    pub organization: String,
    pub sku: String,
    pub item: String,
    pub location: Option<String>,
    pub quantity: String,
    pub threshold: String,
    pub recipients: Vec<Recipient>,
}

/// Reads what the alert about `crossed` in `org` must say, and to whom: members who opted in
/// (by default owners and admins).
///
/// # Errors
/// `NOT_FOUND` when the item is gone; on database failure.
pub async fn low_stock_notice(
    db: &DatabaseConnection,
    org: OrgId,
    crossed: &LowStockCrossed,
) -> DomainResult<LowStockNotice> {
    let tx = TenantTx::begin_for(db, org, None).await?;
    let item = crate::catalogue::get_item(&tx, crossed.item_id).await?;
    let location = match crossed.location_id {
        Some(id) => tx
            .select::<locations::Entity>()
            .filter(locations::Column::Id.eq(id))
            .one(tx.conn())
            .await?
            .map(|l| l.name),
        None => None,
    };
    let organization = crate::team::get_organization(&tx).await?.name;
    let recipients = recipients(&tx, crossed.location_id).await?;
    tx.commit().await?;
    Ok(LowStockNotice {
        organization,
        sku: item.sku,
        item: item.name,
        location,
        quantity: crossed.quantity.clone(),
        threshold: crossed.threshold.clone(),
        recipients,
    })
}

/// Members who want low-stock mail about `location` (`None`: the organization as a whole):
/// those who opted in, and owners and admins by default. A member restricted to some
/// locations hears only about those, never about organization-wide totals.
async fn recipients(tx: &TenantTx, location: Option<Uuid>) -> DomainResult<Vec<Recipient>> {
    let members = tx
        .select::<memberships::Entity>()
        .find_also_related(users::Entity)
        .all(tx.conn())
        .await?;
    let scopes = tx
        .select::<member_locations::Entity>()
        .all(tx.conn())
        .await?;
    let may_see = |membership: &memberships::Model| {
        let mine: Vec<Uuid> = scopes
            .iter()
            .filter(|s| s.user_id == membership.user_id)
            .map(|s| s.location_id)
            .collect();
        membership.role >= Role::Admin
            || mine.is_empty()
            || location.is_some_and(|l| mine.contains(&l))
    };
    Ok(members
        .into_iter()
        .filter(|(m, _)| m.low_stock_alerts.unwrap_or(m.role >= Role::Admin))
        .filter(|(m, _)| may_see(m))
        .filter_map(|(_, user)| user)
        .map(|u| Recipient {
            user_id: u.id,
            email: u.email,
            name: u.name,
        })
        .collect())
}

/// The outbox payload of one organization's daily digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestDue {
    /// The organization's local date.
    pub date: chrono::NaiveDate,
}

/// Enqueues the digest of every organization whose local digest time has passed today and
/// whose digest has not gone out today. Safe with many workers: the day is claimed with a
/// conditional update. Returns how many were enqueued.
///
/// # Errors
/// On database failure.
pub async fn enqueue_due_digests(
    db: &DatabaseConnection,
    now: chrono::DateTime<Utc>,
) -> DomainResult<usize> {
    use crate::entities::organizations;
    let organizations = organizations::Entity::find().all(db).await?;
    let mut enqueued = 0;
    for organization in organizations {
        let Ok(zone) = organization.time_zone.parse::<chrono_tz::Tz>() else {
            continue;
        };
        let Ok(at) = chrono::NaiveTime::parse_from_str(&organization.digest_time, "%H:%M") else {
            continue;
        };
        let local = now.with_timezone(&zone);
        let today = local.date_naive();
        if local.time() < at || organization.digest_sent_on == Some(today) {
            continue;
        }
        let tx = TenantTx::begin_for(db, OrgId(organization.id), None).await?;
        let claimed = organizations::Entity::update_many()
            .col_expr(organizations::Column::DigestSentOn, Expr::value(today))
            .filter(organizations::Column::Id.eq(organization.id))
            .filter(
                sea_orm::Condition::any()
                    .add(organizations::Column::DigestSentOn.is_null())
                    .add(organizations::Column::DigestSentOn.ne(today)),
            )
            .exec(tx.conn())
            .await?;
        if claimed.rows_affected == 1 {
            outbox::enqueue(&tx, topic::LOW_STOCK_DIGEST, &DigestDue { date: today }).await?;
            enqueued += 1;
        }
        tx.commit().await?;
    }
    Ok(enqueued)
}

/// One line of a digest.
#[derive(Clone, Debug)]
pub struct DigestLine {
    pub sku: String,
    pub name: String,
    pub quantity: String,
    pub safety_stock: String,
}

/// Everything the daily digest says, and to whom.
#[derive(Clone, Debug)]
pub struct DigestNotice {
    pub organization: String,
    pub lines: Vec<DigestLine>,
    pub recipients: Vec<Recipient>,
}

/// The low items of `org` now, for its digest.
///
/// # Errors
/// On database failure.
pub async fn low_stock_digest(db: &DatabaseConnection, org: OrgId) -> DomainResult<DigestNotice> {
    let tx = TenantTx::begin_for(db, org, None).await?;
    let organization = crate::team::get_organization(&tx).await?.name;
    let low = crate::stock::low_stock_items(&tx).await?;
    let ids: Vec<Uuid> = low.iter().map(|i| i.id).collect();
    let levels = crate::stock::levels_of_items(&tx, &ids).await?;
    let recipients = recipients(&tx, None).await?;
    tx.commit().await?;
    let lines = low
        .into_iter()
        .map(|item| {
            let quantity = levels
                .iter()
                .filter(|l| l.item_id == item.id)
                .fold(0_i64, |sum, l| sum.saturating_add(l.quantity));
            DigestLine {
                sku: item.sku,
                name: item.name,
                quantity: Qty::from_scaled(quantity).to_string(),
                safety_stock: Qty::from_scaled(item.safety_stock).to_string(),
            }
        })
        .collect();
    Ok(DigestNotice {
        organization,
        lines,
        recipients,
    })
}

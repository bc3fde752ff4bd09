//! Low-stock alerts: a stock movement that takes an item to or below its threshold — in total,
//! or at a location with its own — enqueues one alert in the same transaction. The state row
//! per (item, scope) makes it once per crossing; rising above the threshold re-arms it.

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::entities::{
    locations, low_stock_states, member_locations, memberships, stock_levels, users,
};
use crate::error::DomainResult;
use crate::outbox::{self, Topic};
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

/// A level change as the ledger made it, with the thresholds it read in the same statement.
pub(crate) struct LevelChange {
    pub item: Uuid,
    pub location: Uuid,
    /// The level after the change.
    pub after: i64,
    pub delta: i64,
    /// The item's safety stock (0: no alert on its total).
    pub safety_stock: i64,
    /// The item's own threshold at this location, when it has one.
    pub location_threshold: Option<i64>,
}

/// Checks every touched item against its thresholds and enqueues the crossings. Call inside
/// the ledger transaction after the levels changed (their rows are locked).
pub(crate) async fn detect_crossings(tx: &TenantTx, changes: &[LevelChange]) -> DomainResult<()> {
    let mut by_item: BTreeMap<Uuid, Vec<&LevelChange>> = BTreeMap::new();
    for change in changes {
        by_item.entry(change.item).or_default().push(change);
    }
    for (item, mut touched) in by_item {
        touched.sort_by_key(|change| change.location);
        let threshold = touched.first().map_or(0, |change| change.safety_stock);
        if threshold > 0 {
            let delta = touched
                .iter()
                .fold(0_i64, |sum, change| sum.saturating_add(change.delta));
            // Lock the state first so the total read next includes every earlier writer.
            let was_low = lock_state(tx, item, Uuid::nil()).await?;
            let total = total_quantity(tx, item).await?;
            transition(tx, item, None, was_low, total - delta, total, threshold).await?;
        }
        for change in touched {
            if let Some(threshold) = change.location_threshold {
                let was_low = lock_state(tx, item, change.location).await?;
                let before = change.after - change.delta;
                let (location, after) = (Some(change.location), change.after);
                transition(tx, item, location, was_low, before, after, threshold).await?;
            }
        }
    }
    Ok(())
}

/// Locks the state row and returns its `low`, or `None` when it does not exist yet.
async fn lock_state(tx: &TenantTx, item: Uuid, scope: Uuid) -> DomainResult<Option<bool>> {
    use low_stock_states::Column as C;
    // An UPDATE takes the row lock on every backend (SQLite has no FOR UPDATE).
    let locked = low_stock_states::Entity::update_many()
        .col_expr(C::ChangedAt, Expr::col(C::ChangedAt))
        .filter(C::OrganizationId.eq(tx.org().0))
        .filter(C::ItemId.eq(item))
        .filter(C::ScopeId.eq(scope))
        .exec_with_returning(tx.conn())
        .await?;
    Ok(locked.first().map(|state| state.low))
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

/// Records whether `item` (at `location`, or in total) is low after a change from `before`
/// to `quantity`, and enqueues an alert when it just became low. `state` is the stored state
/// (`None` before the first change: then `before` tells).
async fn transition(
    tx: &TenantTx,
    item: Uuid,
    location: Option<Uuid>,
    state: Option<bool>,
    before: i64,
    quantity: i64,
    threshold: i64,
) -> DomainResult<()> {
    let is_low = quantity <= threshold;
    let was_low = state.unwrap_or(before <= threshold);
    if state == Some(is_low) {
        return Ok(());
    }
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
        outbox::enqueue(tx, Topic::LowStock, &crossed).await?;
        crate::webhooks::emit(
            tx,
            crate::webhooks::EventType::LowStock,
            &serde_json::json!({
                "itemId": crossed.item_id,
                "locationId": crossed.location_id,
                "quantity": crossed.quantity,
                "threshold": crossed.threshold,
            }),
        )?;
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
#[tracing::instrument(skip_all)]
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
#[tracing::instrument(skip_all)]
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

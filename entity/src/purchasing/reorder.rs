//! What to order next, and drafts of it in one step.
//!
//! For each item at a location: the rate is the units sold in the last 30 days (the daily
//! roll-ups, organization-wide: suggestions assume the location is where the item's sales
//! are served from) per day; the position is what is on hand there plus what is on order for
//! there. The reorder level is the item's own reorder point when set (which, as usual, already
//! counts what sells during the lead time), else the location's threshold or the safety
//! stock plus the sales of the lead time. An item is suggested when its position is at or
//! below that level; the suggested quantity brings the position back to the level plus the
//! sales of the organization's cover days, in whole units, and at least the item's reorder
//! quantity. What is on drafts is shown, not counted: a draft is not on order yet.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, Utc};
use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;

use super::orders::{NewLine, NewOrder, create_order};
use super::queries::{in_drafts_at, on_order_at};
use crate::catalogue::{ensure_exist, get_location};
use crate::entities::{item_location_thresholds, items, partners, purchase_orders, stock_levels};
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};
use crate::types::{Money, Qty};

/// The days of sales behind the rate.
pub const SALES_WINDOW_DAYS: i64 = 30;
/// Scaled units per whole unit.
const UNIT: i128 = 10_i128.pow(crate::types::SCALE);

/// One item to reorder; quantities scaled.
#[derive(Clone, Debug)]
pub struct Suggestion {
    pub item: items::Model,
    pub available: i64,
    pub on_order: i64,
    /// On draft orders for this location (not yet on order).
    pub in_drafts: i64,
    /// The item's reorder point, else the location's threshold, else the safety stock.
    pub reorder_point: i64,
    /// Whether `reorder_point` is the item's own (which includes the lead time's sales).
    pub own_reorder_point: bool,
    pub sales_per_day: i64,
    pub lead_time_days: i32,
    pub quantity: i64,
}

/// The suggestions of one preferred supplier (`None`: items without one).
#[derive(Clone, Debug)]
pub struct SuggestionGroup {
    pub supplier: Option<partners::Model>,
    pub suggestions: Vec<Suggestion>,
}

/// Items to reorder at `location`, grouped by preferred supplier (by supplier name, items
/// without one last; items by name).
///
/// # Errors
/// `NOT_FOUND` for a location not of this organization; `FORBIDDEN` for a
/// location-restricted member (the rate is organization-wide sales).
#[tracing::instrument(skip_all)]
pub async fn suggestions(tx: &TenantTx, location: Uuid) -> DomainResult<Vec<SuggestionGroup>> {
    get_location(tx, location).await?;
    tx.locations().require_all()?;
    let items = tx
        .select::<items::Entity>()
        .filter(items::Column::Archived.eq(false))
        .all(tx.conn())
        .await?;
    let ids: Vec<Uuid> = items.iter().map(|i| i.id).collect();
    let on_hand: HashMap<Uuid, i64> = tx
        .select::<stock_levels::Entity>()
        .filter(stock_levels::Column::LocationId.eq(location))
        .all(tx.conn())
        .await?
        .into_iter()
        // Reserved for confirmed sales orders is as good as gone.
        .map(|l| (l.item_id, l.quantity.saturating_sub(l.reserved)))
        .collect();
    let thresholds: HashMap<Uuid, i64> = tx
        .select::<item_location_thresholds::Entity>()
        .filter(item_location_thresholds::Column::LocationId.eq(location))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|t| (t.item_id, t.safety_stock))
        .collect();
    let on_order = on_order_at(tx, &ids, location).await?;
    let in_drafts = in_drafts_at(tx, &ids, location).await?;
    let mut sold = HashMap::new();
    // Bounded batches keep each statement's parameters within every backend's limit.
    for chunk in ids.chunks(1000) {
        sold.extend(crate::analytics::recent_sales(tx, chunk, SALES_WINDOW_DAYS).await?);
    }
    let cover_days = tx.organization().await?.reorder_cover_days;

    let mut by_supplier: HashMap<Option<Uuid>, Vec<Suggestion>> = HashMap::new();
    for item in items {
        let reorder_point = item
            .reorder_point
            .or_else(|| thresholds.get(&item.id).copied())
            .unwrap_or(item.safety_stock);
        let suggestion = Suggestion {
            available: on_hand.get(&item.id).copied().unwrap_or(0),
            on_order: on_order.get(&item.id).copied().unwrap_or(0),
            in_drafts: in_drafts.get(&item.id).copied().unwrap_or(0),
            reorder_point,
            own_reorder_point: item.reorder_point.is_some(),
            sales_per_day: per_day(sold.get(&item.id).copied().unwrap_or(0)),
            lead_time_days: item.lead_time_days.unwrap_or(0),
            quantity: 0,
            item,
        };
        let sold = sold.get(&suggestion.item.id).copied().unwrap_or(0);
        if let Some(quantity) = to_order(&suggestion, sold, cover_days) {
            by_supplier
                .entry(suggestion.item.preferred_supplier_id)
                .or_default()
                .push(Suggestion {
                    quantity,
                    ..suggestion
                });
        }
    }
    let supplier_ids: Vec<Uuid> = by_supplier.keys().flatten().copied().collect();
    let suppliers: HashMap<Uuid, partners::Model> = tx
        .select::<partners::Entity>()
        .filter(partners::Column::Id.is_in(supplier_ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut groups: Vec<SuggestionGroup> = by_supplier
        .into_iter()
        .map(|(supplier, mut suggestions)| {
            suggestions.sort_by(|a, b| a.item.name.cmp(&b.item.name));
            SuggestionGroup {
                supplier: supplier.and_then(|id| suppliers.get(&id).cloned()),
                suggestions,
            }
        })
        .collect();
    groups.sort_by(|a, b| match (&a.supplier, &b.supplier) {
        (Some(a), Some(b)) => a.name.cmp(&b.name),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    Ok(groups)
}

/// Scaled units per day from units sold over the window (rounded half up).
fn per_day(sold: i64) -> i64 {
    let window = i128::from(SALES_WINDOW_DAYS);
    i64::try_from((i128::from(sold) * 2 + window) / (window * 2)).unwrap_or(i64::MAX)
}

/// The quantity to order (scaled, whole units), when the item needs reordering. Computed
/// over the window's total sales, so no rate is rounded before it is multiplied.
fn to_order(suggestion: &Suggestion, sold: i64, cover_days: i32) -> Option<i64> {
    let window = i128::from(SALES_WINDOW_DAYS);
    let sold = i128::from(sold.max(0));
    // The lead time's sales are in an item's own reorder point already.
    let lead = if suggestion.own_reorder_point {
        0
    } else {
        i128::from(suggestion.lead_time_days.max(0))
    };
    let position = i128::from(suggestion.available) + i128::from(suggestion.on_order);
    // Everything times the window, so no rate is rounded before it is multiplied.
    let level = i128::from(suggestion.reorder_point) * window + sold * lead;
    if position * window > level {
        return None;
    }
    let shortfall = level + sold * i128::from(cover_days.max(0)) - position * window;
    // Whole units, rounded up: ceil(shortfall / window / UNIT) × UNIT.
    let whole = (shortfall.max(0) + window * UNIT - 1) / (window * UNIT);
    let least = i128::from(suggestion.item.reorder_quantity.unwrap_or(0));
    // No more than a line may hold.
    let most = i128::from(crate::types::MAX_WHOLE) * UNIT;
    let quantity = (whole * UNIT).max(least).min(most);
    (quantity > 0).then(|| i64::try_from(quantity).unwrap_or(i64::MAX))
}

/// One DRAFT order per preferred supplier for the suggested items among `item_ids` (every
/// suggested item with a supplier when `None`), with the suggested quantities at the items'
/// costs. Items not suggested now, or already on a draft for the location, are left out (so
/// asking twice does not make duplicate drafts).
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND` for a location or item not of this organization;
/// `BAD_USER_INPUT` when a named item has no preferred supplier, or nothing is left to order.
#[tracing::instrument(skip_all)]
pub async fn create_from_suggestions(
    tx: &mut TenantTx,
    scope: &TenantScope,
    location: Uuid,
    item_ids: Option<Vec<Uuid>>,
) -> DomainResult<Vec<purchase_orders::Model>> {
    scope.require(Role::Member)?;
    let wanted: Option<HashSet<Uuid>> = match item_ids {
        Some(ids) => {
            ensure_exist::<items::Entity>(tx, items::Column::Id, &ids, "item").await?;
            Some(ids.into_iter().collect())
        }
        None => None,
    };
    let mut orders: BTreeMap<(String, Uuid), Vec<Suggestion>> = BTreeMap::new();
    for group in suggestions(tx, location).await? {
        let chosen: Vec<Suggestion> = group
            .suggestions
            .into_iter()
            .filter(|s| wanted.as_ref().is_none_or(|w| w.contains(&s.item.id)))
            .filter(|s| s.in_drafts == 0)
            .collect();
        match (group.supplier, chosen.first()) {
            (_, None) => {}
            (Some(supplier), Some(_)) => {
                orders.insert((supplier.name.clone(), supplier.id), chosen);
            }
            (None, Some(first)) if wanted.is_some() => {
                return Err(DomainError::bad_input(
                    "itemIds",
                    format!("{} has no preferred supplier", first.item.sku),
                ));
            }
            (None, Some(_)) => {}
        }
    }
    if orders.is_empty() {
        return Err(DomainError::bad_input(
            "itemIds",
            "none of these items needs reordering at this location (or they are on drafts already)",
        ));
    }
    let mut created = Vec::with_capacity(orders.len());
    for ((_, supplier), suggestions) in orders {
        let lead = suggestions
            .iter()
            .map(|s| s.lead_time_days)
            .max()
            .unwrap_or(0);
        let order = NewOrder {
            supplier_id: supplier,
            location_id: location,
            expected_at: (lead > 0).then(|| Utc::now() + Duration::days(i64::from(lead))),
            note: Some("From reorder suggestions".to_owned()),
            lines: suggestions
                .iter()
                .map(|s| NewLine {
                    item_id: s.item.id,
                    quantity: Qty::from_scaled(s.quantity),
                    unit_cost: Some(Money::from_scaled(s.item.cost)),
                })
                .collect(),
        };
        created.push(create_order(tx, scope, order).await?);
    }
    let ids: Vec<Uuid> = created.iter().map(|o| o.id).collect();
    tx.audit_note("purchaseOrderIds", &ids);
    Ok(created)
}

//! Reading orders, their lines and receipts, and what is on order.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _, Query};
use sea_orm::{FromQueryResult, QueryFilter, QueryOrder as _, QuerySelect as _};

use super::Status;
use crate::entities::{purchase_order_lines, purchase_orders, stock_transactions};
use crate::error::{DomainError, DomainResult};
use crate::paging::{Page, Window};
use crate::scope::TenantTx;
use crate::stock::{Kind, SourceKind};

#[derive(Clone, Debug, Default)]
pub struct OrderFilter {
    pub status: Option<Status>,
    pub supplier_id: Option<Uuid>,
    /// Orders with a line of this item.
    pub item_id: Option<Uuid>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
}

pub struct OrderPage {
    pub orders: Page<purchase_orders::Model>,
    pub total_count: u64,
}

/// An order the caller may see.
///
/// # Errors
/// `NOT_FOUND` (also for an order at a location hidden from the caller).
#[tracing::instrument(skip_all)]
pub async fn get_order(tx: &TenantTx, id: Uuid) -> DomainResult<purchase_orders::Model> {
    tx.select::<purchase_orders::Entity>()
        .filter(purchase_orders::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|order| tx.locations().allows(order.location_id))
        .ok_or(DomainError::not_found("purchase order"))
}

/// Orders, newest first.
///
/// # Errors
/// `BAD_USER_INPUT` on a foreign cursor.
#[tracing::instrument(skip_all)]
pub async fn list_orders(
    tx: &TenantTx,
    filter: &OrderFilter,
    window: &Window,
) -> DomainResult<OrderPage> {
    use purchase_orders::Column as C;
    let mut query = tx.select::<purchase_orders::Entity>();
    if let Some(status) = filter.status {
        query = query.filter(C::Status.eq(status.as_str()));
    }
    if let Some(supplier) = filter.supplier_id {
        query = query.filter(C::SupplierId.eq(supplier));
    }
    if let Some(item) = filter.item_id {
        use purchase_order_lines::Column as L;
        let with_item = Query::select()
            .expr(Expr::val(1))
            .from(purchase_order_lines::Entity)
            .and_where(
                Expr::col((purchase_order_lines::Entity, L::OrganizationId))
                    .equals((purchase_orders::Entity, C::OrganizationId)),
            )
            .and_where(
                Expr::col((purchase_order_lines::Entity, L::PurchaseOrderId))
                    .equals((purchase_orders::Entity, C::Id)),
            )
            .and_where(Expr::col((purchase_order_lines::Entity, L::ItemId)).eq(item))
            .to_owned();
        query = query.filter(Expr::exists(with_item));
    }
    if let Some(from) = filter.from {
        query = query.filter(C::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(C::CreatedAt.lt(to));
    }
    if let Some(allowed) = tx.locations().restricted_to() {
        query = query.filter(C::LocationId.is_in(allowed.iter().copied()));
    }
    let total_count = query.clone().count(tx.conn()).await?;
    let orders = crate::paging::newest_first_by_id(query, C::Id, window, tx.conn()).await?;
    Ok(OrderPage {
        orders,
        total_count,
    })
}

/// The lines of these orders, in line order.
///
/// # Errors
/// On database failure.
pub async fn lines_of_orders(
    tx: &TenantTx,
    orders: &[Uuid],
) -> DomainResult<Vec<purchase_order_lines::Model>> {
    use purchase_order_lines::Column as C;
    Ok(tx
        .select::<purchase_order_lines::Entity>()
        .filter(C::PurchaseOrderId.is_in(orders.iter().copied()))
        .order_by_asc(C::PurchaseOrderId)
        .order_by_asc(C::LineNo)
        .all(tx.conn())
        .await?)
}

/// The receipts (stock-in transactions) of these orders, oldest first; for a
/// location-restricted member, those at their locations (a receipt may be taken in elsewhere
/// than the order's location).
///
/// # Errors
/// On database failure.
pub async fn receipts_of_orders(
    tx: &TenantTx,
    orders: &[Uuid],
) -> DomainResult<Vec<stock_transactions::Model>> {
    use stock_transactions::Column as C;
    let mut query = tx
        .select::<stock_transactions::Entity>()
        .filter(C::SourceType.eq(SourceKind::PurchaseOrder.as_str()))
        .filter(C::SourceId.is_in(orders.iter().copied()))
        .filter(C::Kind.eq(Kind::In));
    if let Some(allowed) = tx.locations().restricted_to() {
        query = query.filter(C::LocationId.is_in(allowed.iter().copied()));
    }
    Ok(query.order_by_asc(C::Id).all(tx.conn()).await?)
}

#[derive(FromQueryResult)]
struct OutstandingRow {
    item_id: Uuid,
    location_id: Uuid,
    outstanding: i64,
}

/// What of each item is on order — outstanding on submitted, open orders — per location
/// (only locations the caller may see), as `(item, location, quantity)`.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn on_order(tx: &TenantTx, items: &[Uuid]) -> DomainResult<Vec<(Uuid, Uuid, i64)>> {
    outstanding(tx, items, None, &OPEN).await
}

const OPEN: [Status; 2] = [Status::Ordered, Status::PartiallyReceived];

/// [`on_order`] at one location, by item.
pub(super) async fn on_order_at(
    tx: &TenantTx,
    items: &[Uuid],
    location: Uuid,
) -> DomainResult<HashMap<Uuid, i64>> {
    let rows = outstanding(tx, items, Some(location), &OPEN).await?;
    Ok(rows.into_iter().map(|(item, _, q)| (item, q)).collect())
}

/// What of each item is on drafts for one location (not yet on order), by item.
pub(super) async fn in_drafts_at(
    tx: &TenantTx,
    items: &[Uuid],
    location: Uuid,
) -> DomainResult<HashMap<Uuid, i64>> {
    let rows = outstanding(tx, items, Some(location), &[Status::Draft]).await?;
    Ok(rows.into_iter().map(|(item, _, q)| (item, q)).collect())
}

/// Σ (ordered − received, never below zero) of these items on orders in `statuses`, per item
/// and location, at `location` or every location the caller may see. Items are read in
/// batches, so each statement's parameters stay within every backend's limit.
async fn outstanding(
    tx: &TenantTx,
    items: &[Uuid],
    location: Option<Uuid>,
    statuses: &[Status],
) -> DomainResult<Vec<(Uuid, Uuid, i64)>> {
    use purchase_order_lines::Column as L;
    use purchase_orders::Column as O;
    let mut found = Vec::new();
    for batch in items.chunks(1000) {
        let outstanding = Expr::cust(
            "CAST(SUM(CASE WHEN purchase_order_lines.quantity > purchase_order_lines.received \
                  THEN purchase_order_lines.quantity - purchase_order_lines.received ELSE 0 END) \
                  AS BIGINT)",
        );
        let order_location = Expr::col((purchase_orders::Entity, O::LocationId));
        let mut query = tx
            .select::<purchase_order_lines::Entity>()
            .select_only()
            .column(L::ItemId)
            .column_as(order_location.clone(), "location_id")
            .column_as(outstanding, "outstanding")
            .join(
                sea_orm::JoinType::InnerJoin,
                purchase_order_lines::Entity::belongs_to(purchase_orders::Entity)
                    .from((L::OrganizationId, L::PurchaseOrderId))
                    .to((O::OrganizationId, O::Id))
                    .into(),
            )
            .filter(L::ItemId.is_in(batch.iter().copied()))
            .filter(
                Expr::col((purchase_orders::Entity, O::Status))
                    .is_in(statuses.iter().map(|s| s.as_str())),
            )
            .group_by(L::ItemId)
            .group_by(order_location.clone());
        if let Some(location) = location {
            query = query.filter(order_location.clone().eq(location));
        }
        if let Some(allowed) = tx.locations().restricted_to() {
            query = query.filter(order_location.is_in(allowed.iter().copied()));
        }
        let rows = query.into_model::<OutstandingRow>().all(tx.conn()).await?;
        found.extend(
            rows.into_iter()
                .filter(|row| row.outstanding > 0)
                .map(|row| (row.item_id, row.location_id, row.outstanding)),
        );
    }
    Ok(found)
}

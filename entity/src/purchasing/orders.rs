//! Making and changing purchase orders.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, IntoActiveModel as _, QueryFilter};

use super::{Status, announce, lock_order, status_of};
use crate::catalogue::{PartnerKind, get_location, get_partner};
use crate::entities::{items, purchase_order_lines, purchase_orders};
use crate::error::{DomainError, DomainResult};
use crate::numbers;
use crate::scope::{Role, TenantScope, TenantTx};
use crate::types::{Money, Qty, line_value, optional_text};
use crate::webhooks::EventType;

/// One line as a client gives it; `unit_cost` defaults to the item's cost.
#[derive(Clone, Debug)]
pub struct NewLine {
    pub item_id: Uuid,
    pub quantity: Qty,
    pub unit_cost: Option<Money>,
}

#[derive(Clone, Debug)]
pub struct NewOrder {
    pub supplier_id: Uuid,
    pub location_id: Uuid,
    pub expected_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    pub lines: Vec<NewLine>,
}

/// What to change on a draft; `None` leaves a field as it is, `Some(None)` clears it.
/// `lines`, when given, become the order's lines: an item already on the order keeps its
/// line (and id), new items get new lines, items left out are removed.
#[derive(Clone, Debug, Default)]
pub struct OrderChanges {
    pub supplier_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    pub expected_at: Option<Option<DateTime<Utc>>>,
    pub note: Option<Option<String>>,
    pub lines: Option<Vec<NewLine>>,
}

/// Makes a DRAFT numbered with the organization's next purchase order number.
///
/// # Errors
/// `FORBIDDEN` below member or for a location outside the member's; `NOT_FOUND` for a
/// supplier, location or item not of this organization; `BAD_USER_INPUT` naming the field.
#[tracing::instrument(skip_all)]
pub async fn create_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    order: NewOrder,
) -> DomainResult<purchase_orders::Model> {
    scope.require(Role::Member)?;
    let note = optional_text("note", order.note.as_deref(), 1000, true)?;
    check_lines(&order.lines)?;
    check_supplier(tx, order.supplier_id).await?;
    get_location(tx, order.location_id).await?;
    let costs = item_costs(tx, &order.lines, &HashMap::new()).await?;

    let organization = tx.organization().await?;
    let sequence = numbers::next(tx, numbers::PURCHASE_ORDER).await?;
    let now = Utc::now().trunc_subsecs(6);
    let row = purchase_orders::Model {
        organization_id: tx.org().0,
        id: Uuid::now_v7(),
        sequence,
        number: numbers::format(&organization.purchase_order_prefix, sequence),
        supplier_id: order.supplier_id,
        location_id: order.location_id,
        status: Status::Draft.as_str().to_owned(),
        expected_at: order.expected_at.map(|at| at.trunc_subsecs(6)),
        note,
        created_by: scope.user.0,
        created_at: now,
        updated_at: now,
        submitted_at: None,
        closed_at: None,
        cancelled_at: None,
    };
    let active: purchase_orders::ActiveModel = row.clone().into();
    purchase_orders::Entity::insert(active)
        .exec_without_returning(tx.conn())
        .await?;
    insert_lines(tx, row.id, &order.lines, &costs, 0).await?;
    tx.audit_target("purchaseOrder", row.id);
    announce(
        tx,
        EventType::PurchaseOrderCreated,
        &row,
        lines_data(&order.lines, &costs),
    )?;
    Ok(row)
}

/// Changes a draft.
///
/// # Errors
/// As [`create_order`]; `CONFLICT` when the order is no longer a draft.
#[tracing::instrument(skip_all)]
pub async fn update_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
    changes: OrderChanges,
) -> DomainResult<purchase_orders::Model> {
    scope.require(Role::Member)?;
    let order = lock_order(tx, id).await?;
    tx.audit_target("purchaseOrder", id);
    require_status(&order, &[Status::Draft], "only a draft can be edited")?;
    let mut row = order.into_active_model();
    if let Some(supplier) = changes.supplier_id {
        check_supplier(tx, supplier).await?;
        row.supplier_id = Set(supplier);
    }
    if let Some(location) = changes.location_id {
        get_location(tx, location).await?;
        row.location_id = Set(location);
    }
    if let Some(expected_at) = changes.expected_at {
        row.expected_at = Set(expected_at.map(|at| at.trunc_subsecs(6)));
    }
    if let Some(note) = changes.note {
        row.note = Set(optional_text("note", note.as_deref(), 1000, true)?);
    }
    let mut extra = serde_json::json!({});
    if let Some(lines) = &changes.lines {
        check_lines(lines)?;
        let existing: HashMap<Uuid, purchase_order_lines::Model> = tx
            .select::<purchase_order_lines::Entity>()
            .filter(purchase_order_lines::Column::PurchaseOrderId.eq(id))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|line| (line.item_id, line))
            .collect();
        let costs = item_costs(tx, lines, &existing).await?;
        replace_lines(tx, id, &existing, lines, &costs).await?;
        extra = lines_data(lines, &costs);
    }
    row.updated_at = Set(Utc::now().trunc_subsecs(6));
    let order = row.update(tx.conn()).await?;
    announce(tx, EventType::PurchaseOrderUpdated, &order, extra)?;
    Ok(order)
}

/// DRAFT → ORDERED: the order now counts as on order. With `email_supplier`, the supplier
/// is e-mailed the order as a PDF, through the outbox (sent once the change commits).
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND`; `CONFLICT` when not a draft; `BAD_USER_INPUT` on
/// `emailSupplier` when the supplier has no e-mail address.
#[tracing::instrument(skip_all)]
pub async fn submit_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
    email_supplier: bool,
) -> DomainResult<purchase_orders::Model> {
    scope.require(Role::Member)?;
    let order = transition(
        tx,
        id,
        &[Status::Draft],
        Status::Ordered,
        "only a draft can be submitted",
    )
    .await?;
    if email_supplier {
        let supplier = get_partner(tx, order.supplier_id).await?;
        if supplier.email.is_none() {
            return Err(DomainError::bad_input(
                "emailSupplier",
                "the supplier has no e-mail address",
            ));
        }
        crate::outbox::enqueue(
            tx,
            crate::outbox::Topic::PurchaseOrderSent,
            &super::OrderSent {
                purchase_order_id: order.id,
            },
        )
        .await?;
        tx.audit_note("emailedTo", &supplier.email);
    }
    Ok(order)
}

/// A DRAFT, or an ORDERED order of which nothing was received, → CANCELLED.
///
/// # Errors
/// `FORBIDDEN` below admin; `NOT_FOUND`; `CONFLICT` otherwise (a partly received order is
/// closed instead).
#[tracing::instrument(skip_all)]
pub async fn cancel_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<purchase_orders::Model> {
    scope.require(Role::Admin)?;
    transition(
        tx,
        id,
        &[Status::Draft, Status::Ordered],
        Status::Cancelled,
        "only a draft or an order of which nothing was received can be cancelled; close it instead",
    )
    .await
}

/// An open order that will not be received in full → CLOSED: what is outstanding is no
/// longer on order.
///
/// # Errors
/// `FORBIDDEN` below admin; `NOT_FOUND`; `CONFLICT` when the order is not open.
#[tracing::instrument(skip_all)]
pub async fn close_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<purchase_orders::Model> {
    scope.require(Role::Admin)?;
    transition(
        tx,
        id,
        &[Status::Ordered, Status::PartiallyReceived],
        Status::Closed,
        "only an ordered or partly received order can be closed",
    )
    .await
}

async fn transition(
    tx: &mut TenantTx,
    id: Uuid,
    from: &[Status],
    to: Status,
    refusal: &'static str,
) -> DomainResult<purchase_orders::Model> {
    let order = lock_order(tx, id).await?;
    tx.audit_target("purchaseOrder", id);
    require_status(&order, from, refusal)?;
    let now = Utc::now().trunc_subsecs(6);
    let mut row = order.into_active_model();
    row.status = Set(to.as_str().to_owned());
    row.updated_at = Set(now);
    let event = match to {
        Status::Ordered => {
            row.submitted_at = Set(Some(now));
            EventType::PurchaseOrderSubmitted
        }
        Status::Cancelled => {
            row.cancelled_at = Set(Some(now));
            EventType::PurchaseOrderCancelled
        }
        Status::Closed => {
            row.closed_at = Set(Some(now));
            EventType::PurchaseOrderClosed
        }
        Status::Draft | Status::PartiallyReceived | Status::Received => {
            EventType::PurchaseOrderUpdated
        }
    };
    let order = row.update(tx.conn()).await?;
    announce(tx, event, &order, serde_json::json!({}))?;
    Ok(order)
}

/// # Errors
/// `CONFLICT` naming the order's status when it is not one of `allowed`.
pub(super) fn require_status(
    order: &purchase_orders::Model,
    allowed: &[Status],
    refusal: &'static str,
) -> DomainResult<Status> {
    let status = status_of(order)?;
    if allowed.contains(&status) {
        Ok(status)
    } else {
        Err(DomainError::conflict(
            "status",
            format!(
                "{refusal} (this order is {})",
                status.as_str().replace('_', " ")
            ),
        ))
    }
}

fn check_lines(lines: &[NewLine]) -> DomainResult<()> {
    if lines.is_empty() {
        return Err(DomainError::bad_input(
            "lines",
            "must contain at least one line",
        ));
    }
    if lines.len() > crate::stock::MAX_LINES {
        return Err(DomainError::bad_input(
            "lines",
            format!("must contain at most {} lines", crate::stock::MAX_LINES),
        ));
    }
    let mut seen = HashSet::new();
    for line in lines {
        if !seen.insert(line.item_id) {
            return Err(DomainError::bad_input(
                "lines.itemId",
                "an item may appear only once per order",
            ));
        }
        if !line.quantity.is_positive() {
            return Err(DomainError::bad_input(
                "lines.quantity",
                "must be greater than zero",
            ));
        }
        if let Some(cost) = line.unit_cost {
            if cost < Money::ZERO {
                return Err(DomainError::bad_input(
                    "lines.unitCost",
                    "must not be negative",
                ));
            }
            if line_value(line.quantity, cost).is_none() {
                return Err(DomainError::bad_input(
                    "lines.unitCost",
                    "makes the line worth more than 1000000000000 (quantity × unit)",
                ));
            }
        }
    }
    Ok(())
}

async fn check_supplier(tx: &TenantTx, id: Uuid) -> DomainResult<()> {
    let partner = get_partner(tx, id).await?;
    if partner.kind == PartnerKind::Customer {
        return Err(DomainError::bad_input(
            "supplierId",
            "is a customer, not a supplier",
        ));
    }
    Ok(())
}

/// Each line's unit cost: as given, else what the order's line of the item already has (in
/// `kept`, so editing a quantity keeps an agreed price), else the item's cost. Every item must
/// be this organization's, and not archived.
async fn item_costs(
    tx: &TenantTx,
    lines: &[NewLine],
    kept: &HashMap<Uuid, purchase_order_lines::Model>,
) -> DomainResult<Vec<i64>> {
    let ids: Vec<Uuid> = lines.iter().map(|l| l.item_id).collect();
    let items: HashMap<Uuid, items::Model> = tx
        .select::<items::Entity>()
        .filter(items::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|item| (item.id, item))
        .collect();
    lines
        .iter()
        .map(|line| {
            let item = items
                .get(&line.item_id)
                .ok_or(DomainError::not_found("item"))?;
            if item.archived {
                return Err(DomainError::bad_input(
                    "lines.itemId",
                    format!("{} is archived", item.sku),
                ));
            }
            let cost = line.unit_cost.map_or_else(
                || kept.get(&line.item_id).map_or(item.cost, |l| l.unit_cost),
                Money::scaled,
            );
            if line_value(line.quantity, Money::from_scaled(cost)).is_none() {
                return Err(DomainError::bad_input(
                    "lines.quantity",
                    "makes the line worth more than 1000000000000 (quantity × unit cost)",
                ));
            }
            Ok(cost)
        })
        .collect()
}

async fn insert_lines(
    tx: &TenantTx,
    order: Uuid,
    lines: &[NewLine],
    costs: &[i64],
    first_line_no: i32,
) -> DomainResult<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let rows = lines
        .iter()
        .zip(costs)
        .zip(first_line_no..)
        .map(
            |((line, cost), line_no)| purchase_order_lines::ActiveModel {
                organization_id: Set(tx.org().0),
                id: Set(Uuid::now_v7()),
                purchase_order_id: Set(order),
                line_no: Set(line_no),
                item_id: Set(line.item_id),
                quantity: Set(line.quantity.scaled()),
                received: Set(0),
                unit_cost: Set(*cost),
            },
        );
    purchase_order_lines::Entity::insert_many(rows)
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}

/// Makes a draft's lines these: kept items keep their line, the rest are added or removed.
async fn replace_lines(
    tx: &TenantTx,
    order: Uuid,
    existing: &HashMap<Uuid, purchase_order_lines::Model>,
    lines: &[NewLine],
    costs: &[i64],
) -> DomainResult<()> {
    use purchase_order_lines::Column as C;
    let wanted: HashSet<Uuid> = lines.iter().map(|l| l.item_id).collect();
    let removed: Vec<Uuid> = existing
        .values()
        .filter(|line| !wanted.contains(&line.item_id))
        .map(|line| line.id)
        .collect();
    if !removed.is_empty() {
        purchase_order_lines::Entity::delete_many()
            .filter(C::OrganizationId.eq(tx.org().0))
            .filter(C::Id.is_in(removed))
            .exec(tx.conn())
            .await?;
    }
    let mut added = Vec::new();
    let mut added_costs = Vec::new();
    let next_line_no = existing.values().map(|l| l.line_no + 1).max().unwrap_or(0);
    for (line, cost) in lines.iter().zip(costs) {
        match existing.get(&line.item_id) {
            Some(kept) => {
                purchase_order_lines::Entity::update_many()
                    .col_expr(C::Quantity, Expr::value(line.quantity.scaled()))
                    .col_expr(C::UnitCost, Expr::value(*cost))
                    .filter(C::OrganizationId.eq(tx.org().0))
                    .filter(C::Id.eq(kept.id))
                    .exec(tx.conn())
                    .await?;
            }
            None => {
                added.push(line.clone());
                added_costs.push(*cost);
            }
        }
    }
    insert_lines(tx, order, &added, &added_costs, next_line_no).await
}

fn lines_data(lines: &[NewLine], costs: &[i64]) -> serde_json::Value {
    let lines: Vec<serde_json::Value> = lines
        .iter()
        .zip(costs)
        .map(|(line, cost)| {
            serde_json::json!({
                "itemId": line.item_id,
                "quantity": line.quantity,
                "unitCost": Money::from_scaled(*cost),
            })
        })
        .collect();
    serde_json::json!({ "lines": lines })
}

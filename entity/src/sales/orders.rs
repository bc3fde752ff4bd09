//! Making, confirming and cancelling sales orders.

use std::collections::{HashMap, HashSet};

use chrono::{SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, IntoActiveModel as _, QueryFilter, QueryOrder as _};

use super::amounts::{line_net, percent};
use super::{Status, announce, lock_order, require_status};
use crate::catalogue::{PartnerKind, get_location, get_partner};
use crate::entities::{items, sales_order_lines, sales_orders, tax_rates};
use crate::error::{DomainError, DomainResult};
use crate::numbers;
use crate::scope::{Role, TenantScope, TenantTx};
use crate::types::{Money, Qty, optional_text};
use crate::webhooks::EventType;

/// One line as a client gives it; `unit_price` defaults to the item's price.
#[derive(Clone, Debug)]
pub struct NewLine {
    pub item_id: Uuid,
    pub quantity: Qty,
    pub unit_price: Option<Money>,
    /// Percent, scaled (10 % is 100000).
    pub discount_percent: Option<i64>,
    pub tax_rate_id: Option<Uuid>,
}

#[derive(Clone, Debug)]
pub struct NewOrder {
    pub customer_id: Uuid,
    pub location_id: Uuid,
    pub note: Option<String>,
    pub lines: Vec<NewLine>,
}

/// What to change on a draft; `None` leaves a field as it is. `lines`, when given, become
/// the order's lines.
#[derive(Clone, Debug, Default)]
pub struct OrderChanges {
    pub customer_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    pub note: Option<Option<String>>,
    pub lines: Option<Vec<NewLine>>,
}

/// Makes a DRAFT numbered with the organization's next sales order number.
///
/// # Errors
/// `FORBIDDEN` below member or for a location outside the member's; `NOT_FOUND` for a
/// customer, location, item or tax rate not of this organization; `BAD_USER_INPUT` naming
/// the field.
#[tracing::instrument(skip_all)]
pub async fn create_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    order: NewOrder,
) -> DomainResult<sales_orders::Model> {
    scope.require(Role::Member)?;
    let note = optional_text("note", order.note.as_deref(), 1000, true)?;
    check_customer(tx, order.customer_id).await?;
    tx.locations().require(order.location_id)?;
    get_location(tx, order.location_id).await?;
    let lines = priced_lines(tx, &order.lines).await?;

    let organization = tx.organization().await?;
    let sequence = numbers::next(tx, numbers::SALES_ORDER).await?;
    let now = Utc::now().trunc_subsecs(6);
    let row = sales_orders::Model {
        organization_id: tx.org().0,
        id: Uuid::now_v7(),
        sequence,
        number: numbers::format(&organization.sales_order_prefix, sequence),
        customer_id: order.customer_id,
        location_id: order.location_id,
        status: Status::Draft.as_str().to_owned(),
        note,
        created_by: scope.user.0,
        created_at: now,
        updated_at: now,
        confirmed_at: None,
        cancelled_at: None,
    };
    let active: sales_orders::ActiveModel = row.clone().into();
    sales_orders::Entity::insert(active)
        .exec_without_returning(tx.conn())
        .await?;
    insert_lines(tx, row.id, &lines).await?;
    tx.audit_target("salesOrder", row.id);
    announce(tx, EventType::SalesOrderCreated, &row, lines_data(&lines))?;
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
) -> DomainResult<sales_orders::Model> {
    scope.require(Role::Member)?;
    let order = lock_order(tx, id).await?;
    tx.audit_target("salesOrder", id);
    require_status(&order, &[Status::Draft], "only a draft can be edited")?;
    let mut row = order.into_active_model();
    if let Some(customer) = changes.customer_id {
        check_customer(tx, customer).await?;
        row.customer_id = Set(customer);
    }
    if let Some(location) = changes.location_id {
        tx.locations().require(location)?;
        get_location(tx, location).await?;
        row.location_id = Set(location);
    }
    if let Some(note) = changes.note {
        row.note = Set(optional_text("note", note.as_deref(), 1000, true)?);
    }
    let mut extra = serde_json::json!({});
    if let Some(lines) = &changes.lines {
        let lines = priced_lines(tx, lines).await?;
        // A draft has shipped, returned and invoiced nothing: its lines are replaced.
        sales_order_lines::Entity::delete_many()
            .filter(sales_order_lines::Column::OrganizationId.eq(tx.org().0))
            .filter(sales_order_lines::Column::SalesOrderId.eq(id))
            .exec(tx.conn())
            .await?;
        insert_lines(tx, id, &lines).await?;
        extra = lines_data(&lines);
    }
    row.updated_at = Set(Utc::now().trunc_subsecs(6));
    let order = row.update(tx.conn()).await?;
    announce(tx, EventType::SalesOrderUpdated, &order, extra)?;
    Ok(order)
}

/// DRAFT → CONFIRMED: its quantities are reserved at its location, all or none.
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND`; `CONFLICT` when not a draft; `INSUFFICIENT_STOCK`
/// when a line's quantity is more than is available (on hand less reserved), unless the
/// organization allows negative stock.
#[tracing::instrument(skip_all)]
pub async fn confirm_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<sales_orders::Model> {
    scope.require(Role::Member)?;
    let order = lock_order(tx, id).await?;
    tx.audit_target("salesOrder", id);
    require_status(&order, &[Status::Draft], "only a draft can be confirmed")?;
    let lines = lines_of(tx, id).await?;
    let reservations: Vec<(Uuid, i64)> = lines.iter().map(|l| (l.item_id, l.quantity)).collect();
    crate::stock::reserve(tx, order.location_id, &reservations).await?;
    let now = Utc::now().trunc_subsecs(6);
    let mut row = order.into_active_model();
    row.status = Set(Status::Confirmed.as_str().to_owned());
    row.confirmed_at = Set(Some(now));
    row.updated_at = Set(now);
    let order = row.update(tx.conn()).await?;
    announce(
        tx,
        EventType::SalesOrderConfirmed,
        &order,
        serde_json::json!({}),
    )?;
    Ok(order)
}

/// A draft or an order not yet shipped in full → CANCELLED: what was reserved and not
/// shipped is released (what was shipped stays shipped), and what issued invoices billed
/// beyond what shipped is credited.
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND`; `CONFLICT` when shipped in full or cancelled, or
/// while a draft invoice of the order is open.
#[tracing::instrument(skip_all)]
pub async fn cancel_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<sales_orders::Model> {
    scope.require(Role::Member)?;
    let order = lock_order(tx, id).await?;
    tx.audit_target("salesOrder", id);
    let status = require_status(
        &order,
        &[Status::Draft, Status::Confirmed, Status::PartiallyShipped],
        "only an order not yet shipped in full can be cancelled",
    )?;
    super::billing::refuse_drafts(tx, &order).await?;
    let lines = lines_of(tx, id).await?;
    if status.is_open() {
        let outstanding: Vec<(Uuid, i64)> = lines
            .iter()
            .map(|l| (l.item_id, std::cmp::max(l.quantity - l.shipped, 0)))
            .collect();
        crate::stock::release(tx, order.location_id, &outstanding).await?;
    }
    // What was invoiced beyond what the customer keeps (what shipped, less returns) is
    // credited.
    let excess: Vec<(Uuid, i64)> = lines
        .iter()
        .map(|l| (l.id, (l.invoiced - l.credited) - (l.shipped - l.returned)))
        .filter(|(_, q)| *q > 0)
        .collect();
    let credit = super::billing::Credit {
        order: &order,
        quantities: &excess,
        sales_return: None,
        reason: format!("Order {} cancelled", order.number),
    };
    super::billing::credit(tx, scope, credit).await?;
    let now = Utc::now().trunc_subsecs(6);
    let mut row = order.into_active_model();
    row.status = Set(Status::Cancelled.as_str().to_owned());
    row.cancelled_at = Set(Some(now));
    row.updated_at = Set(now);
    let order = row.update(tx.conn()).await?;
    announce(
        tx,
        EventType::SalesOrderCancelled,
        &order,
        serde_json::json!({}),
    )?;
    Ok(order)
}

pub(super) async fn lines_of(
    tx: &TenantTx,
    order: Uuid,
) -> DomainResult<Vec<sales_order_lines::Model>> {
    Ok(tx
        .select::<sales_order_lines::Entity>()
        .filter(sales_order_lines::Column::SalesOrderId.eq(order))
        .order_by_asc(sales_order_lines::Column::LineNo)
        .all(tx.conn())
        .await?)
}

async fn check_customer(tx: &TenantTx, id: Uuid) -> DomainResult<()> {
    let partner = get_partner(tx, id).await?;
    if partner.kind == PartnerKind::Supplier {
        return Err(DomainError::bad_input(
            "customerId",
            "is a supplier, not a customer",
        ));
    }
    if partner.archived {
        return Err(DomainError::bad_input("customerId", "is archived"));
    }
    Ok(())
}

/// A line as it will be stored: price, discount and tax rate settled.
#[derive(Clone, Debug)]
struct PricedLine {
    item_id: Uuid,
    quantity: i64,
    unit_price: i64,
    discount_percent: i64,
    tax_rate_id: Option<Uuid>,
}

/// Checks the lines and settles each one's price (as given, else the item's price). Every
/// item must be this organization's and not archived; every tax rate its own and in use.
async fn priced_lines(tx: &TenantTx, lines: &[NewLine]) -> DomainResult<Vec<PricedLine>> {
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
        if line.unit_price.is_some_and(|p| p < Money::ZERO) {
            return Err(DomainError::bad_input(
                "lines.unitPrice",
                "must not be negative",
            ));
        }
        if let Some(discount) = line.discount_percent {
            percent("lines.discountPercent", discount)?;
        }
    }
    let ids: Vec<Uuid> = lines.iter().map(|l| l.item_id).collect();
    let items: HashMap<Uuid, items::Model> = tx
        .select::<items::Entity>()
        .filter(items::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|item| (item.id, item))
        .collect();
    let rate_ids: Vec<Uuid> = lines.iter().filter_map(|l| l.tax_rate_id).collect();
    let rates: HashMap<Uuid, tax_rates::Model> = if rate_ids.is_empty() {
        HashMap::new()
    } else {
        tx.select::<tax_rates::Entity>()
            .filter(tax_rates::Column::Id.is_in(rate_ids))
            .all(tx.conn())
            .await?
            .into_iter()
            .map(|rate| (rate.id, rate))
            .collect()
    };
    let currency = tx.organization().await?.currency;
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
            if let Some(rate) = line.tax_rate_id {
                let rate = rates.get(&rate).ok_or(DomainError::not_found("tax rate"))?;
                if rate.archived {
                    return Err(DomainError::bad_input(
                        "lines.taxRateId",
                        format!("{} is archived", rate.name),
                    ));
                }
            }
            let unit_price = line.unit_price.map_or(item.price, Money::scaled);
            let discount = line.discount_percent.unwrap_or(0);
            let quantity = line.quantity.scaled();
            if line_net(&currency, quantity, unit_price, discount).is_none() {
                return Err(DomainError::bad_input(
                    "lines.quantity",
                    "makes the line worth more than 1000000000000 (quantity × unit price)",
                ));
            }
            Ok(PricedLine {
                item_id: line.item_id,
                quantity,
                unit_price,
                discount_percent: discount,
                tax_rate_id: line.tax_rate_id,
            })
        })
        .collect()
}

async fn insert_lines(tx: &TenantTx, order: Uuid, lines: &[PricedLine]) -> DomainResult<()> {
    let rows = lines
        .iter()
        .zip(0_i32..)
        .map(|(line, line_no)| sales_order_lines::ActiveModel {
            organization_id: Set(tx.org().0),
            id: Set(Uuid::now_v7()),
            sales_order_id: Set(order),
            line_no: Set(line_no),
            item_id: Set(line.item_id),
            quantity: Set(line.quantity),
            shipped: Set(0),
            returned: Set(0),
            invoiced: Set(0),
            credited: Set(0),
            unit_price: Set(line.unit_price),
            discount_percent: Set(line.discount_percent),
            tax_rate_id: Set(line.tax_rate_id),
        });
    sales_order_lines::Entity::insert_many(rows)
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}

fn lines_data(lines: &[PricedLine]) -> serde_json::Value {
    let lines: Vec<serde_json::Value> = lines
        .iter()
        .map(|line| {
            serde_json::json!({
                "itemId": line.item_id,
                "quantity": Qty::from_scaled(line.quantity),
                "unitPrice": Money::from_scaled(line.unit_price),
                "discountPercent": Qty::from_scaled(line.discount_percent),
                "taxRateId": line.tax_rate_id,
            })
        })
        .collect();
    serde_json::json!({ "lines": lines })
}

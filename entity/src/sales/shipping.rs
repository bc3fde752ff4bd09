//! Shipping an order: a stock-out ledger transaction, the order's shipped quantities and the
//! release of what they had reserved, written together in the caller's transaction under the
//! order's row lock.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveValue::Set, IntoActiveModel as _, QueryFilter};

use super::amounts::net_unit_price;
use super::orders::lines_of;
use super::{Status, announce, lock_order, require_status, status_of};
use crate::entities::{sales_order_lines, sales_orders};
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};
use crate::stock::{Command, CommandLine, Kind, Recorded, Source, SourceKind};
use crate::types::Qty;
use crate::webhooks::EventType;

#[derive(Clone, Debug)]
pub struct ShipmentLine {
    pub line_id: Uuid,
    pub quantity: Qty,
}

#[derive(Clone, Debug)]
pub struct Shipment {
    pub order_id: Uuid,
    pub idempotency_key: String,
    pub note: Option<String>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub lines: Vec<ShipmentLine>,
}

/// Records goods shipped against a confirmed order: a stock-out transaction at the order's
/// location (the customer as its partner, each line's price after discount as its unit
/// price, so the sales analytics count what was sold; the order as its source), the lines'
/// shipped quantities, and their reservations released. A retry with the same idempotency
/// key returns the first shipment and changes nothing.
///
/// # Errors
/// `FORBIDDEN` below member or at a location outside the member's; `NOT_FOUND` for an order
/// or line not of this organization; `CONFLICT` when the order is not confirmed or partly
/// shipped; `BAD_USER_INPUT` for a quantity beyond what is outstanding.
#[tracing::instrument(skip_all)]
pub async fn ship(
    tx: &mut TenantTx,
    scope: &TenantScope,
    shipment: Shipment,
) -> DomainResult<(sales_orders::Model, Recorded)> {
    scope.require(Role::Member)?;
    let order = lock_order(tx, shipment.order_id).await?;
    let lines = lines_of(tx, order.id).await?;
    let by_id: HashMap<Uuid, &sales_order_lines::Model> =
        lines.iter().map(|line| (line.id, line)).collect();
    let mut seen = HashSet::new();
    let mut command_lines = Vec::with_capacity(shipment.lines.len());
    for requested in &shipment.lines {
        if !seen.insert(requested.line_id) {
            return Err(DomainError::bad_input(
                "lines.lineId",
                "a line may appear only once per shipment",
            ));
        }
        let line = by_id
            .get(&requested.line_id)
            .ok_or(DomainError::not_found("sales order line"))?;
        command_lines.push(CommandLine {
            item_id: line.item_id,
            quantity: requested.quantity,
            unit_cost: None,
            unit_price: Some(net_unit_price(line.unit_price, line.discount_percent)),
        });
    }
    let command = Command {
        kind: Kind::Out,
        location_id: order.location_id,
        to_location_id: None,
        partner_id: Some(order.customer_id),
        note: Some(
            shipment
                .note
                .unwrap_or_else(|| format!("Shipped on {}", order.number)),
        ),
        occurred_at: shipment.occurred_at,
        idempotency_key: Some(shipment.idempotency_key),
        lines: command_lines,
        source: Some(Source {
            kind: SourceKind::SalesOrder,
            id: order.id,
        }),
    };
    // A retry gets the first shipment whatever the order's state is now (the ledger answers
    // it, and releases nothing); a new one must be of an open order.
    let retried = match &command.idempotency_key {
        Some(key) => crate::stock::find_by_key(tx, key.trim()).await?.is_some(),
        None => false,
    };
    if retried {
        let recorded = crate::stock::record(tx, scope, command).await?;
        return Ok((order, recorded));
    }
    require_status(
        &order,
        &[Status::Confirmed, Status::PartiallyShipped],
        "only a confirmed order can be shipped",
    )?;
    let mut shipped: HashMap<Uuid, i64> = lines.iter().map(|l| (l.id, l.shipped)).collect();
    let mut released = Vec::with_capacity(shipment.lines.len());
    for requested in &shipment.lines {
        let Some(line) = by_id.get(&requested.line_id) else {
            continue;
        };
        let quantity = requested.quantity.scaled();
        let after = line.shipped.saturating_add(quantity);
        if quantity > 0 && after > line.quantity {
            return Err(DomainError::bad_input(
                "lines.quantity",
                format!(
                    "ships more than is outstanding ({} of this line is outstanding)",
                    Qty::from_scaled(std::cmp::max(line.quantity - line.shipped, 0))
                ),
            ));
        }
        released.push((line.item_id, quantity));
        shipped.insert(line.id, after);
    }
    // The ledger first, as every ledger write claims its idempotency key before it locks a
    // level (a shipment needs only the goods, not what is reserved); then what shipped is no
    // longer reserved for it.
    let recorded = crate::stock::record(tx, scope, command).await?;
    if recorded.replayed {
        // The same key and request committed meanwhile: nothing more to do.
        return Ok((order, recorded));
    }
    crate::stock::release(tx, order.location_id, &released).await?;
    tx.audit_target("salesOrder", order.id);
    tx.audit_note("transactionId", recorded.transaction.id);
    for requested in &shipment.lines {
        add_shipped(tx, requested.line_id, requested.quantity.scaled()).await?;
    }
    let order = restate(tx, order, &lines, &shipped).await?;
    let shipped_lines: Vec<serde_json::Value> = shipment
        .lines
        .iter()
        .map(|l| serde_json::json!({ "lineId": l.line_id, "quantity": l.quantity }))
        .collect();
    announce(
        tx,
        EventType::SalesOrderShipped,
        &order,
        serde_json::json!({
            "transactionId": recorded.transaction.id,
            "shippedLines": shipped_lines,
        }),
    )?;
    Ok((order, recorded))
}

async fn add_shipped(tx: &TenantTx, line: Uuid, quantity: i64) -> DomainResult<()> {
    use sales_order_lines::Column as C;
    sales_order_lines::Entity::update_many()
        .col_expr(C::Shipped, Expr::col(C::Shipped).add(quantity))
        .filter(C::OrganizationId.eq(tx.org().0))
        .filter(C::Id.eq(line))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Sets an open order's status from its lines' shipped quantities.
async fn restate(
    tx: &TenantTx,
    order: sales_orders::Model,
    lines: &[sales_order_lines::Model],
    shipped: &HashMap<Uuid, i64>,
) -> DomainResult<sales_orders::Model> {
    let current = status_of(&order)?;
    let status = if current.is_open() {
        let quantities: Vec<(i64, i64)> = lines
            .iter()
            .map(|l| (l.quantity, shipped.get(&l.id).copied().unwrap_or(l.shipped)))
            .collect();
        Status::from_shipments(&quantities)
    } else {
        current
    };
    let mut row = order.into_active_model();
    row.status = Set(status.as_str().to_owned());
    row.updated_at = Set(Utc::now().trunc_subsecs(6));
    Ok(row.update(tx.conn()).await?)
}

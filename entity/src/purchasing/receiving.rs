//! Receiving an order: a stock-in ledger transaction and the order's received quantities,
//! written together in the caller's transaction, under the order's row lock.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveValue::Set, IntoActiveModel as _, QueryFilter, QueryOrder as _};

use super::orders::require_status;
use super::{Status, announce, lock_order, status_of};
use crate::entities::{purchase_order_lines, purchase_orders, stock_movements};
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};
use crate::stock::{Command, CommandLine, Kind, Recorded, Source, SourceKind};
use crate::types::{Money, Qty};
use crate::webhooks::EventType;

#[derive(Clone, Debug)]
pub struct ReceiptLine {
    pub line_id: Uuid,
    pub quantity: Qty,
}

#[derive(Clone, Debug)]
pub struct Receipt {
    pub order_id: Uuid,
    /// Where the goods arrived; the order's location when `None`.
    pub location_id: Option<Uuid>,
    pub idempotency_key: Option<String>,
    pub note: Option<String>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub lines: Vec<ReceiptLine>,
}

/// Records goods received against an open order: a stock-in transaction (the supplier as its
/// partner, the lines' costs, the order as its source) and the lines' received quantities. A
/// retry with the same idempotency key returns the first receipt and changes nothing.
///
/// # Errors
/// `FORBIDDEN` below member or at a location outside the member's; `NOT_FOUND` for an order,
/// line or location not of this organization; `CONFLICT` when the order is not open;
/// `BAD_USER_INPUT` for a quantity beyond what is outstanding (unless the organization
/// allows over-receipt) and as the ledger says.
#[tracing::instrument(skip_all)]
pub async fn receive(
    tx: &mut TenantTx,
    scope: &TenantScope,
    receipt: Receipt,
) -> DomainResult<(purchase_orders::Model, Recorded)> {
    scope.require(Role::Member)?;
    let order = lock_order(tx, receipt.order_id).await?;
    let lines = lines_of(tx, order.id).await?;
    let by_id: HashMap<Uuid, &purchase_order_lines::Model> =
        lines.iter().map(|line| (line.id, line)).collect();
    let mut seen = HashSet::new();
    let mut command_lines = Vec::with_capacity(receipt.lines.len());
    for requested in &receipt.lines {
        if !seen.insert(requested.line_id) {
            return Err(DomainError::bad_input(
                "lines.lineId",
                "a line may appear only once per receipt",
            ));
        }
        let line = by_id
            .get(&requested.line_id)
            .ok_or(DomainError::not_found("purchase order line"))?;
        command_lines.push(CommandLine {
            item_id: line.item_id,
            quantity: requested.quantity,
            unit_cost: Some(Money::from_scaled(line.unit_cost)),
            unit_price: None,
        });
    }
    let command = Command {
        kind: Kind::In,
        location_id: receipt.location_id.unwrap_or(order.location_id),
        to_location_id: None,
        partner_id: Some(order.supplier_id),
        note: Some(
            receipt
                .note
                .unwrap_or_else(|| format!("Received on {}", order.number)),
        ),
        occurred_at: receipt.occurred_at,
        idempotency_key: receipt.idempotency_key,
        lines: command_lines,
        source: Some(Source {
            kind: SourceKind::PurchaseOrder,
            id: order.id,
        }),
    };
    // A retry gets the first receipt whatever the order's state is now (the ledger answers
    // it); a new receipt of an order that is not open is refused before anything is done.
    let status = status_of(&order)?;
    if !status.is_open() {
        let retried = match &command.idempotency_key {
            Some(key) => crate::stock::find_by_key(tx, key.trim()).await?.is_some(),
            None => false,
        };
        if !retried {
            require_status(
                &order,
                &[Status::Ordered, Status::PartiallyReceived],
                "only a submitted order can be received",
            )?;
        }
    }
    let recorded = crate::stock::record(tx, scope, command).await?;
    if recorded.replayed {
        return Ok((order, recorded));
    }
    tx.audit_target("purchaseOrder", order.id);
    tx.audit_note("transactionId", recorded.transaction.id);
    // Only a new receipt gets here, and only of an open order.
    require_status(
        &order,
        &[Status::Ordered, Status::PartiallyReceived],
        "only a submitted order can be received",
    )?;
    let allow_over = tx.organization().await?.allow_over_receipt;
    let mut received: HashMap<Uuid, i64> = lines.iter().map(|l| (l.id, l.received)).collect();
    for requested in &receipt.lines {
        let Some(line) = by_id.get(&requested.line_id) else {
            continue;
        };
        let after = line.received.saturating_add(requested.quantity.scaled());
        if after > line.quantity && !allow_over {
            return Err(DomainError::bad_input(
                "lines.quantity",
                format!(
                    "receives more than is outstanding ({} of this line is outstanding); \
                     the organization does not allow over-receipt",
                    Qty::from_scaled(std::cmp::max(line.quantity - line.received, 0))
                ),
            ));
        }
        add_received(tx, line.id, requested.quantity.scaled()).await?;
        received.insert(line.id, after);
    }
    let order = restate(tx, order, &lines, &received).await?;
    let receipt_lines: Vec<serde_json::Value> = receipt
        .lines
        .iter()
        .map(|l| serde_json::json!({ "lineId": l.line_id, "quantity": l.quantity }))
        .collect();
    announce(
        tx,
        EventType::PurchaseOrderReceived,
        &order,
        serde_json::json!({
            "transactionId": recorded.transaction.id,
            "receivedLines": receipt_lines,
        }),
    )?;
    Ok((order, recorded))
}

/// Takes a voided receipt's quantities off its order's lines: they are on order again (the
/// caller locked the order before touching any level).
pub(crate) async fn unreceive(
    tx: &TenantTx,
    order_id: Uuid,
    movements: &[stock_movements::Model],
) -> DomainResult<()> {
    let order = lock_order(tx, order_id).await?;
    let lines = lines_of(tx, order.id).await?;
    let line_of_item: HashMap<Uuid, &purchase_order_lines::Model> =
        lines.iter().map(|line| (line.item_id, line)).collect();
    let mut received: HashMap<Uuid, i64> = lines.iter().map(|l| (l.id, l.received)).collect();
    for movement in movements {
        if let Some(line) = line_of_item.get(&movement.item_id) {
            add_received(tx, line.id, -movement.quantity).await?;
            if let Some(total) = received.get_mut(&line.id) {
                *total -= movement.quantity;
            }
        }
    }
    let order = restate(tx, order, &lines, &received).await?;
    announce(
        tx,
        EventType::PurchaseOrderUpdated,
        &order,
        serde_json::json!({}),
    )
}

async fn lines_of(tx: &TenantTx, order: Uuid) -> DomainResult<Vec<purchase_order_lines::Model>> {
    Ok(tx
        .select::<purchase_order_lines::Entity>()
        .filter(purchase_order_lines::Column::PurchaseOrderId.eq(order))
        .order_by_asc(purchase_order_lines::Column::LineNo)
        .all(tx.conn())
        .await?)
}

async fn add_received(tx: &TenantTx, line: Uuid, quantity: i64) -> DomainResult<()> {
    use purchase_order_lines::Column as C;
    purchase_order_lines::Entity::update_many()
        .col_expr(C::Received, Expr::col(C::Received).add(quantity))
        .filter(C::OrganizationId.eq(tx.org().0))
        .filter(C::Id.eq(line))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Sets an open order's status from its lines' received quantities (a closed or cancelled
/// order stays so).
async fn restate(
    tx: &TenantTx,
    order: purchase_orders::Model,
    lines: &[purchase_order_lines::Model],
    received: &HashMap<Uuid, i64>,
) -> DomainResult<purchase_orders::Model> {
    let current = status_of(&order)?;
    let status = if matches!(
        current,
        Status::Ordered | Status::PartiallyReceived | Status::Received
    ) {
        let quantities: Vec<(i64, i64)> = lines
            .iter()
            .map(|l| {
                (
                    l.quantity,
                    received.get(&l.id).copied().unwrap_or(l.received),
                )
            })
            .collect();
        Status::from_receipts(&quantities)
    } else {
        current
    };
    let mut row = order.into_active_model();
    row.status = Set(status.as_str().to_owned());
    row.updated_at = Set(Utc::now().trunc_subsecs(6));
    Ok(row.update(tx.conn()).await?)
}

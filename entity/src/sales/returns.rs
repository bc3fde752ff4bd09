//! Returns: goods a customer sends back against an order, put back into stock or not, and a
//! credit note when they were invoiced — all in the caller's transaction under the order's
//! row lock. A retry with the same idempotency key returns the first return.

use std::collections::{HashMap, HashSet};

use chrono::{SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ActiveValue::Set, QueryFilter};

use super::amounts::net_unit_price;
use super::billing::Credit;
use super::orders::lines_of;
use super::{announce, lock_order};
use crate::entities::{sales_order_lines, sales_orders, sales_return_lines, sales_returns};
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};
use crate::stock::{Command, CommandLine, Kind, Recorded, Source, SourceKind};
use crate::types::{Qty, optional_text};
use crate::webhooks::EventType;

#[derive(Clone, Debug)]
pub struct ReturnLine {
    pub line_id: Uuid,
    pub quantity: Qty,
    /// Back into stock at the order's location (else written off: damaged, say).
    pub restock: bool,
}

#[derive(Clone, Debug)]
pub struct NewReturn {
    pub order_id: Uuid,
    pub idempotency_key: String,
    pub note: Option<String>,
    pub lines: Vec<ReturnLine>,
}

/// What a return did.
pub struct Returned {
    pub order: sales_orders::Model,
    pub sales_return: sales_returns::Model,
    /// The stock-in of what was restocked; none on a retry or when nothing was.
    pub restocked: Option<Recorded>,
}

/// Records a return: each line's returned quantity (at most what was shipped and not yet
/// returned), a stock-in of what is restocked (the order as its source), and credit notes
/// against the order's issued invoices that billed the returned goods.
///
/// # Errors
/// `FORBIDDEN` below member; `NOT_FOUND` for an order or line not of this organization;
/// `BAD_USER_INPUT` for a quantity beyond what was shipped; `CONFLICT` when the idempotency
/// key was used for a different request, or while a draft invoice of the order is open.
#[tracing::instrument(skip_all)]
pub async fn return_order(
    tx: &mut TenantTx,
    scope: &TenantScope,
    request: NewReturn,
) -> DomainResult<Returned> {
    scope.require(Role::Member)?;
    let key = crate::stock::idempotency_key(&request.idempotency_key)?;
    let note = optional_text("note", request.note.as_deref(), 1000, true)?;
    let hash = fingerprint(&request);
    let order = lock_order(tx, request.order_id).await?;
    // Under the order's lock, a retry finds the first return committed.
    if let Some(earlier) = tx
        .select::<sales_returns::Entity>()
        .filter(sales_returns::Column::IdempotencyKey.eq(key.as_str()))
        .one(tx.conn())
        .await?
    {
        if earlier.request_hash != hash || earlier.sales_order_id != order.id {
            return Err(DomainError::conflict(
                "idempotencyKey",
                "was already used for a different request",
            ));
        }
        tx.forget_audit();
        return Ok(Returned {
            order,
            sales_return: earlier,
            restocked: None,
        });
    }
    tx.audit_target("salesOrder", order.id);
    super::billing::refuse_drafts(tx, &order).await?;
    let lines = lines_of(tx, order.id).await?;
    let by_id: HashMap<Uuid, &sales_order_lines::Model> =
        lines.iter().map(|line| (line.id, line)).collect();
    check_lines(&request.lines, &by_id)?;

    let restocked: Vec<CommandLine> = request
        .lines
        .iter()
        .filter(|l| l.restock)
        .filter_map(|l| {
            by_id.get(&l.line_id).map(|line| CommandLine {
                item_id: line.item_id,
                quantity: l.quantity,
                unit_cost: None,
                // What it sold for: the sales analytics take it back off.
                unit_price: Some(net_unit_price(line.unit_price, line.discount_percent)),
            })
        })
        .collect();
    let restocked = if restocked.is_empty() {
        None
    } else {
        let command = Command {
            kind: Kind::In,
            location_id: order.location_id,
            to_location_id: None,
            partner_id: Some(order.customer_id),
            note: Some(format!("Returned on {}", order.number)),
            occurred_at: None,
            idempotency_key: None,
            lines: restocked,
            source: Some(Source {
                kind: SourceKind::SalesOrder,
                id: order.id,
            }),
        };
        Some(crate::stock::record(tx, scope, command).await?)
    };
    let transaction_id = restocked.as_ref().map(|r| r.transaction.id);
    for line in &request.lines {
        add_returned(tx, line.line_id, line.quantity.scaled()).await?;
    }
    let returned: Vec<(Uuid, i64)> = request
        .lines
        .iter()
        .map(|l| (l.line_id, l.quantity.scaled()))
        .collect();
    let row = sales_returns::Model {
        organization_id: tx.org().0,
        id: Uuid::now_v7(),
        sales_order_id: order.id,
        idempotency_key: key,
        request_hash: hash,
        transaction_id,
        note,
        created_by: scope.user.0,
        created_at: Utc::now().trunc_subsecs(6),
    };
    let active: sales_returns::ActiveModel = row.clone().into();
    sales_returns::Entity::insert(active)
        .exec_without_returning(tx.conn())
        .await
        .map_err(|error| match error.sql_err() {
            // The same key on another order's return, committed meanwhile.
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                DomainError::conflict("idempotencyKey", "was already used for a different request")
            }
            _ => error.into(),
        })?;
    let line_rows = request
        .lines
        .iter()
        .map(|l| sales_return_lines::ActiveModel {
            organization_id: Set(tx.org().0),
            return_id: Set(row.id),
            line_id: Set(l.line_id),
            quantity: Set(l.quantity.scaled()),
            restock: Set(l.restock),
        });
    sales_return_lines::Entity::insert_many(line_rows)
        .exec_without_returning(tx.conn())
        .await?;
    tx.audit_note("returnId", row.id);
    let credit = Credit {
        order: &order,
        quantities: &returned,
        sales_return: Some(row.id),
        reason: format!("Goods returned on {}", order.number),
    };
    let credit_notes: Vec<Uuid> = super::billing::credit(tx, scope, credit)
        .await?
        .iter()
        .map(|note| note.id)
        .collect();
    let returned_lines: Vec<serde_json::Value> = request
        .lines
        .iter()
        .map(|l| {
            serde_json::json!({
                "lineId": l.line_id,
                "quantity": l.quantity,
                "restock": l.restock,
            })
        })
        .collect();
    announce(
        tx,
        EventType::SalesOrderReturned,
        &order,
        serde_json::json!({
            "returnId": row.id,
            "transactionId": transaction_id,
            "creditNoteIds": credit_notes,
            "returnedLines": returned_lines,
        }),
    )?;
    Ok(Returned {
        order,
        sales_return: row,
        restocked,
    })
}

fn check_lines(
    lines: &[ReturnLine],
    by_id: &HashMap<Uuid, &sales_order_lines::Model>,
) -> DomainResult<()> {
    if lines.is_empty() {
        return Err(DomainError::bad_input(
            "lines",
            "must contain at least one line",
        ));
    }
    let mut seen = HashSet::new();
    for requested in lines {
        if !seen.insert(requested.line_id) {
            return Err(DomainError::bad_input(
                "lines.lineId",
                "a line may appear only once per return",
            ));
        }
        let line = by_id
            .get(&requested.line_id)
            .ok_or(DomainError::not_found("sales order line"))?;
        if !requested.quantity.is_positive() {
            return Err(DomainError::bad_input(
                "lines.quantity",
                "must be greater than zero",
            ));
        }
        let returnable = line.shipped - line.returned;
        if requested.quantity.scaled() > returnable {
            return Err(DomainError::bad_input(
                "lines.quantity",
                format!(
                    "returns more than was shipped and not yet returned ({})",
                    Qty::from_scaled(std::cmp::max(returnable, 0))
                ),
            ));
        }
    }
    Ok(())
}

fn fingerprint(request: &NewReturn) -> String {
    let mut text = format!("{}|{:?}", request.order_id, request.note);
    for line in &request.lines {
        text.push_str(&format!(
            "|{}:{}:{}",
            line.line_id,
            line.quantity.scaled(),
            line.restock
        ));
    }
    crate::secret::hash(&text)
}

async fn add_returned(tx: &TenantTx, line: Uuid, quantity: i64) -> DomainResult<()> {
    use sales_order_lines::Column as C;
    sales_order_lines::Entity::update_many()
        .col_expr(C::Returned, Expr::col(C::Returned).add(quantity))
        .filter(C::OrganizationId.eq(tx.org().0))
        .filter(C::Id.eq(line))
        .exec(tx.conn())
        .await?;
    Ok(())
}

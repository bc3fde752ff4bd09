//! Writing to the ledger, inside the caller's transaction (so an order or an import records
//! stock in the same unit of work as its own rows): levels locked in a fixed order (item, then
//! location) so concurrent requests never deadlock, all lines or none, and never below zero
//! unless the organization allows it. The transaction header carries the idempotency key: a
//! concurrent request with the same key waits for the first to commit, then returns its result.

use chrono::{SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DbBackend, DbErr, QueryFilter, QueryTrait as _, SqlErr};

use super::command::{Command, Kind, Source, SourceKind};
use super::level::{Change, Moment, change_level};
use crate::alerts::LevelChange;
use crate::catalogue::ensure_exist;
use crate::entities::{items, locations, partners, stock_movements, stock_transactions};
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};
use crate::types::Qty;

/// What a ledger write produced.
pub struct Recorded {
    pub transaction: stock_transactions::Model,
    /// In line order.
    pub movements: Vec<stock_movements::Model>,
    /// Each touched level after the write, as `(item, location, quantity)`; empty on replay.
    pub levels: Vec<(Uuid, Uuid, Qty)>,
    /// The result of an earlier request with the same idempotency key.
    pub replayed: bool,
}

#[derive(Clone, Copy, Debug)]
struct Effect {
    item: Uuid,
    location: Uuid,
    change: Change,
    unit_cost: Option<i64>,
    unit_price: Option<i64>,
}

struct Plan {
    kind: Kind,
    location: Uuid,
    to_location: Option<Uuid>,
    partner: Option<Uuid>,
    note: Option<String>,
    occurred_at: Option<DateTimeUtc>,
    voids: Option<Uuid>,
    source: Option<Source>,
    idempotency_key: Option<String>,
    fingerprint: String,
    /// In line order.
    effects: Vec<Effect>,
}

/// Records stock coming in, going out, counted or moved, in the caller's transaction (the
/// caller commits; on an error it must not, and nothing is written).
///
/// # Errors
/// `FORBIDDEN` below member; `BAD_USER_INPUT` naming the field; `NOT_FOUND` for an item,
/// location or partner not of this organization; `INSUFFICIENT_STOCK` for a short line;
/// `CONFLICT` when the idempotency key was used for another request.
#[tracing::instrument(skip_all)]
pub async fn record(
    tx: &mut TenantTx,
    scope: &TenantScope,
    mut command: Command,
) -> DomainResult<Recorded> {
    scope.require(Role::Member)?;
    if command.kind == Kind::Void {
        return Err(DomainError::bad_input(
            "kind",
            "use void to reverse a transaction",
        ));
    }
    command.validate()?;
    let fingerprint = command.fingerprint();
    let returned = command
        .source
        .is_some_and(|source| source.kind == SourceKind::SalesOrder);
    let effects = command
        .lines
        .iter()
        .flat_map(|line| {
            let base = Effect {
                item: line.item_id,
                location: command.location_id,
                change: Change::By(0),
                unit_cost: line.unit_cost.map(|m| m.scaled()),
                unit_price: line.unit_price.map(|m| m.scaled()),
            };
            let q = line.quantity.scaled();
            match (command.kind, command.to_location_id) {
                // A sales order's restocked return keeps its price: the sales analytics take
                // it off what was sold.
                (Kind::In, _) => vec![Effect {
                    change: Change::By(q),
                    unit_price: base.unit_price.filter(|_| returned),
                    ..base
                }],
                (Kind::Out, _) => vec![Effect {
                    change: Change::By(-q),
                    unit_cost: None,
                    ..base
                }],
                (Kind::Adjust, _) => vec![Effect {
                    change: Change::To(q),
                    unit_price: None,
                    ..base
                }],
                (Kind::Move, Some(to)) => vec![
                    Effect {
                        change: Change::By(-q),
                        unit_price: None,
                        ..base
                    },
                    Effect {
                        location: to,
                        change: Change::By(q),
                        unit_price: None,
                        ..base
                    },
                ],
                (Kind::Move | Kind::Void, _) => Vec::new(),
            }
        })
        .collect();
    let plan = Plan {
        kind: command.kind,
        location: command.location_id,
        to_location: command.to_location_id,
        partner: command.partner_id,
        note: command.note,
        occurred_at: command.occurred_at,
        voids: None,
        source: command.source,
        idempotency_key: command.idempotency_key,
        fingerprint,
        effects,
    };
    apply(tx, scope, &plan).await
}

/// Reverses a transaction with a new one (the ledger is never edited). Voiding an order's
/// receipt puts its quantities back on order, in the same transaction.
///
/// # Errors
/// `NOT_FOUND`; `BAD_USER_INPUT` for a void; `CONFLICT` when already voided;
/// `INSUFFICIENT_STOCK` when the reversal would take a level below zero.
#[tracing::instrument(skip_all)]
pub async fn void(
    tx: &mut TenantTx,
    scope: &TenantScope,
    transaction_id: Uuid,
    note: Option<String>,
    idempotency_key: Option<String>,
) -> DomainResult<Recorded> {
    scope.require(Role::Member)?;
    let original = super::queries::transaction(tx, transaction_id).await?;
    if original.kind == Kind::Void {
        return Err(DomainError::bad_input(
            "id",
            "a void cannot be voided; record the movement again",
        ));
    }
    let source = Source::of(&original);
    // The order's row is locked before any level, as receiving does, so the two never deadlock.
    match source {
        Some(Source {
            kind: SourceKind::PurchaseOrder,
            id,
        }) => {
            crate::purchasing::lock_order(tx, id).await?;
        }
        Some(Source {
            kind: SourceKind::SalesOrder,
            ..
        }) => {
            // Shipments are billed and returns credited: a return corrects them, not a void.
            return Err(DomainError::conflict(
                "id",
                "a sales order's shipment or return cannot be voided; record a return instead",
            ));
        }
        None => {}
    }
    let movements = super::queries::movements_of_transactions(tx, &[transaction_id]).await?;
    let effects = movements
        .iter()
        .map(|m| Effect {
            item: m.item_id,
            location: m.location_id,
            change: Change::By(-m.quantity),
            unit_cost: m.unit_cost,
            unit_price: m.unit_price,
        })
        .collect();
    let plan = Plan {
        kind: Kind::Void,
        location: original.location_id,
        to_location: original.to_location_id,
        partner: original.partner_id,
        note: crate::types::optional_text("note", note.as_deref(), 1000, true)?,
        occurred_at: None,
        voids: Some(transaction_id),
        source,
        idempotency_key,
        fingerprint: format!("void|{transaction_id}"),
        effects,
    };
    let recorded = apply(tx, scope, &plan).await?;
    if let Some(Source {
        kind: SourceKind::PurchaseOrder,
        id,
    }) = source
        && !recorded.replayed
    {
        crate::purchasing::unreceive(tx, id, &movements).await?;
    }
    Ok(recorded)
}

/// The earlier result of a request with this plan's idempotency key, when there is one.
async fn earlier(tx: &mut TenantTx, plan: &Plan) -> DomainResult<Option<Recorded>> {
    let Some(key) = &plan.idempotency_key else {
        return Ok(None);
    };
    let Some(existing) = find_by_key(tx, key).await? else {
        return Ok(None);
    };
    // A replay changes nothing, so it leaves no entry in the audit log either.
    tx.forget_audit();
    replay(tx, existing, &plan.fingerprint).await.map(Some)
}

/// The transaction recorded with this idempotency key, if any.
///
/// # Errors
/// On database failure.
pub async fn find_by_key(
    tx: &TenantTx,
    key: &str,
) -> DomainResult<Option<stock_transactions::Model>> {
    Ok(tx
        .select::<stock_transactions::Entity>()
        .filter(stock_transactions::Column::IdempotencyKey.eq(key))
        .one(tx.conn())
        .await?)
}

async fn replay(
    tx: &TenantTx,
    existing: stock_transactions::Model,
    fingerprint: &str,
) -> DomainResult<Recorded> {
    if existing.request_hash.as_deref() != Some(fingerprint) {
        return Err(DomainError::conflict(
            "idempotencyKey",
            "was already used for a different request",
        ));
    }
    let movements = super::queries::movements_of_transactions(tx, &[existing.id]).await?;
    Ok(Recorded {
        transaction: existing,
        movements,
        levels: Vec::new(),
        replayed: true,
    })
}

async fn apply(tx: &mut TenantTx, scope: &TenantScope, plan: &Plan) -> DomainResult<Recorded> {
    if let Some(recorded) = earlier(tx, plan).await? {
        return Ok(recorded);
    }
    let allow_negative = tx.organization().await?.allow_negative_stock;
    let mut location_ids = vec![plan.location];
    location_ids.extend(plan.to_location);
    for location in &location_ids {
        tx.locations().require(*location)?;
    }
    // PostgreSQL names the missing row in the foreign-key violation of the statement that
    // refers to it (see `missing_reference`); SQLite does not, so it is asked first.
    if tx.conn().get_database_backend() != DbBackend::Postgres {
        ensure_exist::<locations::Entity>(tx, locations::Column::Id, &location_ids, "location")
            .await?;
        if let Some(partner) = plan.partner {
            ensure_exist::<partners::Entity>(tx, partners::Column::Id, &[partner], "partner")
                .await?;
        }
        let item_ids: Vec<Uuid> = plan.effects.iter().map(|e| e.item).collect();
        ensure_exist::<items::Entity>(tx, items::Column::Id, &item_ids, "item").await?;
    }

    // At the database's precision (microseconds), so what this request answers is what later
    // reads return.
    let now = Utc::now().trunc_subsecs(6);
    let occurred_at = plan.occurred_at.map_or(now, |at| at.round_subsecs(6));
    // A movement dated now is never inside a closed period (none closes beyond today).
    if plan.occurred_at.is_some() {
        super::period::ensure_open(tx, occurred_at).await?;
    }
    let header = stock_transactions::Model {
        organization_id: tx.org().0,
        id: Uuid::now_v7(),
        kind: plan.kind,
        location_id: plan.location,
        to_location_id: plan.to_location,
        partner_id: plan.partner,
        note: plan.note.clone(),
        occurred_at,
        created_at: now,
        author_user_id: scope.user.0,
        voids_transaction_id: plan.voids,
        idempotency_key: plan.idempotency_key.clone(),
        request_hash: Some(plan.fingerprint.clone()),
        source_type: plan.source.map(|s| s.kind.as_str().to_owned()),
        source_id: plan.source.map(|s| s.id),
    };
    let transaction =
        if plan.idempotency_key.is_none() && plan.voids.is_none() && plan.partner.is_none() {
            // Nothing can conflict with this header (its id is new) and nothing in it can be
            // missing that the level upserts do not check first (a level exists only for an
            // existing item and location), so it goes with the commit, like the movements.
            let row: stock_transactions::ActiveModel = header.clone().into();
            tx.insert_at_commit(stock_transactions::Entity::insert(row).into_query());
            header
        } else {
            match claim(tx, plan, header).await? {
                Claimed::New(transaction) => transaction,
                Claimed::Earlier(recorded) => return Ok(recorded),
            }
        };
    tx.audit_target("stockTransaction", transaction.id);

    let shipment = plan.kind == Kind::Out
        && plan
            .source
            .is_some_and(|source| source.kind == SourceKind::SalesOrder);
    // Lock and change levels in (item, location) order.
    let mut order: Vec<usize> = (0..plan.effects.len()).collect();
    order.sort_by_key(|&i| (plan.effects[i].item, plan.effects[i].location));
    let mut deltas = vec![0_i64; plan.effects.len()];
    let mut levels = Vec::with_capacity(order.len());
    let mut changes = Vec::with_capacity(order.len());
    let at = Moment { occurred_at, now };
    for i in order {
        let effect = plan.effects[i];
        let (delta, after, level) = change_level(
            tx,
            effect.item,
            effect.location,
            effect.change,
            at,
            allow_negative,
        )
        .await?;
        // What is reserved for confirmed sales orders is not there to take. A shipment takes
        // what was reserved for it (released before it gets here): it needs the goods only,
        // even when a count left less than is promised. A count records what is there.
        let taken = matches!(effect.change, Change::By(_)) && delta < 0;
        let floor = if shipment { 0 } else { level.reserved };
        if taken && after - floor < 0 && !allow_negative {
            return Err(DomainError::InsufficientStock {
                item_id: effect.item,
                location_id: effect.location,
                available: Qty::from_scaled(std::cmp::max(after - delta - floor, 0)),
                requested: Qty::from_scaled(-delta),
                at: None,
            });
        }
        if after.unsigned_abs() > MAX_LEVEL.unsigned_abs() {
            return Err(DomainError::bad_input(
                "lines.quantity",
                "would bring a stock level beyond 1000000000000 in magnitude",
            ));
        }
        deltas[i] = delta;
        levels.push((effect.item, effect.location, Qty::from_scaled(after)));
        changes.push(LevelChange {
            item: effect.item,
            location: effect.location,
            after,
            delta,
            safety_stock: level.safety_stock,
            location_threshold: level.location_threshold,
        });
    }
    announce(tx, &transaction, plan, &deltas, &levels)?;
    crate::alerts::detect_crossings(tx, &changes).await?;

    let movements: Vec<stock_movements::Model> = plan
        .effects
        .iter()
        .zip(deltas)
        .zip(0_i32..)
        .map(|((effect, delta), line_no)| stock_movements::Model {
            organization_id: tx.org().0,
            transaction_id: transaction.id,
            line_no,
            item_id: effect.item,
            location_id: effect.location,
            quantity: delta,
            unit_cost: effect.unit_cost,
            unit_price: effect.unit_price,
            occurred_at,
        })
        .collect();
    let rows: Vec<stock_movements::ActiveModel> =
        movements.iter().cloned().map(Into::into).collect();
    tx.insert_at_commit(stock_movements::Entity::insert_many(rows).into_query());
    crate::analytics::enqueue(tx, transaction.id).await?;
    Ok(Recorded {
        transaction,
        movements,
        levels,
        replayed: false,
    })
}

/// The webhook events of a recorded transaction: the transaction, then each level it changed.
fn announce(
    tx: &TenantTx,
    transaction: &stock_transactions::Model,
    plan: &Plan,
    deltas: &[i64],
    levels: &[(Uuid, Uuid, Qty)],
) -> DomainResult<()> {
    use crate::types::Money;
    use crate::webhooks::{EventType, emit};
    if !tx.may_have_webhooks() {
        return Ok(());
    }
    let lines: Vec<serde_json::Value> = plan
        .effects
        .iter()
        .zip(deltas)
        .map(|(effect, delta)| {
            serde_json::json!({
                "itemId": effect.item,
                "locationId": effect.location,
                "quantity": Qty::from_scaled(*delta),
                "unitCost": effect.unit_cost.map(Money::from_scaled),
                "unitPrice": effect.unit_price.map(Money::from_scaled),
            })
        })
        .collect();
    let kind = if plan.voids.is_some() {
        EventType::TransactionVoided
    } else {
        EventType::TransactionRecorded
    };
    emit(
        tx,
        kind,
        &serde_json::json!({
            "id": transaction.id,
            "kind": transaction.kind.as_str().to_uppercase(),
            "locationId": transaction.location_id,
            "toLocationId": transaction.to_location_id,
            "partnerId": transaction.partner_id,
            "note": transaction.note,
            "occurredAt": transaction.occurred_at,
            "source": plan.source.map(|source| serde_json::json!({
                "type": source.kind.as_str().to_uppercase(),
                "id": source.id,
            })),
            "voidsTransactionId": transaction.voids_transaction_id,
            "lines": lines,
        }),
    )?;
    for (item, location, quantity) in levels {
        emit(
            tx,
            EventType::StockChanged,
            &serde_json::json!({
                "itemId": item,
                "locationId": location,
                "quantity": quantity,
                "transactionId": transaction.id,
            }),
        )?;
    }
    Ok(())
}

enum Claimed {
    New(stock_transactions::Model),
    /// The result of an earlier request with the same idempotency key.
    Earlier(Recorded),
}

/// Inserts `header` before any level is touched, claiming its idempotency key (or the voided
/// transaction): a conflict leaves the transaction usable, and on PostgreSQL the insert waits
/// for a concurrent request holding the same key to commit, whose result is then replayed.
async fn claim(
    tx: &mut TenantTx,
    plan: &Plan,
    header: stock_transactions::Model,
) -> DomainResult<Claimed> {
    // No conflict target: the idempotency key's and the voided transaction's unique keys both.
    let row: stock_transactions::ActiveModel = header.into();
    let inserted = stock_transactions::Entity::insert(row)
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .exec_with_returning(tx.conn())
        .await;
    // SeaORM reports an insert that `DO NOTHING` skipped as "not found" (nothing returned).
    match inserted {
        Ok(transaction) => return Ok(Claimed::New(transaction)),
        Err(DbErr::RecordNotFound(_) | DbErr::RecordNotInserted) => {}
        Err(error) => return Err(missing_reference(error)),
    }
    if let Some(recorded) = earlier(tx, plan).await? {
        return Ok(Claimed::Earlier(recorded));
    }
    Err(if plan.voids.is_some() {
        DomainError::conflict("id", "this transaction was already voided")
    } else {
        DomainError::conflict(
            "idempotencyKey",
            "is in use by a request still running; retry",
        )
    })
}

/// The largest magnitude a stock level may reach (a trillion units, scaled), so levels, their
/// sums across locations and their value at cost stay exact.
const MAX_LEVEL: i64 = 1_000_000_000_000 * 10_000;

/// A foreign-key violation as the `NOT_FOUND` of the row it refers to (PostgreSQL names the
/// constraint, `fk_<table>_<column>`); any other error as it is.
pub(super) fn missing_reference(error: DbErr) -> DomainError {
    if let Some(SqlErr::ForeignKeyConstraintViolation(message)) = error.sql_err() {
        for (column, entity) in [
            ("location_id", "location"),
            ("partner_id", "partner"),
            ("item_id", "item"),
        ] {
            if message.contains(&format!("_{column}\"")) {
                return DomainError::not_found(entity);
            }
        }
    }
    error.into()
}

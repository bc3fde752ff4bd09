//! The worker's side: claim endpoints with events to send under a lease, read their events
//! in order, log each attempt and move the endpoint's position, retry with back-off, and
//! disable an endpoint that failed for too long (telling its admins through the outbox).
//!
//! Every change a worker makes to an endpoint names the lease token of its claim, so a worker
//! whose lease ran out (it stalled, and another took over) changes nothing.

use chrono::{DateTime, Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _, LockBehavior, LockType, Order, Query};
use sea_orm::{
    ActiveValue::Set, Condition, DatabaseConnection, DatabaseTransaction, DbBackend,
    QueryOrder as _, QuerySelect as _,
};
use serde::{Deserialize, Serialize};

use super::DeliveryStatus;
use crate::entities::{webhook_deliveries, webhook_endpoints, webhook_events};
use crate::error::DomainResult;
use crate::outbox;
use crate::scope::{OrgId, begin_outbox_worker};

/// The outbox payload of [`outbox::Topic::WebhookDisabled`]: tells an organization's admins
/// an endpoint was disabled.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EndpointDisabled {
    pub endpoint_id: Uuid,
    pub url: String,
    pub reason: String,
}

/// What one attempt to send an event got.
#[derive(Clone, Debug, Default)]
pub struct Attempt {
    pub status_code: Option<u16>,
    pub latency_ms: u32,
    /// Why it failed, when it did (a non-2xx answer, a timeout, a refused address).
    pub error: Option<String>,
    /// The start of the answer's body.
    pub response_body: Option<String>,
}

impl Attempt {
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
            && self
                .status_code
                .is_some_and(|code| (200..300).contains(&code))
    }
}

/// A claimed endpoint: its row and the token its changes must name.
#[derive(Clone, Debug)]
pub struct Claim {
    pub endpoint: webhook_endpoints::Model,
    pub token: Uuid,
}

/// Claims up to `limit` enabled endpoints that are due and have events past their position,
/// for `lease` (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so workers share them).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn claim_endpoints(
    db: &DatabaseConnection,
    limit: u64,
    lease: Duration,
) -> DomainResult<Vec<Claim>> {
    use webhook_endpoints::Column as C;
    let now = Utc::now();
    let token = Uuid::new_v4();
    let backend = db.get_database_backend();
    let mut due = Query::select();
    due.columns([C::OrganizationId, C::Id])
        .from(webhook_endpoints::Entity)
        .and_where(Expr::col(C::Enabled).eq(true))
        .and_where(Expr::col(C::NextAttemptAt).lte(now))
        .cond_where(
            Condition::any()
                .add(Expr::col(C::LeaseUntil).is_null())
                .add(Expr::col(C::LeaseUntil).lt(now)),
        )
        .and_where(Expr::cust(
            "EXISTS (SELECT 1 FROM webhook_events e \
             WHERE e.organization_id = webhook_endpoints.organization_id \
             AND e.sequence > webhook_endpoints.delivered_through)",
        ))
        .order_by(C::NextAttemptAt, Order::Asc)
        .limit(limit);
    if backend == DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let mut claim = Query::update();
    claim
        .table(webhook_endpoints::Entity)
        .value(C::LeaseUntil, now + lease)
        .value(C::LeaseToken, token)
        .and_where(Expr::tuple([Expr::col(C::OrganizationId), Expr::col(C::Id)]).in_subquery(due))
        .returning_all();
    let txn = begin_outbox_worker(db).await?;
    let endpoints = webhook_endpoints::Entity::find()
        .from_raw_sql(backend.build(&claim))
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(endpoints
        .into_iter()
        .map(|endpoint| Claim { endpoint, token })
        .collect())
}

fn held(claim: &Claim) -> Condition {
    use webhook_endpoints::Column as C;
    Condition::all()
        .add(C::OrganizationId.eq(claim.endpoint.organization_id))
        .add(C::Id.eq(claim.endpoint.id))
        .add(C::LeaseToken.eq(claim.token))
}

/// Up to `limit` events of the claimed endpoint's organization past `after`, in order.
///
/// # Errors
/// On database failure.
pub async fn events_after(
    db: &DatabaseConnection,
    org: OrgId,
    after: i64,
    limit: u64,
) -> DomainResult<Vec<webhook_events::Model>> {
    let txn = begin_outbox_worker(db).await?;
    let events = webhook_events::Entity::find()
        .filter(webhook_events::Column::OrganizationId.eq(org.0))
        .filter(webhook_events::Column::Sequence.gt(after))
        .order_by_asc(webhook_events::Column::Sequence)
        .limit(limit)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(events)
}

/// Extends the claim's lease; `false` when it was lost or the endpoint was disabled
/// meanwhile.
///
/// # Errors
/// On database failure.
pub async fn renew(db: &DatabaseConnection, claim: &Claim, lease: Duration) -> DomainResult<bool> {
    let txn = begin_outbox_worker(db).await?;
    let renewed = webhook_endpoints::Entity::update_many()
        .col_expr(
            webhook_endpoints::Column::LeaseUntil,
            Expr::value(Utc::now() + lease),
        )
        .filter(held(claim))
        .filter(webhook_endpoints::Column::Enabled.eq(true))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(renewed == 1)
}

/// Moves the endpoint's position to `through` (events it does not subscribe to, or one just
/// delivered) and clears its failures; `false` when the lease was lost.
async fn advance(txn: &DatabaseTransaction, claim: &Claim, through: i64) -> DomainResult<bool> {
    use webhook_endpoints::Column as C;
    let moved = webhook_endpoints::Entity::update_many()
        .col_expr(C::DeliveredThrough, Expr::value(through))
        .col_expr(C::Failures, Expr::value(0))
        .col_expr(C::FailingSince, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(held(claim))
        .filter(C::DeliveredThrough.lt(through))
        .exec(txn)
        .await?
        .rows_affected;
    Ok(moved == 1)
}

/// Moves past events the endpoint does not subscribe to.
///
/// # Errors
/// On database failure.
pub async fn skip_through(
    db: &DatabaseConnection,
    claim: &Claim,
    through: i64,
) -> DomainResult<bool> {
    let txn = begin_outbox_worker(db).await?;
    let moved = advance(&txn, claim, through).await?;
    txn.commit().await?;
    Ok(moved)
}

fn log_row(
    org: Uuid,
    endpoint: Uuid,
    event: &webhook_events::Model,
    number: i32,
    redelivery: bool,
    attempt: &Attempt,
) -> webhook_deliveries::ActiveModel {
    let now = Utc::now();
    let status = if attempt.succeeded() {
        DeliveryStatus::Succeeded
    } else {
        DeliveryStatus::Failed
    };
    webhook_deliveries::ActiveModel {
        organization_id: Set(org),
        id: Set(Uuid::now_v7()),
        endpoint_id: Set(endpoint),
        sequence: Set(event.sequence),
        event_id: Set(event.id),
        event_type: Set(event.event_type.clone()),
        attempt: Set(number),
        redelivery: Set(redelivery),
        status: Set(status.as_str().to_owned()),
        status_code: Set(attempt.status_code.map(i32::from)),
        latency_ms: Set(Some(i32::try_from(attempt.latency_ms).unwrap_or(i32::MAX))),
        error: Set(attempt.error.as_deref().map(|e| truncate(e, 1000))),
        response_body: Set(attempt.response_body.as_deref().map(|b| truncate(b, 2000))),
        created_at: Set(now),
        attempted_at: Set(Some(now)),
        lease_until: Set(None),
    }
}

/// At most `max` bytes of `text`, cut at a character boundary.
pub fn truncate(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// What the endpoint does after a failed attempt.
#[derive(Clone, Copy, Debug)]
pub enum AfterFailure {
    RetryAt(DateTime<Utc>),
    /// Failing for too long: disable it and tell the admins.
    Disable,
}

/// Logs an attempt at the claimed endpoint's next event and moves on: past the event when it
/// succeeded; otherwise a retry (releasing the claim) or the endpoint disabled. `false` when
/// the lease was lost (nothing is written then).
///
/// # Errors
/// On database failure.
pub async fn record(
    db: &DatabaseConnection,
    claim: &Claim,
    event: &webhook_events::Model,
    attempt: &Attempt,
    after_failure: impl FnOnce(i32, DateTime<Utc>) -> AfterFailure,
) -> DomainResult<bool> {
    use webhook_endpoints::Column as C;
    let endpoint = &claim.endpoint;
    let txn = begin_outbox_worker(db).await?;
    let Some(current) = webhook_endpoints::Entity::find()
        .filter(held(claim))
        .one(&txn)
        .await?
    else {
        return Ok(false);
    };
    let number = current.failures.saturating_add(1);
    webhook_deliveries::Entity::insert(log_row(
        endpoint.organization_id,
        endpoint.id,
        event,
        number,
        false,
        attempt,
    ))
    .exec_without_returning(&txn)
    .await?;
    if attempt.succeeded() {
        if !advance(&txn, claim, event.sequence).await? {
            // Lost meanwhile (an admin changed the endpoint): dropping `txn` rolls back.
            return Ok(false);
        }
    } else {
        let now = Utc::now();
        let failing_since = current.failing_since.unwrap_or(now);
        let mut update = webhook_endpoints::Entity::update_many()
            .col_expr(C::Failures, Expr::value(number))
            .col_expr(C::FailingSince, Expr::value(Some(failing_since)))
            .col_expr(C::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::LeaseToken, Expr::value(Option::<Uuid>::None))
            .filter(held(claim));
        match after_failure(number, failing_since) {
            AfterFailure::RetryAt(at) => {
                update = update.col_expr(C::NextAttemptAt, Expr::value(at));
            }
            AfterFailure::Disable => {
                let reason = format!(
                    "disabled after failing since {}: {}",
                    failing_since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    attempt.error.as_deref().unwrap_or("no answer"),
                );
                let reason = truncate(&reason, 500);
                update = update
                    .col_expr(C::Enabled, Expr::value(false))
                    .col_expr(C::DisabledReason, Expr::value(Some(reason.clone())));
                let notice = EndpointDisabled {
                    endpoint_id: endpoint.id,
                    url: endpoint.url.clone(),
                    reason,
                };
                let event = outbox::event(
                    OrgId(endpoint.organization_id),
                    outbox::Topic::WebhookDisabled,
                    &notice,
                )?;
                outbox_events_insert(&txn, event).await?;
            }
        }
        if update.exec(&txn).await?.rows_affected == 0 {
            return Ok(false);
        }
    }
    txn.commit().await?;
    Ok(true)
}

async fn outbox_events_insert(
    txn: &DatabaseTransaction,
    event: crate::entities::outbox_events::ActiveModel,
) -> DomainResult<()> {
    crate::entities::outbox_events::Entity::insert(event)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// Ends the claim (caught up, its turn over, or stopping); the endpoint queues behind other
/// due endpoints.
///
/// # Errors
/// On database failure.
pub async fn release(db: &DatabaseConnection, claim: &Claim) -> DomainResult<()> {
    use webhook_endpoints::Column as C;
    let txn = begin_outbox_worker(db).await?;
    webhook_endpoints::Entity::update_many()
        .col_expr(C::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(C::LeaseToken, Expr::value(Option::<Uuid>::None))
        .col_expr(C::NextAttemptAt, Expr::value(Utc::now()))
        .filter(held(claim))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A redelivery someone asked for, claimed, with what it sends.
#[derive(Clone, Debug)]
pub struct Redelivery {
    pub delivery: webhook_deliveries::Model,
    pub endpoint: webhook_endpoints::Model,
    pub event: webhook_events::Model,
}

/// Claims up to `limit` pending redeliveries for `lease`. One whose endpoint or event is gone
/// is marked failed.
///
/// # Errors
/// On database failure.
pub async fn claim_redeliveries(
    db: &DatabaseConnection,
    limit: u64,
    lease: Duration,
) -> DomainResult<Vec<Redelivery>> {
    use webhook_deliveries::Column as C;
    let now = Utc::now();
    let backend = db.get_database_backend();
    let mut due = Query::select();
    due.columns([C::OrganizationId, C::Id])
        .from(webhook_deliveries::Entity)
        .and_where(Expr::col(C::Status).eq(DeliveryStatus::Pending.as_str()))
        .cond_where(
            Condition::any()
                .add(Expr::col(C::LeaseUntil).is_null())
                .add(Expr::col(C::LeaseUntil).lt(now)),
        )
        .order_by(C::CreatedAt, Order::Asc)
        .limit(limit);
    if backend == DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let mut claim = Query::update();
    claim
        .table(webhook_deliveries::Entity)
        .value(C::LeaseUntil, now + lease)
        .and_where(Expr::tuple([Expr::col(C::OrganizationId), Expr::col(C::Id)]).in_subquery(due))
        .returning_all();
    let txn = begin_outbox_worker(db).await?;
    let deliveries = webhook_deliveries::Entity::find()
        .from_raw_sql(backend.build(&claim))
        .all(&txn)
        .await?;
    let mut claimed = Vec::with_capacity(deliveries.len());
    for delivery in deliveries {
        let endpoint = webhook_endpoints::Entity::find()
            .filter(webhook_endpoints::Column::OrganizationId.eq(delivery.organization_id))
            .filter(webhook_endpoints::Column::Id.eq(delivery.endpoint_id))
            .one(&txn)
            .await?;
        let event = webhook_events::Entity::find()
            .filter(webhook_events::Column::OrganizationId.eq(delivery.organization_id))
            .filter(webhook_events::Column::Sequence.eq(delivery.sequence))
            .one(&txn)
            .await?;
        match (endpoint, event) {
            (Some(endpoint), Some(_)) if !endpoint.enabled => {
                let off = Attempt {
                    error: Some("the endpoint is disabled".to_owned()),
                    ..Attempt::default()
                };
                finish_in(&txn, &delivery, &off).await?;
            }
            (Some(endpoint), Some(event)) => claimed.push(Redelivery {
                delivery,
                endpoint,
                event,
            }),
            _ => {
                let gone = Attempt {
                    error: Some("the event is no longer kept".to_owned()),
                    ..Attempt::default()
                };
                finish_in(&txn, &delivery, &gone).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(claimed)
}

async fn finish_in(
    txn: &DatabaseTransaction,
    delivery: &webhook_deliveries::Model,
    attempt: &Attempt,
) -> DomainResult<()> {
    let mut row = log_row(
        delivery.organization_id,
        delivery.endpoint_id,
        &webhook_events::Model {
            organization_id: delivery.organization_id,
            sequence: delivery.sequence,
            id: delivery.event_id,
            event_type: delivery.event_type.clone(),
            occurred_at: delivery.created_at,
            data: String::new(),
        },
        delivery.attempt,
        true,
        attempt,
    );
    row.id = Set(delivery.id);
    row.created_at = Set(delivery.created_at);
    webhook_deliveries::Entity::update(row).exec(txn).await?;
    Ok(())
}

/// Logs how a claimed redelivery went.
///
/// # Errors
/// On database failure.
pub async fn finish_redelivery(
    db: &DatabaseConnection,
    delivery: &webhook_deliveries::Model,
    attempt: &Attempt,
) -> DomainResult<()> {
    let txn = begin_outbox_worker(db).await?;
    finish_in(&txn, delivery, attempt).await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes up to `batch` events that occurred before `cutoff` and as many delivery log rows
/// made before it; returns how many rows went.
///
/// # Errors
/// On database failure.
pub async fn prune(
    db: &DatabaseConnection,
    cutoff: DateTime<Utc>,
    batch: u64,
) -> DomainResult<u64> {
    let txn = begin_outbox_worker(db).await?;
    let mut events = Query::select();
    events
        .columns([
            webhook_events::Column::OrganizationId,
            webhook_events::Column::Sequence,
        ])
        .from(webhook_events::Entity)
        .and_where(Expr::col(webhook_events::Column::OccurredAt).lt(cutoff))
        .limit(batch);
    let gone_events = webhook_events::Entity::delete_many()
        .filter(
            Expr::tuple([
                Expr::col(webhook_events::Column::OrganizationId),
                Expr::col(webhook_events::Column::Sequence),
            ])
            .in_subquery(events),
        )
        .exec(&txn)
        .await?
        .rows_affected;
    let mut logs = Query::select();
    logs.columns([
        webhook_deliveries::Column::OrganizationId,
        webhook_deliveries::Column::Id,
    ])
    .from(webhook_deliveries::Entity)
    .and_where(Expr::col(webhook_deliveries::Column::CreatedAt).lt(cutoff))
    .and_where(Expr::col(webhook_deliveries::Column::Status).ne(DeliveryStatus::Pending.as_str()))
    .limit(batch);
    let gone_logs = webhook_deliveries::Entity::delete_many()
        .filter(
            Expr::tuple([
                Expr::col(webhook_deliveries::Column::OrganizationId),
                Expr::col(webhook_deliveries::Column::Id),
            ])
            .in_subquery(logs),
        )
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(std::cmp::max(gone_events, gone_logs))
}

/// The organization's name and its owners and admins, to tell about a disabled endpoint.
///
/// # Errors
/// On database failure.
pub async fn admins(
    db: &DatabaseConnection,
    org: OrgId,
) -> DomainResult<(String, Vec<crate::alerts::Recipient>)> {
    use crate::entities::{memberships, users};
    use crate::scope::{Role, TenantTx};
    let tx = TenantTx::begin_for(db, org, None).await?;
    let organization = crate::team::get_organization(&tx).await?.name;
    let admins = tx
        .select::<memberships::Entity>()
        .filter(memberships::Column::Role.is_in([Role::Owner, Role::Admin]))
        .find_also_related(users::Entity)
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    let recipients = admins
        .into_iter()
        .filter_map(|(_, user)| user)
        .map(|u| crate::alerts::Recipient {
            user_id: u.id,
            email: u.email,
            name: u.name,
        })
        .collect();
    Ok((organization, recipients))
}

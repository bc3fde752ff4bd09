//! The transactional outbox: domain writes enqueue events in their own transaction; workers
//! claim them under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so any number of workers
//! share the queue) that they [`extend`] while the work goes on, and retry failures with capped
//! back-off. Every claim counts as an attempt. An event is parked, where an operator can see
//! and retry it, after [`MAX_ATTEMPTS`] permanent failures, after [`MAX_ATTEMPTS`] claims that
//! ended with the worker gone (`crashes`), or when transient failures (an SMTP server down)
//! outlast the [`RetryPolicy`]'s window.

use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _, LockBehavior, LockType, Order, Query};
use sea_orm::{
    ActiveValue::Set, Condition, DatabaseConnection, DbBackend, QueryFilter, QueryOrder,
    QueryTrait as _, Statement,
};
use serde::Serialize;
use std::sync::LazyLock;
use tokio::sync::watch;

use crate::entities::outbox_events;
use crate::error::{DomainError, DomainResult};
use crate::scope::{OrgId, TenantTx, begin_outbox_worker};

pub const MAX_ATTEMPTS: i32 = 8;

/// What an outbox event is about, and so which handler delivers it. Written only through this
/// type; the stored text is read back with [`Topic::of`], which refuses a value it does not
/// know (see there for why the entity's column stays text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum Topic {
    /// An item crossed its safety stock: e-mail the members who want alerts.
    #[sea_orm(string_value = "low_stock")]
    LowStock,
    #[sea_orm(string_value = "low_stock_digest")]
    LowStockDigest,
    /// A ledger transaction to add to the sales analytics.
    #[sea_orm(string_value = "analytics")]
    Analytics,
    #[sea_orm(string_value = "invitation")]
    Invitation,
    #[sea_orm(string_value = "payment_failed")]
    PaymentFailed,
    /// A submitted purchase order to e-mail to its supplier, as a PDF.
    #[sea_orm(string_value = "purchase_order_sent")]
    PurchaseOrderSent,
    /// An issued invoice or credit note to e-mail to its customer, as a PDF.
    #[sea_orm(string_value = "invoice_sent")]
    InvoiceSent,
    /// An account e-mail (address verification, password reset, a log-in notice): of no
    /// organization, see [`NO_ORGANIZATION`].
    #[sea_orm(string_value = "account_mail")]
    AccountMail,
    /// A webhook endpoint was disabled after failing: tell the organization's admins.
    #[sea_orm(string_value = "webhook_disabled")]
    WebhookDisabled,
}

/// A stored topic this version does not know: written by a newer version during a rolling
/// deploy (or by hand). Never read as another topic.
#[derive(Debug)]
pub struct UnknownTopic(pub String);

impl std::fmt::Display for UnknownTopic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown outbox topic {:?} (written by a newer version?)",
            self.0
        )
    }
}

impl std::error::Error for UnknownTopic {}

impl Topic {
    /// The topic of a claimed event. The entity keeps the column as text on purpose: a claim
    /// reads a batch at once, and one row that fails to decode would stop delivery for every
    /// tenant; decoded here, an unknown topic fails its own event only (the worker retries it,
    /// in case a newer worker knows it, then parks it where `worker parked` shows it).
    ///
    /// # Errors
    /// [`UnknownTopic`] for a value of no variant.
    pub fn of(event: &outbox_events::Model) -> Result<Self, UnknownTopic> {
        Self::try_from_value(&event.topic).map_err(|_| UnknownTopic(event.topic.clone()))
    }

    /// Whether committing an event of this topic wakes idle workers at once. Roll-ups are not
    /// waited for: the worker's next poll takes them, in bigger batches, and the hot path does
    /// not NOTIFY on every `stockOut` (the PostgreSQL trigger of migration
    /// `m20261202_000015` makes the same choice).
    pub fn wakes_workers(self) -> bool {
        self != Self::Analytics
    }
}

/// Writes an event in the caller's transaction: it exists if and only if the change commits.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn enqueue(tx: &TenantTx, topic: Topic, payload: &impl Serialize) -> DomainResult<()> {
    let event = event(tx.org(), topic, payload)?;
    tx.insert_at_commit(outbox_events::Entity::insert(event).into_query());
    if topic.wakes_workers() {
        tx.note_enqueued();
    }
    Ok(())
}

/// The organization id of events that belong to no organization: account e-mails, since
/// users are global. PostgreSQL lets the api insert such an event outside a tenant (policy
/// `account_mail` of migration `m20261208_000023`) and read none.
pub const NO_ORGANIZATION: OrgId = OrgId(Uuid::nil());

/// Queues an account e-mail in the caller's transaction (see [`crate::team::account_mail`]).
/// Written at once rather than at commit: account flows run outside a [`TenantTx`]; the
/// caller wakes the workers once it has committed.
///
/// # Errors
/// On database failure.
pub(crate) async fn enqueue_account_mail<C: sea_orm::ConnectionTrait>(
    conn: &C,
    queued: crate::team::AccountMailQueued,
) -> DomainResult<()> {
    let mut event = event(NO_ORGANIZATION, Topic::AccountMail, &queued)?;
    // The token's id: one token, one e-mail.
    event.id = Set(queued.token_id);
    // Without RETURNING: the api may insert this event but not read it back.
    outbox_events::Entity::insert(event)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// A new event of `org`, due now.
pub(crate) fn event(
    org: OrgId,
    topic: Topic,
    payload: &impl Serialize,
) -> DomainResult<outbox_events::ActiveModel> {
    let payload = serde_json::to_string(payload)
        .map_err(|e| DomainError::Internal(format!("outbox payload: {e}")))?;
    let now = Utc::now();
    Ok(outbox_events::ActiveModel {
        organization_id: Set(org.0),
        id: Set(Uuid::now_v7()),
        topic: Set(topic.to_value()),
        payload: Set(payload),
        created_at: Set(now),
        available_at: Set(now),
        attempts: Set(0),
        last_error: Set(None),
        lease_until: Set(None),
        processed_at: Set(None),
        parked_at: Set(None),
        crashes: Set(0),
    })
}

/// Counts commits that enqueued outbox events in this process (SQLite, embedded worker).
static WAKE: LazyLock<watch::Sender<u64>> = LazyLock::new(|| watch::Sender::new(0));

/// Changes whenever a transaction of this process that enqueued events commits on SQLite; on
/// PostgreSQL workers LISTEN on [`NOTIFY_CHANNEL`] instead (see [`wake_workers`]).
pub fn wakeups() -> watch::Receiver<u64> {
    WAKE.subscribe()
}

/// Wakes this process's idle outbox workers (also called by a worker's LISTEN connection).
pub fn wake_workers() {
    WAKE.send_modify(|count| *count = count.wrapping_add(1));
}

/// The PostgreSQL channel a trigger on `outbox_events` notifies when events are inserted
/// (delivered when the inserting transaction commits).
pub const NOTIFY_CHANNEL: &str = "outbox_events";

/// Which topics a claim takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topics {
    All,
    Only(Topic),
    AllBut(Topic),
}

/// Claims up to `limit` due events for `lease`; an event whose worker died becomes due again
/// when its lease ends.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn claim(
    db: &DatabaseConnection,
    limit: u64,
    lease: Duration,
) -> DomainResult<Vec<outbox_events::Model>> {
    claim_topics(db, Topics::All, limit, lease).await
}

/// Claims up to `limit` due events of `topics` for `lease` (see [`claim`]).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn claim_topics(
    db: &DatabaseConnection,
    topics: Topics,
    limit: u64,
    lease: Duration,
) -> DomainResult<Vec<outbox_events::Model>> {
    let statement = claim_statement(db.get_database_backend(), topics, Utc::now(), limit, lease);
    // One statement: it takes the write lock at once (SQLite) and claims atomically.
    let txn = begin_outbox_worker(db).await?;
    let events = outbox_events::Entity::find()
        .from_raw_sql(statement)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(events)
}

/// The claim: the due events are found through the partial index on pending events
/// (`idx_outbox_events_pending`, ordered by `available_at`, so nothing is sorted however long
/// the history), and updated through the primary key `(organization_id, id)`.
pub fn claim_statement(
    backend: DbBackend,
    topics: Topics,
    now: DateTimeUtc,
    limit: u64,
    lease: Duration,
) -> Statement {
    use outbox_events::Column as C;
    let mut due = Query::select();
    due.columns([C::OrganizationId, C::Id])
        .from(outbox_events::Entity)
        .and_where(Expr::col(C::ProcessedAt).is_null())
        .and_where(Expr::col(C::ParkedAt).is_null())
        .and_where(Expr::col(C::AvailableAt).lte(now))
        .cond_where(
            Condition::any()
                .add(Expr::col(C::LeaseUntil).is_null())
                .add(Expr::col(C::LeaseUntil).lt(now)),
        )
        .order_by(C::AvailableAt, Order::Asc)
        .limit(limit);
    match topics {
        Topics::All => {}
        Topics::Only(topic) => {
            due.and_where(Expr::col(C::Topic).eq(topic.to_value()));
        }
        Topics::AllBut(topic) => {
            due.and_where(Expr::col(C::Topic).ne(topic.to_value()));
        }
    }
    if backend == DbBackend::Postgres {
        // Other workers skip what this one holds instead of waiting for it.
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    // A lease still set when the event is claimed again ran out: no outcome was recorded and
    // nobody extended it, so the worker holding it died.
    let crashed = Expr::case(
        Expr::col(C::LeaseUntil).is_not_null(),
        Expr::col(C::Crashes).add(1),
    )
    .finally(Expr::col(C::Crashes));
    let mut claim = Query::update();
    claim
        .table(outbox_events::Entity)
        .value(C::LeaseUntil, now + lease)
        .value(C::Attempts, Expr::col(C::Attempts).add(1))
        .value(C::Crashes, crashed)
        .and_where(primary_key().in_subquery(due))
        .returning_all();
    backend.build(&claim)
}

/// Extends the lease of claimed `events` not yet done, while their worker is still at them.
/// An event whose lease ran out and that another worker claimed since is left alone: each
/// claim counts an attempt, so `(id, attempts)` names one claim.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn extend(
    db: &DatabaseConnection,
    events: &[outbox_events::Model],
    lease: Duration,
) -> DomainResult<u64> {
    use outbox_events::Column as C;
    if events.is_empty() {
        return Ok(0);
    }
    let ours = events.iter().fold(Condition::any(), |any, event| {
        any.add(is_event(event).add(C::Attempts.eq(event.attempts)))
    });
    let txn = begin_outbox_worker(db).await?;
    let result = outbox_events::Entity::update_many()
        .col_expr(C::LeaseUntil, Expr::value(Utc::now() + lease))
        .filter(ours)
        .filter(C::ProcessedAt.is_null())
        .filter(C::ParkedAt.is_null())
        .filter(C::LeaseUntil.is_not_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(result.rows_affected)
}

/// `(organization_id, id)`: the primary key, so lookups by it use its index.
fn primary_key() -> Expr {
    use outbox_events::Column as C;
    Expr::tuple([Expr::col(C::OrganizationId), Expr::col(C::Id)])
}

fn is_event(event: &outbox_events::Model) -> Condition {
    Condition::all()
        .add(outbox_events::Column::OrganizationId.eq(event.organization_id))
        .add(outbox_events::Column::Id.eq(event.id))
}

/// Marks a claimed event done.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn complete(db: &DatabaseConnection, event: &outbox_events::Model) -> DomainResult<()> {
    let statement = complete_statement(db.get_database_backend(), event, Utc::now());
    let txn = begin_outbox_worker(db).await?;
    txn.execute_raw(statement).await?;
    txn.commit().await?;
    Ok(())
}

/// Marks many claimed events done in one statement (each found by its primary key).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn complete_many(
    db: &DatabaseConnection,
    events: &[outbox_events::Model],
) -> DomainResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let any = events
        .iter()
        .fold(Condition::any(), |any, event| any.add(is_event(event)));
    let txn = begin_outbox_worker(db).await?;
    outbox_events::Entity::update_many()
        .col_expr(outbox_events::Column::ProcessedAt, Expr::value(Utc::now()))
        .col_expr(
            outbox_events::Column::LeaseUntil,
            Expr::value(Option::<DateTimeUtc>::None),
        )
        .filter(any)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The completion of `event`, by its full primary key.
pub fn complete_statement(
    backend: DbBackend,
    event: &outbox_events::Model,
    now: DateTimeUtc,
) -> Statement {
    outbox_events::Entity::update_many()
        .col_expr(outbox_events::Column::ProcessedAt, Expr::value(now))
        .col_expr(
            outbox_events::Column::LeaseUntil,
            Expr::value(Option::<DateTimeUtc>::None),
        )
        .filter(is_event(event))
        .build(backend)
}

/// Deletes up to `batch` events processed before `cutoff`; returns how many. Parked events
/// (never processed) stay for operators.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn prune_processed(
    db: &DatabaseConnection,
    cutoff: DateTimeUtc,
    batch: u64,
) -> DomainResult<u64> {
    let statement = prune_statement(db.get_database_backend(), cutoff, batch);
    let txn = begin_outbox_worker(db).await?;
    let deleted = txn.execute_raw(statement).await?.rows_affected();
    txn.commit().await?;
    Ok(deleted)
}

/// The prune: old processed events through the partial index `idx_outbox_events_processed`,
/// deleted through the primary key.
pub fn prune_statement(backend: DbBackend, cutoff: DateTimeUtc, batch: u64) -> Statement {
    use outbox_events::Column as C;
    let mut old = Query::select();
    old.columns([C::OrganizationId, C::Id])
        .from(outbox_events::Entity)
        .and_where(Expr::col(C::ProcessedAt).lt(cutoff))
        .limit(batch);
    let mut prune = Query::delete();
    prune
        .from_table(outbox_events::Entity)
        .and_where(primary_key().in_subquery(old));
    backend.build(&prune)
}

/// What became of a failed event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failed {
    RetryAfter(Duration),
    Parked,
}

/// Whether trying again later may succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Something the event needs is down (the SMTP server, the database): retried with
    /// back-off for as long as the policy's window.
    Transient,
    /// The event itself is at fault (a payload that does not parse, a handler that panics):
    /// parked after [`MAX_ATTEMPTS`].
    Permanent,
}

/// How long failing events are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Transient failures are retried until the event is this old.
    pub retry_for: Duration,
    /// The longest wait between two attempts (the wait doubles from 2 s up to it).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            retry_for: Duration::hours(24),
            max_delay: Duration::minutes(10),
        }
    }
}

impl RetryPolicy {
    /// What becomes of `event` (its attempts counted by its claim) after a failure of `kind`.
    pub fn after(&self, event: &outbox_events::Model, kind: Failure, now: DateTimeUtc) -> Failed {
        let give_up = match kind {
            Failure::Transient => now - event.created_at >= self.retry_for,
            Failure::Permanent => event.attempts >= MAX_ATTEMPTS,
        };
        if give_up {
            Failed::Parked
        } else {
            Failed::RetryAfter(retry_delay(event.attempts).min(self.max_delay))
        }
    }
}

/// Records a failed attempt: retry after a capped exponential back-off, or park the event.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn fail(
    db: &DatabaseConnection,
    event: &outbox_events::Model,
    kind: Failure,
    policy: &RetryPolicy,
    error: &str,
) -> DomainResult<Failed> {
    use outbox_events::Column as C;
    let now = Utc::now();
    let outcome = policy.after(event, kind, now);
    let error: String = error.chars().take(2000).collect();
    let txn = begin_outbox_worker(db).await?;
    let mut update = outbox_events::Entity::update_many()
        .col_expr(C::LastError, Expr::value(error))
        .col_expr(C::LeaseUntil, Expr::value(Option::<DateTimeUtc>::None))
        .filter(is_event(event));
    update = match outcome {
        Failed::Parked => update.col_expr(C::ParkedAt, Expr::value(now)),
        Failed::RetryAfter(delay) => update.col_expr(C::AvailableAt, Expr::value(now + delay)),
    };
    update.exec(&txn).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Whether `event` has taken its worker down too often to be handled again.
pub fn crashed_too_often(event: &outbox_events::Model) -> bool {
    event.crashes >= MAX_ATTEMPTS
}

/// Parks a claimed event without handling it.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn park(
    db: &DatabaseConnection,
    event: &outbox_events::Model,
    reason: &str,
) -> DomainResult<()> {
    use outbox_events::Column as C;
    let txn = begin_outbox_worker(db).await?;
    outbox_events::Entity::update_many()
        .col_expr(C::LastError, Expr::value(reason.to_owned()))
        .col_expr(C::LeaseUntil, Expr::value(Option::<DateTimeUtc>::None))
        .col_expr(C::ParkedAt, Expr::value(Utc::now()))
        .filter(is_event(event))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// 2 s, 4 s, 8 s, … capped at ten minutes (and at the policy's `max_delay`).
pub fn retry_delay(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 10)).unwrap_or(1);
    Duration::seconds(2_i64.pow(exponent)).min(Duration::minutes(10))
}

/// Events parked after too many failures, for operators.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn parked(db: &DatabaseConnection) -> DomainResult<Vec<outbox_events::Model>> {
    let txn = begin_outbox_worker(db).await?;
    let events = outbox_events::Entity::find()
        .filter(outbox_events::Column::ParkedAt.is_not_null())
        .order_by_asc(outbox_events::Column::CreatedAt)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(events)
}

/// Puts a parked event back in the queue.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn retry_parked(db: &DatabaseConnection, id: Uuid) -> DomainResult<bool> {
    use outbox_events::Column as C;
    let txn = begin_outbox_worker(db).await?;
    let result = outbox_events::Entity::update_many()
        .col_expr(C::ParkedAt, Expr::value(Option::<DateTimeUtc>::None))
        .col_expr(C::Attempts, Expr::value(0))
        .col_expr(C::Crashes, Expr::value(0))
        .col_expr(C::LeaseUntil, Expr::value(Option::<DateTimeUtc>::None))
        .col_expr(C::AvailableAt, Expr::value(Utc::now()))
        .filter(C::Id.eq(id))
        .filter(C::ParkedAt.is_not_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(result.rows_affected == 1)
}

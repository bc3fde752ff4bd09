//! Applying Stripe's webhook events. Each event is stored by id in the transaction that applies
//! it, so a redelivery (or five concurrent ones) changes nothing more. Events about one
//! subscription arrive in any order: a state is written only if it is at least as new as the
//! one applied last (`billing_updated_at`), so the newest state wins.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, Func, OnConflict, SimpleExpr};
use sea_orm::{
    ActiveValue::Set, Condition, DatabaseConnection, QueryFilter, TransactionTrait as _,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Billing;
use crate::alerts::Recipient;
use crate::entities::{memberships, organizations, stripe_events, users};
use crate::error::{DomainError, DomainResult};
use crate::outbox::{Topic, enqueue};
use crate::scope::{OrgId, Role, TenantTx};

/// The parts of a Stripe event we read.
#[derive(Clone, Debug)]
pub struct StripeEvent {
    pub id: String,
    pub kind: String,
    pub created: DateTime<Utc>,
    pub object: Value,
}

impl StripeEvent {
    /// # Errors
    /// `BAD_USER_INPUT` when the body is not a Stripe event.
    pub fn parse(body: &[u8]) -> DomainResult<Self> {
        let invalid = || DomainError::bad_input("body", "is not a Stripe event");
        let value: Value = serde_json::from_slice(body).map_err(|_| invalid())?;
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Ok(Self {
            id: text("id").ok_or_else(invalid)?,
            kind: text("type").ok_or_else(invalid)?,
            created: value
                .get("created")
                .and_then(Value::as_i64)
                .and_then(|secs| DateTime::from_timestamp(secs, 0))
                .ok_or_else(invalid)?,
            object: value.pointer("/data/object").cloned().ok_or_else(invalid)?,
        })
    }

    fn text(&self, pointer: &str) -> Option<&str> {
        self.object.pointer(pointer).and_then(Value::as_str)
    }
}

/// What became of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Applied,
    /// Older than the state already applied: recorded, nothing changed.
    Stale,
    /// Seen before.
    Duplicate,
    /// A type we do not act on, or one for no organization of ours.
    Ignored,
}

/// The subscription state an event carries.
#[derive(Debug, Default)]
struct Change {
    plan: Option<String>,
    status: Option<String>,
    subscription: Option<String>,
    period_end: Option<DateTime<Utc>>,
    unpaid: Option<bool>,
    payment_failed: bool,
}

fn change_of(event: &StripeEvent, billing: &Billing) -> Option<Change> {
    let period_end = |pointer: &str| {
        event
            .object
            .pointer(pointer)
            .and_then(Value::as_i64)
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
    };
    let subscription_id = event
        .text("/subscription")
        .or_else(|| event.text("/parent/subscription_details/subscription"))
        .map(str::to_owned);
    match event.kind.as_str() {
        "checkout.session.completed" => Some(Change {
            plan: event.text("/metadata/plan").map(str::to_owned),
            status: Some("active".to_owned()),
            subscription: subscription_id,
            unpaid: Some(false),
            ..Change::default()
        }),
        "customer.subscription.created" | "customer.subscription.updated" => {
            let status = event.text("/status").unwrap_or("active").to_owned();
            let price = event.text("/items/data/0/price/id");
            Some(Change {
                plan: price
                    .and_then(|p| billing.plan_by_price(p))
                    .map(|p| p.id.clone()),
                unpaid: Some(matches!(status.as_str(), "past_due" | "unpaid")),
                status: Some(status),
                subscription: event.text("/id").map(str::to_owned),
                period_end: period_end("/current_period_end")
                    .or_else(|| period_end("/items/data/0/current_period_end")),
                payment_failed: false,
            })
        }
        "customer.subscription.deleted" => Some(Change {
            plan: Some("free".to_owned()),
            status: Some("canceled".to_owned()),
            subscription: event.text("/id").map(str::to_owned),
            unpaid: Some(false),
            ..Change::default()
        }),
        "invoice.paid" => Some(Change {
            status: Some("active".to_owned()),
            subscription: subscription_id,
            unpaid: Some(false),
            ..Change::default()
        }),
        "invoice.payment_failed" => Some(Change {
            status: Some("past_due".to_owned()),
            subscription: subscription_id,
            unpaid: Some(true),
            payment_failed: true,
            ..Change::default()
        }),
        _ => None,
    }
}

/// Our organization an event is about: named in its metadata or `client_reference_id`, or
/// found through the Stripe customer.
async fn organization_of(
    db: &DatabaseConnection,
    event: &StripeEvent,
) -> DomainResult<Option<OrgId>> {
    let named = event
        .text("/metadata/organization_id")
        .or_else(|| event.text("/client_reference_id"))
        .or_else(|| event.text("/subscription_details/metadata/organization_id"))
        .and_then(|id| Uuid::parse_str(id).ok());
    let customer = event.text("/customer");
    let mut condition = Condition::any();
    if let Some(id) = named {
        condition = condition.add(organizations::Column::Id.eq(id));
    }
    if let Some(customer) = customer {
        condition = condition.add(organizations::Column::StripeCustomerId.eq(customer));
    }
    if named.is_none() && customer.is_none() {
        return Ok(None);
    }
    Ok(organizations::Entity::find()
        .filter(condition)
        .one(db)
        .await?
        .map(|o| OrgId(o.id)))
}

/// Records `event` once and applies it if it is news.
///
/// # Errors
/// `BAD_USER_INPUT` for a malformed event; database failures (Stripe retries then).
#[tracing::instrument(skip_all)]
pub async fn apply_stripe_event(
    db: &DatabaseConnection,
    billing: &Billing,
    event: &StripeEvent,
) -> DomainResult<Applied> {
    let change = change_of(event, billing);
    let org = match &change {
        Some(_) => organization_of(db, event).await?,
        None => None,
    };
    let Some((change, org)) = change.zip(org) else {
        // Nothing to apply; remember it so a redelivery is recognised.
        let txn = db.begin().await?;
        let fresh = record(&txn, event).await?;
        txn.commit().await?;
        if fresh {
            tracing::info!(event_id = %event.id, kind = %event.kind, "Stripe event ignored");
        }
        return Ok(if fresh {
            Applied::Ignored
        } else {
            Applied::Duplicate
        });
    };
    let tx = TenantTx::begin_for(db, org, None).await?;
    if !record(tx.conn(), event).await? {
        return Ok(Applied::Duplicate);
    }
    let applied = update(&tx, event, &change).await?;
    if applied && change.payment_failed {
        enqueue(
            &tx,
            Topic::PaymentFailed,
            &PaymentFailed {
                event_id: event.id.clone(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(event_id = %event.id, kind = %event.kind, org_id = %org, applied, "Stripe event received");
    Ok(if applied {
        Applied::Applied
    } else {
        Applied::Stale
    })
}

/// Stores the event id; `false` when it was there already.
async fn record<C: sea_orm::ConnectionTrait>(conn: &C, event: &StripeEvent) -> DomainResult<bool> {
    let inserted = stripe_events::Entity::insert(stripe_events::ActiveModel {
        id: Set(event.id.clone()),
        event_type: Set(event.kind.chars().take(100).collect()),
        created_at: Set(event.created),
        received_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(stripe_events::Column::Id)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(inserted == 1)
}

/// Writes the change unless a newer state was applied already.
async fn update(tx: &TenantTx, event: &StripeEvent, change: &Change) -> DomainResult<bool> {
    use organizations::Column as C;
    let mut update = organizations::Entity::update_many()
        .col_expr(C::BillingUpdatedAt, Expr::value(event.created))
        .filter(C::Id.eq(tx.org().0))
        .filter(
            Condition::any()
                .add(C::BillingUpdatedAt.is_null())
                .add(C::BillingUpdatedAt.lte(event.created)),
        );
    if let Some(plan) = &change.plan {
        update = update.col_expr(C::Plan, Expr::value(plan.clone()));
    }
    if let Some(status) = &change.status {
        update = update.col_expr(C::SubscriptionStatus, Expr::value(status.clone()));
    }
    if let Some(subscription) = &change.subscription {
        update = update.col_expr(C::StripeSubscriptionId, Expr::value(subscription.clone()));
    }
    if let Some(end) = change.period_end {
        update = update.col_expr(C::CurrentPeriodEnd, Expr::value(end));
    }
    if let Some(customer) = event.text("/customer") {
        update = update.col_expr(
            C::StripeCustomerId,
            Expr::expr(Func::coalesce([
                SimpleExpr::from(Expr::col(C::StripeCustomerId)),
                SimpleExpr::from(Expr::val(customer.to_owned())),
            ])),
        );
    }
    update = match change.unpaid {
        Some(true) => update.col_expr(
            C::UnpaidSince,
            Expr::expr(Func::coalesce([
                SimpleExpr::from(Expr::col(C::UnpaidSince)),
                SimpleExpr::from(Expr::val(event.created)),
            ])),
        ),
        Some(false) => update.col_expr(C::UnpaidSince, Expr::value(Option::<DateTime<Utc>>::None)),
        None => update,
    };
    Ok(update.exec(tx.conn()).await?.rows_affected == 1)
}

/// The outbox payload of a failed payment.
#[derive(Debug, Serialize, Deserialize)]
pub struct PaymentFailed {
    pub event_id: String,
}

/// Who to tell about a failed payment (the owners) and the organization's name.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn payment_failed_notice(
    db: &DatabaseConnection,
    org: OrgId,
) -> DomainResult<(String, Vec<Recipient>)> {
    let tx = TenantTx::begin_for(db, org, None).await?;
    let organization = crate::team::get_organization(&tx).await?.name;
    let owners = tx
        .select::<memberships::Entity>()
        .filter(memberships::Column::Role.eq(Role::Owner))
        .find_also_related(users::Entity)
        .all(tx.conn())
        .await?;
    tx.commit().await?;
    Ok((
        organization,
        owners
            .into_iter()
            .filter_map(|(_, user)| user)
            .map(|u| Recipient {
                user_id: u.id,
                email: u.email,
                name: u.name,
            })
            .collect(),
    ))
}

/// How long event ids are kept: far past Stripe's retry window (3 days), so any redelivery is
/// still recognised.
pub const EVENT_RETENTION: chrono::Duration = chrono::Duration::days(30);

/// Deletes up to `batch` event ids received longer than [`EVENT_RETENTION`] ago; returns how
/// many.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn purge_stripe_events(db: &DatabaseConnection, batch: u64) -> DomainResult<u64> {
    let cutoff = Utc::now() - EVENT_RETENTION;
    Ok(crate::db::delete_batch::<stripe_events::Entity>(
        db,
        stripe_events::Column::Id,
        Condition::all().add(stripe_events::Column::ReceivedAt.lt(cutoff)),
        batch,
    )
    .await?)
}

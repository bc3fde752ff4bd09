//! Writing webhook events with the change that causes them.
//!
//! Events are collected in the transaction and written at its commit, numbered from the
//! organization's row in `webhook_sequences`: the update that takes the numbers locks the row
//! until the commit, so transactions get their numbers in commit order and a delivery in
//! sequence order never sends a later event before an earlier one commits. Organizations
//! without an endpoint (the flag read with their row) write nothing.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _, InsertStatement};
use sea_orm::{ActiveValue::Set, DatabaseTransaction, QuerySelect as _, QueryTrait as _};
use serde::Serialize;

use super::EventType;
use crate::entities::{organizations, webhook_events, webhook_sequences};
use crate::error::{DomainError, DomainResult};
use crate::scope::{OrgId, TenantTx};

/// An event waiting for its transaction's commit.
pub(crate) struct Pending {
    event_type: EventType,
    data: String,
    occurred_at: DateTime<Utc>,
}

/// Records an event of `event_type` with `data` (camelCase JSON) in `tx`: it is written, and
/// later delivered, if and only if `tx` commits.
///
/// # Errors
/// When `data` cannot be serialized.
pub fn emit(tx: &TenantTx, event_type: EventType, data: &impl Serialize) -> DomainResult<()> {
    if !tx.may_have_webhooks() {
        return Ok(());
    }
    let data = serde_json::to_string(data)
        .map_err(|e| DomainError::Internal(format!("webhook event data: {e}")))?;
    tx.emit_webhook(Pending {
        event_type,
        data,
        occurred_at: Utc::now(),
    });
    Ok(())
}

/// The insert of `pending`, numbered, when the organization has webhook endpoints; run by
/// the commit. `has_endpoints` is the flag as read with the organization's row, when it was.
pub(crate) async fn sequenced(
    txn: &DatabaseTransaction,
    org: OrgId,
    has_endpoints: Option<bool>,
    pending: Vec<Pending>,
) -> DomainResult<Option<InsertStatement>> {
    let has_endpoints = match has_endpoints {
        Some(flag) => flag,
        None => organizations::Entity::find_by_id(org.0)
            .select_only()
            .column(organizations::Column::WebhookEvents)
            .into_tuple::<bool>()
            .one(txn)
            .await?
            .unwrap_or(false),
    };
    if !has_endpoints || pending.is_empty() {
        return Ok(None);
    }
    let count = i64::try_from(pending.len()).unwrap_or(i64::MAX);
    let last = webhook_sequences::Entity::update_many()
        .col_expr(
            webhook_sequences::Column::LastSequence,
            Expr::col(webhook_sequences::Column::LastSequence).add(count),
        )
        .filter(webhook_sequences::Column::OrganizationId.eq(org.0))
        .exec_with_returning(txn)
        .await?
        .into_iter()
        .next()
        .map(|row| row.last_sequence);
    let Some(last) = last else {
        return Ok(None);
    };
    let rows = pending
        .into_iter()
        .zip(last - count + 1..)
        .map(|(event, sequence)| webhook_events::ActiveModel {
            organization_id: Set(org.0),
            sequence: Set(sequence),
            id: Set(Uuid::now_v7()),
            event_type: Set(event.event_type.as_str().to_owned()),
            occurred_at: Set(event.occurred_at),
            data: Set(event.data),
        });
    Ok(Some(webhook_events::Entity::insert_many(rows).into_query()))
}

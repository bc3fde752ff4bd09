//! The audit log: who changed what in an organization, when and from where. An entry is
//! written in the transaction of the change (see [`crate::scope::TenantTx::audit`]), so a
//! change and its entry commit or vanish together.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::InsertStatement;
use sea_orm::{ActiveValue::Set, ConnectionTrait, QueryFilter, QueryTrait as _};
use serde_json::Value;

use crate::entities::{api_keys, audit_log, users};
use crate::error::DomainResult;
use crate::paging::{Page, Window};
use crate::scope::{OrgId, TenantScope, TenantTx};

/// The longest summary kept; longer ones are cut (a 500-line stock-out need not be copied).
const MAX_SUMMARY: usize = 4000;

/// Argument names whose values never reach the log.
const SECRET_WORDS: [&str; 3] = ["password", "token", "secret"];

/// One entry, before it is written.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub actor_user: Option<Uuid>,
    pub actor_api_key: Option<Uuid>,
    /// Looked up on insert when unknown.
    pub actor_label: Option<std::sync::Arc<str>>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub summary: Value,
    pub ip: Option<String>,
}

impl AuditEntry {
    /// An entry for `action` by whoever acts in `scope`; `summary` is redacted here.
    pub fn by(scope: &TenantScope, action: &str, summary: Value, ip: Option<String>) -> Self {
        Self {
            actor_user: Some(scope.user.0),
            actor_api_key: scope.api_key,
            actor_label: scope.actor_label.clone(),
            action: action.to_owned(),
            target_type: None,
            target_id: None,
            summary: redact(summary),
            ip,
        }
    }

    #[must_use]
    pub fn target(mut self, kind: &str, id: impl std::fmt::Display) -> Self {
        self.target_type = Some(kind.to_owned());
        self.target_id = Some(id.to_string());
        self
    }
}

/// `value` with every field whose name mentions a secret replaced by `"[redacted]"`.
pub fn redact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let lower = key.to_ascii_lowercase();
                    if SECRET_WORDS.iter().any(|w| lower.contains(w)) {
                        (key, Value::String("[redacted]".to_owned()))
                    } else {
                        (key, redact(value))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact).collect()),
        other => other,
    }
}

/// The actor's name as the log shows it: the key's name, or the user's e-mail.
async fn actor_label<C: ConnectionTrait>(
    conn: &C,
    org: OrgId,
    api_key: Option<Uuid>,
    user: Option<Uuid>,
) -> DomainResult<Option<String>> {
    Ok(match (api_key, user) {
        (Some(key), _) => api_keys::Entity::find()
            .filter(api_keys::Column::OrganizationId.eq(org.0))
            .filter(api_keys::Column::Id.eq(key))
            .one(conn)
            .await?
            .map(|k| format!("API key {}", k.name)),
        (None, Some(user)) => users::Entity::find_by_id(user)
            .one(conn)
            .await?
            .map(|u| u.email),
        (None, None) => None,
    })
}

pub(crate) async fn insert<C: ConnectionTrait>(
    conn: &C,
    org: OrgId,
    entry: AuditEntry,
) -> DomainResult<()> {
    conn.execute(&insert_statement(conn, org, entry).await?)
        .await?;
    Ok(())
}

/// The insert of `entry` (looking up how to name the actor when the entry does not say).
pub(crate) async fn insert_statement<C: ConnectionTrait>(
    conn: &C,
    org: OrgId,
    entry: AuditEntry,
) -> DomainResult<InsertStatement> {
    let label = match (&entry.actor_label, entry.actor_api_key, entry.actor_user) {
        (Some(label), _, _) => Some(label.to_string()),
        (None, api_key, user) => actor_label(conn, org, api_key, user).await?,
    };
    let mut summary = entry.summary.to_string();
    if summary.len() > MAX_SUMMARY {
        let mut cut = MAX_SUMMARY;
        while !summary.is_char_boundary(cut) {
            cut -= 1;
        }
        summary.truncate(cut);
        summary.push('…');
    }
    let row = audit_log::ActiveModel {
        organization_id: Set(org.0),
        id: Set(Uuid::now_v7()),
        occurred_at: Set(Utc::now()),
        actor_user_id: Set(entry.actor_user),
        actor_api_key_id: Set(entry.actor_api_key),
        actor_label: Set(label.unwrap_or_else(|| "unknown".to_owned())),
        action: Set(entry.action),
        target_type: Set(entry.target_type),
        target_id: Set(entry.target_id),
        summary: Set(summary),
        ip: Set(entry.ip),
    };
    Ok(audit_log::Entity::insert(row).into_query())
}

/// Writes `entry` now, in `tx` (for changes that do not go through a resolver's transaction).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn record(tx: &TenantTx, entry: AuditEntry) -> DomainResult<()> {
    insert(tx.conn(), tx.org(), entry).await
}

#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    /// A user or API key.
    pub actor_id: Option<Uuid>,
    pub target_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

pub struct AuditPage {
    /// Entries; an entry's cursor is its id.
    pub entries: Page<audit_log::Model>,
    pub total_count: u64,
}

/// Entries newest first; a cursor is an entry's id.
///
/// # Errors
/// `BAD_USER_INPUT` on a malformed cursor or filter text.
#[tracing::instrument(skip_all)]
pub async fn list(tx: &TenantTx, filter: &AuditFilter, window: &Window) -> DomainResult<AuditPage> {
    use audit_log::Column as C;
    let mut query = tx.select::<audit_log::Entity>();
    if let Some(action) = &filter.action {
        let action = crate::types::filter_text("filter.action", action, 200)?;
        query = query.filter(C::Action.eq(action));
    }
    if let Some(actor) = filter.actor_id {
        query = query.filter(
            sea_orm::Condition::any()
                .add(C::ActorUserId.eq(actor))
                .add(C::ActorApiKeyId.eq(actor)),
        );
    }
    if let Some(target) = &filter.target_id {
        let target = crate::types::filter_text("filter.targetId", target, 200)?;
        query = query.filter(C::TargetId.eq(target));
    }
    if let Some(from) = filter.from {
        query = query.filter(C::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(C::OccurredAt.lt(to));
    }
    let total_count = query.clone().count(tx.conn()).await?;
    let entries = crate::paging::newest_first_by_id(query, C::Id, window, tx.conn()).await?;
    Ok(AuditPage {
        entries,
        total_count,
    })
}

//! API keys: an organization's integrations authenticate with `Authorization: Bearer <key>`
//! and act with the key's role. A key reads `srk_<organization>_<key id>_<secret>`; only the
//! secret's SHA-256 is stored, and the key is shown once.

use std::sync::Arc;

use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter, QueryOrder};

use crate::entities::api_keys;
use crate::error::{DomainError, DomainResult};
use crate::scope::{LocationAccess, OrgId, Role, TenantScope, TenantTx, UserId};
use crate::types::Name;

pub const KEY_PREFIX: &str = "srk_";
/// `last_used_at` is written at most this often per key, not on every request.
const LAST_USED_GRANULARITY: Duration = Duration::seconds(60);

/// A new key: its row and the one time its plain text is seen.
pub struct CreatedKey {
    pub key: api_keys::Model,
    pub secret: String,
}

/// # Errors
/// `FORBIDDEN` below admin or for a role above the caller's; `BAD_USER_INPUT` on `name`,
/// `role` (owner) or an `expiresAt` in the past.
pub async fn create_api_key(
    tx: &TenantTx,
    scope: &TenantScope,
    name: &str,
    role: Role,
    expires_at: Option<DateTimeUtc>,
) -> DomainResult<CreatedKey> {
    scope.require(Role::Admin)?;
    let name = Name::parse("name", name)?;
    if role == Role::Owner {
        return Err(DomainError::bad_input("role", "a key can be admin at most"));
    }
    if role > scope.role {
        return Err(DomainError::forbidden(
            "a key cannot have a higher role than yours",
        ));
    }
    let now = Utc::now();
    if expires_at.is_some_and(|at| at <= now) {
        return Err(DomainError::bad_input("expiresAt", "must be in the future"));
    }
    let id = Uuid::now_v7();
    let secret = crate::secret::random_token()?;
    let key = api_keys::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(id),
        name: Set(name.into_inner()),
        role: Set(role),
        secret_hash: Set(crate::secret::hash(&secret)),
        created_by: Set(scope.user.0),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(tx.conn())
    .await?;
    Ok(CreatedKey {
        secret: format!(
            "{KEY_PREFIX}{}_{}_{secret}",
            tx.org().0.simple(),
            id.simple()
        ),
        key,
    })
}

/// Every key of the organization, revoked ones included, newest first.
///
/// # Errors
/// On database failure.
pub async fn list_api_keys(tx: &TenantTx) -> DomainResult<Vec<api_keys::Model>> {
    Ok(tx
        .select::<api_keys::Entity>()
        .order_by_desc(api_keys::Column::CreatedAt)
        .all(tx.conn())
        .await?)
}

/// Revokes a key: the next request made with it is refused.
///
/// # Errors
/// `FORBIDDEN` below admin; `NOT_FOUND` for an unknown or already revoked key.
pub async fn revoke_api_key(
    tx: &TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<api_keys::Model> {
    scope.require(Role::Admin)?;
    let key = tx
        .select::<api_keys::Entity>()
        .filter(api_keys::Column::Id.eq(id))
        .filter(api_keys::Column::RevokedAt.is_null())
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("API key"))?;
    let now = Utc::now();
    api_keys::Entity::update_many()
        .col_expr(api_keys::Column::RevokedAt, Expr::value(now))
        .filter(api_keys::Column::OrganizationId.eq(tx.org().0))
        .filter(api_keys::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    Ok(api_keys::Model {
        revoked_at: Some(now),
        ..key
    })
}

/// Whether a bearer credential looks like an API key rather than an access token.
pub fn is_api_key(credential: &str) -> bool {
    credential.starts_with(KEY_PREFIX)
}

fn parse_key(key: &str) -> Option<(OrgId, Uuid, &str)> {
    let mut parts = key.strip_prefix(KEY_PREFIX)?.splitn(3, '_');
    let org = Uuid::parse_str(parts.next()?).ok()?;
    let id = Uuid::parse_str(parts.next()?).ok()?;
    Some((OrgId(org), id, parts.next()?))
}

/// The scope a valid, unrevoked, unexpired key acts in; `None` otherwise.
///
/// # Errors
/// On database failure.
pub async fn authenticate_api_key(
    db: &DatabaseConnection,
    key: &str,
) -> DomainResult<Option<TenantScope>> {
    let Some((org, id, secret)) = parse_key(key) else {
        return Ok(None);
    };
    let tx = TenantTx::begin_for(db, org, None).await?;
    let now = Utc::now();
    let found = tx
        .select::<api_keys::Entity>()
        .filter(api_keys::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|k| crate::secret::matches(secret, &k.secret_hash))
        .filter(|k| k.revoked_at.is_none() && k.expires_at.is_none_or(|at| at > now));
    let Some(found) = found else {
        tx.commit().await?;
        return Ok(None);
    };
    if found
        .last_used_at
        .is_none_or(|at| at < now - LAST_USED_GRANULARITY)
    {
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::LastUsedAt, Expr::value(now))
            .filter(api_keys::Column::OrganizationId.eq(org.0))
            .filter(api_keys::Column::Id.eq(id))
            .exec(tx.conn())
            .await?;
    }
    tx.commit().await?;
    Ok(Some(TenantScope {
        org,
        user: UserId(found.created_by),
        api_key: Some(found.id),
        role: found.role,
        locations: LocationAccess::All,
        actor_label: Some(Arc::from(format!("API key {}", found.name))),
    }))
}

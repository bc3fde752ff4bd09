//! API keys: an organization's integrations authenticate with `Authorization: Bearer <key>`
//! and act with the key's role. A key reads `srk_<organization>_<key id>_<secret>`; only the
//! secret's SHA-256 is stored, and the key is shown once.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter, QueryOrder};

use crate::entities::{api_keys, memberships, users};
use crate::error::{DomainError, DomainResult};
use crate::scope::{OrgId, Role, TenantScope, TenantTx, UserId};
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
#[tracing::instrument(skip_all)]
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
    // Serialized with membership changes: a key made while its creator is being removed or
    // demoted would escape the revocation or the cap.
    tx.lock_organization().await?;
    let creator_role = tx
        .select::<memberships::Entity>()
        .filter(memberships::Column::UserId.eq(scope.user.0))
        .one(tx.conn())
        .await?
        .map(|m| m.role);
    if creator_role.is_none_or(|current| current < Role::Admin || current < role) {
        return Err(DomainError::forbidden(
            "your role changed; a key cannot have more than its creator has",
        ));
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

/// A key with the person who made it, for owners and admins deciding which keys to keep.
pub struct ApiKeyView {
    pub key: api_keys::Model,
    pub creator: Option<KeyCreator>,
}

/// The member who made a key, as they are now.
#[derive(Clone, Debug)]
pub struct KeyCreator {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    /// Their role in the organization; `None` when they are no longer a member (their keys
    /// were revoked with their membership).
    pub role: Option<Role>,
}

/// Every key of the organization, revoked ones included, newest first, with their creators.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn list_api_keys(tx: &TenantTx) -> DomainResult<Vec<ApiKeyView>> {
    let keys = tx
        .select::<api_keys::Entity>()
        .order_by_desc(api_keys::Column::CreatedAt)
        .all(tx.conn())
        .await?;
    with_creators(tx, keys).await
}

/// `keys` with their creators, looked up in two queries whatever their number.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn with_creators(
    tx: &TenantTx,
    keys: Vec<api_keys::Model>,
) -> DomainResult<Vec<ApiKeyView>> {
    let mut ids: Vec<Uuid> = keys.iter().map(|k| k.created_by).collect();
    ids.sort_unstable();
    ids.dedup();
    let roles: HashMap<Uuid, Role> = tx
        .select::<memberships::Entity>()
        .filter(memberships::Column::UserId.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|m| (m.user_id, m.role))
        .collect();
    let creators: HashMap<Uuid, KeyCreator> = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| {
            let creator = KeyCreator {
                id: u.id,
                role: roles.get(&u.id).copied(),
                email: u.email,
                name: u.name,
            };
            (creator.id, creator)
        })
        .collect();
    Ok(keys
        .into_iter()
        .map(|key| ApiKeyView {
            creator: creators.get(&key.created_by).cloned(),
            key,
        })
        .collect())
}

/// Revokes a key: the next request made with it is refused.
///
/// # Errors
/// `FORBIDDEN` below admin; `NOT_FOUND` for an unknown or already revoked key.
#[tracing::instrument(skip_all)]
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
    if revoke(tx, &[id], now).await? == 0 {
        return Err(DomainError::not_found("API key"));
    }
    Ok(api_keys::Model {
        revoked_at: Some(now),
        ..key
    })
}

/// Revokes the keys among `ids` that still work; returns how many it revoked.
async fn revoke(tx: &TenantTx, ids: &[Uuid], now: DateTimeUtc) -> DomainResult<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(api_keys::Entity::update_many()
        .col_expr(api_keys::Column::RevokedAt, Expr::value(now))
        .filter(api_keys::Column::OrganizationId.eq(tx.org().0))
        .filter(api_keys::Column::Id.is_in(ids.iter().copied()))
        .filter(api_keys::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?
        .rows_affected)
}

/// Replaces a key with a new one of the same name and role made by the caller, who becomes
/// its creator (for keeping an integration whose creator left, or rotating a secret). The old
/// key is revoked in the same transaction if it still works. `expires_at` defaults to the old
/// key's expiry when that is still ahead.
///
/// # Errors
/// As [`create_api_key`]; `NOT_FOUND` for an unknown key.
#[tracing::instrument(skip_all)]
pub async fn reissue_api_key(
    tx: &TenantTx,
    scope: &TenantScope,
    id: Uuid,
    expires_at: Option<DateTimeUtc>,
) -> DomainResult<CreatedKey> {
    scope.require(Role::Admin)?;
    let old = tx
        .select::<api_keys::Entity>()
        .filter(api_keys::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("API key"))?;
    let now = Utc::now();
    let expires_at = expires_at.or(old.expires_at.filter(|at| *at > now));
    let created = create_api_key(tx, scope, &old.name, old.role, expires_at).await?;
    // Of two concurrent re-issues of a working key, one replaces it.
    if old.revoked_at.is_none() && revoke(tx, &[id], now).await? == 0 {
        return Err(DomainError::conflict(
            "id",
            "the key was just revoked or re-issued",
        ));
    }
    Ok(created)
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

/// What a valid key may do, and until when.
#[derive(Clone, Debug)]
pub struct ApiKeyAccess {
    pub scope: TenantScope,
    /// When the key stops working by itself.
    pub expires_at: Option<DateTimeUtc>,
}

/// The access of a valid, unrevoked, unexpired key; `None` otherwise. A key never acts with
/// more than its creator has now: its role is capped at the creator's current role, it keeps
/// to the creator's locations, and it stops working when the creator is no longer a member.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn authenticate_api_key(
    db: &DatabaseConnection,
    key: &str,
) -> DomainResult<Option<ApiKeyAccess>> {
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
    let Some(creator) = tx
        .select::<memberships::Entity>()
        .filter(memberships::Column::UserId.eq(found.created_by))
        .one(tx.conn())
        .await?
    else {
        tx.commit().await?;
        return Ok(None);
    };
    let locations =
        super::members::location_access(&tx, UserId(creator.user_id), creator.role).await?;
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
    Ok(Some(ApiKeyAccess {
        scope: TenantScope {
            org,
            user: UserId(found.created_by),
            api_key: Some(found.id),
            role: found.role.min(creator.role),
            locations,
            actor_label: Some(Arc::from(format!("API key {}", found.name))),
        },
        expires_at: found.expires_at,
    }))
}

/// The unrevoked keys `creator` made, for capping or revoking them with the creator's access.
async fn live_keys_of(tx: &TenantTx, creator: Uuid) -> DomainResult<Vec<api_keys::Model>> {
    Ok(tx
        .select::<api_keys::Entity>()
        .filter(api_keys::Column::CreatedBy.eq(creator))
        .filter(api_keys::Column::RevokedAt.is_null())
        .all(tx.conn())
        .await?)
}

/// Revokes every key `creator` made (they left or were removed). Returns the keys' ids.
///
/// # Errors
/// On database failure.
pub(crate) async fn revoke_keys_of(tx: &TenantTx, creator: Uuid) -> DomainResult<Vec<Uuid>> {
    let ids: Vec<Uuid> = live_keys_of(tx, creator)
        .await?
        .into_iter()
        .map(|k| k.id)
        .collect();
    revoke(tx, &ids, Utc::now()).await?;
    Ok(ids)
}

/// Lowers the role of every key `creator` made above `role` to `role` (the creator was
/// demoted). Returns the keys' ids.
///
/// # Errors
/// On database failure.
pub(crate) async fn cap_keys_of(
    tx: &TenantTx,
    creator: Uuid,
    role: Role,
) -> DomainResult<Vec<Uuid>> {
    let ids: Vec<Uuid> = live_keys_of(tx, creator)
        .await?
        .into_iter()
        .filter(|k| k.role > role)
        .map(|k| k.id)
        .collect();
    if !ids.is_empty() {
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::Role, Expr::value(role))
            .filter(api_keys::Column::OrganizationId.eq(tx.org().0))
            .filter(api_keys::Column::Id.is_in(ids.iter().copied()))
            .exec(tx.conn())
            .await?;
    }
    Ok(ids)
}

//! Managing who belongs to an organization: roles, removal, leaving, ownership, location
//! scopes. Every change locks the organization row first, so concurrent changes cannot
//! together leave it without an owner.

use std::sync::Arc;

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseConnection, QueryFilter};

use crate::catalogue::ensure_exist;
use crate::entities::{locations, member_locations, memberships};
use crate::error::{DomainError, DomainResult};
use crate::scope::{LocationAccess, OrgId, Role, TenantScope, TenantTx, UserId};

fn last_owner() -> DomainError {
    DomainError::conflict("userId", "an organization must keep at least one owner")
}

/// The scope of `user` in `org` — role, locations, and their e-mail for the audit log — when
/// they are a member: the check behind `X-Organization-Id` on a WebSocket, run before each
/// operation so a removed member is out at once. (An HTTP request makes the same check as the
/// first statement of its own transaction: [`TenantTx::enter`].)
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn membership_access(
    db: &DatabaseConnection,
    user: UserId,
    org: OrgId,
) -> DomainResult<Option<TenantScope>> {
    let Some((scope, tx)) = TenantTx::enter(db, org, user).await? else {
        return Ok(None);
    };
    tx.commit().await?;
    Ok(Some(scope))
}

pub(crate) async fn location_access(
    tx: &TenantTx,
    user: UserId,
    role: Role,
) -> DomainResult<LocationAccess> {
    // Admins and owners manage locations, so they always see them all.
    if role >= Role::Admin {
        return Ok(LocationAccess::All);
    }
    let ids = member_location_ids(tx, user.0).await?;
    Ok(if ids.is_empty() {
        LocationAccess::All
    } else {
        LocationAccess::Only(Arc::from(ids))
    })
}

/// The locations a member is restricted to (empty: all).
pub(crate) async fn member_location_ids(tx: &TenantTx, user: Uuid) -> DomainResult<Vec<Uuid>> {
    Ok(tx
        .select::<member_locations::Entity>()
        .filter(member_locations::Column::UserId.eq(user))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|row| row.location_id)
        .collect())
}

async fn membership(tx: &TenantTx, user: Uuid) -> DomainResult<memberships::Model> {
    tx.select::<memberships::Entity>()
        .filter(memberships::Column::UserId.eq(user))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("member"))
}

async fn owner_count(tx: &TenantTx) -> DomainResult<u64> {
    Ok(tx
        .select::<memberships::Entity>()
        .filter(memberships::Column::Role.eq(Role::Owner))
        .count(tx.conn())
        .await?)
}

async fn set_role(tx: &TenantTx, user: Uuid, role: Role) -> DomainResult<()> {
    memberships::Entity::update_many()
        .col_expr(memberships::Column::Role, Expr::value(role))
        .filter(memberships::Column::OrganizationId.eq(tx.org().0))
        .filter(memberships::Column::UserId.eq(user))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Admins manage members below owner; owners manage everyone.
fn may_manage(scope: &TenantScope, role: Role) -> DomainResult<()> {
    scope.require(Role::Admin)?;
    if role == Role::Owner && scope.role < Role::Owner {
        return Err(DomainError::forbidden("only an owner can manage owners"));
    }
    Ok(())
}

/// Gives a member another role. The API keys they made are capped at the new role (a key
/// never acts with more than its creator has); returns the ids of the keys lowered.
///
/// # Errors
/// `FORBIDDEN` below admin or for owners' roles without being owner; `NOT_FOUND`;
/// `CONFLICT` when the last owner would go.
#[tracing::instrument(skip_all)]
pub async fn update_member_role(
    tx: &TenantTx,
    scope: &TenantScope,
    user: Uuid,
    role: Role,
) -> DomainResult<Vec<Uuid>> {
    may_manage(scope, role)?;
    tx.lock_organization().await?;
    let current = membership(tx, user).await?;
    may_manage(scope, current.role)?;
    if current.role == Role::Owner && role != Role::Owner && owner_count(tx).await? <= 1 {
        return Err(last_owner());
    }
    set_role(tx, user, role).await?;
    if role >= Role::Admin {
        clear_locations(tx, user).await?;
    }
    super::api_keys::cap_keys_of(tx, user, role).await
}

/// Removes a member: their tokens stop working for this organization with the next request,
/// and the API keys they made are revoked. Returns the revoked keys' ids.
///
/// # Errors
/// As [`update_member_role`].
#[tracing::instrument(skip_all)]
pub async fn remove_member(
    tx: &TenantTx,
    scope: &TenantScope,
    user: Uuid,
) -> DomainResult<Vec<Uuid>> {
    scope.require(Role::Admin)?;
    tx.lock_organization().await?;
    let current = membership(tx, user).await?;
    may_manage(scope, current.role)?;
    delete_membership(tx, &current).await
}

/// The caller leaves the organization; the API keys they made are revoked (their ids are
/// returned).
///
/// # Errors
/// `FORBIDDEN` for an API key; `CONFLICT` for the last owner.
#[tracing::instrument(skip_all)]
pub async fn leave_organization(tx: &TenantTx, scope: &TenantScope) -> DomainResult<Vec<Uuid>> {
    if scope.api_key.is_some() {
        return Err(DomainError::forbidden("an API key cannot leave"));
    }
    tx.lock_organization().await?;
    let current = membership(tx, scope.user.0).await?;
    delete_membership(tx, &current).await
}

async fn delete_membership(tx: &TenantTx, current: &memberships::Model) -> DomainResult<Vec<Uuid>> {
    if current.role == Role::Owner && owner_count(tx).await? <= 1 {
        return Err(last_owner());
    }
    clear_locations(tx, current.user_id).await?;
    memberships::Entity::delete_many()
        .filter(memberships::Column::OrganizationId.eq(tx.org().0))
        .filter(memberships::Column::UserId.eq(current.user_id))
        .exec(tx.conn())
        .await?;
    super::api_keys::revoke_keys_of(tx, current.user_id).await
}

/// Makes another member an owner and the calling owner an admin.
///
/// # Errors
/// `FORBIDDEN` unless the caller is an owner (not an API key); `NOT_FOUND`; `BAD_USER_INPUT`
/// when transferring to oneself.
#[tracing::instrument(skip_all)]
pub async fn transfer_ownership(tx: &TenantTx, scope: &TenantScope, to: Uuid) -> DomainResult<()> {
    scope.require(Role::Owner)?;
    if scope.api_key.is_some() {
        return Err(DomainError::forbidden(
            "an API key cannot transfer ownership",
        ));
    }
    if to == scope.user.0 {
        return Err(DomainError::bad_input("userId", "you already own it"));
    }
    tx.lock_organization().await?;
    membership(tx, to).await?;
    set_role(tx, to, Role::Owner).await?;
    clear_locations(tx, to).await?;
    set_role(tx, scope.user.0, Role::Admin).await
}

async fn clear_locations(tx: &TenantTx, user: Uuid) -> DomainResult<()> {
    member_locations::Entity::delete_many()
        .filter(member_locations::Column::OrganizationId.eq(tx.org().0))
        .filter(member_locations::Column::UserId.eq(user))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Restricts a member or viewer to `locations` (empty: every location again).
///
/// # Errors
/// `FORBIDDEN` below admin; `NOT_FOUND` for the member or a location; `BAD_USER_INPUT` when
/// the member is an admin or owner (they manage locations, so they see them all).
#[tracing::instrument(skip_all)]
pub async fn set_member_locations(
    tx: &TenantTx,
    scope: &TenantScope,
    user: Uuid,
    locations: &[Uuid],
) -> DomainResult<Vec<Uuid>> {
    scope.require(Role::Admin)?;
    tx.lock_organization().await?;
    let current = membership(tx, user).await?;
    if current.role >= Role::Admin && !locations.is_empty() {
        return Err(DomainError::bad_input(
            "userId",
            "admins and owners always see every location",
        ));
    }
    let mut wanted = locations.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    ensure_exist::<locations::Entity>(tx, locations::Column::Id, &wanted, "location").await?;
    clear_locations(tx, user).await?;
    if !wanted.is_empty() {
        member_locations::Entity::insert_many(wanted.iter().map(|location| {
            member_locations::ActiveModel {
                organization_id: sea_orm::ActiveValue::Set(tx.org().0),
                user_id: sea_orm::ActiveValue::Set(user),
                location_id: sea_orm::ActiveValue::Set(*location),
            }
        }))
        .exec(tx.conn())
        .await?;
    }
    Ok(wanted)
}

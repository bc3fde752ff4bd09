//! Entering an organization: the check that admits a member's request, run as the first
//! statement of the transaction that does the request's work, so the admission and the work
//! commit (or fail) together and a removed member is refused on their very next request.

use std::sync::Arc;

use sea_orm::entity::prelude::*;
use sea_orm::{ConnectionTrait, DbBackend, QueryFilter, Statement};

use crate::entities::{memberships, organizations, users};
use crate::error::{DomainError, DomainResult};
use crate::scope::{LocationAccess, Role, TenantScope, TenantTx, UserId};

/// `user`'s scope in the transaction's organization and the organization's row, or `None`
/// when they are not a member. On PostgreSQL this also applies the tenant settings that
/// row-level security reads.
pub(crate) async fn enter(
    tx: &TenantTx,
    user: UserId,
) -> DomainResult<Option<(TenantScope, organizations::Model)>> {
    match tx.conn().get_database_backend() {
        DbBackend::Postgres => enter_postgres(tx, user).await,
        _ => enter_embedded(tx, user).await,
    }
}

/// One statement: `enter_tenant` (migration `m20261202_000014`).
async fn enter_postgres(
    tx: &TenantTx,
    user: UserId,
) -> DomainResult<Option<(TenantScope, organizations::Model)>> {
    let row = tx
        .conn()
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT member_role, member_email, member_locations, organization \
             FROM enter_tenant($1, $2)",
            [tx.org().0.into(), user.0.into()],
        ))
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let Some(role) = row.try_get::<Option<String>>("", "member_role")? else {
        return Ok(None);
    };
    let role = <Role as ActiveEnum>::try_from_value(&role)?;
    let email: Option<String> = row.try_get("", "member_email")?;
    let locations: Vec<Uuid> = json(row.try_get("", "member_locations")?)?;
    let organization: organizations::Model = json(row.try_get("", "organization")?)?;
    let scope = scope(tx, user, role, email, locations);
    Ok(Some((scope, organization)))
}

/// SQLite has no row-level security to set up: the same rows, read one query at a time.
async fn enter_embedded(
    tx: &TenantTx,
    user: UserId,
) -> DomainResult<Option<(TenantScope, organizations::Model)>> {
    let Some((membership, account)) = tx
        .select::<memberships::Entity>()
        .filter(memberships::Column::UserId.eq(user.0))
        .find_also_related(users::Entity)
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let Some(organization) = organizations::Entity::find_by_id(tx.org().0)
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let locations = if membership.role >= Role::Admin {
        Vec::new()
    } else {
        super::members::member_location_ids(tx, user.0).await?
    };
    let email = account.map(|a| a.email);
    let scope = scope(tx, user, membership.role, email, locations);
    Ok(Some((scope, organization)))
}

fn scope(
    tx: &TenantTx,
    user: UserId,
    role: Role,
    email: Option<String>,
    locations: Vec<Uuid>,
) -> TenantScope {
    // Admins and owners manage locations, so they always see them all.
    let locations = if role >= Role::Admin || locations.is_empty() {
        LocationAccess::All
    } else {
        LocationAccess::Only(Arc::from(locations))
    };
    TenantScope {
        org: tx.org(),
        user,
        api_key: None,
        role,
        locations,
        actor_label: email.map(Arc::from),
    }
}

fn json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> DomainResult<T> {
    serde_json::from_value(value)
        .map_err(|e| DomainError::Internal(format!("enter_tenant returned an unreadable row: {e}")))
}

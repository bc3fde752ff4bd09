//! Who is acting, for which organization, and the one handle onto tenant tables.

use std::fmt;

use sea_orm::entity::prelude::*;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, QueryFilter, Select,
    Statement, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrgId(pub Uuid);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(pub Uuid);

impl fmt::Display for OrgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A member's role; the derive order is the privilege order: Viewer < Member < Admin < Owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Role {
    #[sea_orm(string_value = "viewer")]
    Viewer,
    #[sea_orm(string_value = "member")]
    Member,
    #[sea_orm(string_value = "admin")]
    Admin,
    #[sea_orm(string_value = "owner")]
    Owner,
}

/// An authenticated user acting in one organization with a verified role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TenantScope {
    pub org: OrgId,
    pub user: UserId,
    pub role: Role,
}

impl TenantScope {
    /// # Errors
    /// `FORBIDDEN` when the member's role is below `least`.
    pub fn require(&self, least: Role) -> DomainResult<()> {
        if self.role >= least {
            Ok(())
        } else {
            Err(DomainError::forbidden(format!(
                "this needs the {least:?} role or higher; yours is {:?}",
                self.role
            )))
        }
    }
}

/// A table whose rows belong to one organization.
pub trait TenantOwned: EntityTrait {
    fn organization_id_column() -> Self::Column;
}

/// Declares the entity of the current module a tenant table keyed by `organization_id`.
#[macro_export]
macro_rules! tenant_owned {
    () => {
        impl $crate::scope::TenantOwned for Entity {
            fn organization_id_column() -> Column {
                Column::OrganizationId
            }
        }
    };
}

/// A database transaction bound to one organization: the only way to reach tenant tables.
///
/// On PostgreSQL it sets `app.organization_id` (and `app.user_id`) transaction-locally right
/// after `BEGIN`, so row-level security walls off other tenants even if a query forgot its
/// filter. [`TenantTx::select`] adds that filter in the application too.
pub struct TenantTx {
    txn: DatabaseTransaction,
    org: OrgId,
}

impl TenantTx {
    /// # Errors
    /// When the transaction cannot begin or the tenant setting cannot be applied.
    pub async fn begin(db: &DatabaseConnection, scope: &TenantScope) -> DomainResult<Self> {
        Self::begin_for(db, scope.org, Some(scope.user)).await
    }

    /// Begins a transaction for `org` on behalf of `user` before a [`TenantScope`] exists
    /// (creating an organization, checking a membership).
    pub(crate) async fn begin_for(
        db: &DatabaseConnection,
        org: OrgId,
        user: Option<UserId>,
    ) -> DomainResult<Self> {
        let txn = db.begin().await?;
        set_tenant_settings(&txn, Some(org), user).await?;
        Ok(Self { txn, org })
    }

    pub fn org(&self) -> OrgId {
        self.org
    }

    /// `SELECT … FROM e WHERE organization_id = <this tenant>`.
    pub fn select<E: TenantOwned>(&self) -> Select<E> {
        E::find().filter(E::organization_id_column().eq(self.org.0))
    }

    /// The transaction, for inserts and for queries built from [`TenantTx::select`].
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// # Errors
    /// When the commit fails; nothing was written then.
    pub async fn commit(self) -> DomainResult<()> {
        Ok(self.txn.commit().await?)
    }
}

/// A transaction on behalf of one user across their organizations (their memberships only).
pub(crate) async fn begin_for_user(
    db: &DatabaseConnection,
    user: UserId,
) -> DomainResult<DatabaseTransaction> {
    let txn = db.begin().await?;
    set_tenant_settings(&txn, None, Some(user)).await?;
    Ok(txn)
}

/// A transaction of the outbox worker, which sees the outbox of every tenant (and nothing
/// else of any tenant).
pub(crate) async fn begin_outbox_worker(
    db: &DatabaseConnection,
) -> DomainResult<DatabaseTransaction> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SELECT set_config('app.outbox_worker', 'on', true)")
            .await?;
    }
    Ok(txn)
}

async fn set_tenant_settings(
    txn: &DatabaseTransaction,
    org: Option<OrgId>,
    user: Option<UserId>,
) -> DomainResult<()> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let org = org.map(|o| o.0.to_string()).unwrap_or_default();
    let user = user.map(|u| u.0.to_string()).unwrap_or_default();
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true)",
        [org.into(), user.into()],
    ))
    .await?;
    Ok(())
}

//! Who is acting, for which organization, and the one handle onto tenant tables.

use std::fmt;
use std::sync::Arc;

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

/// The locations a member may see and move stock at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LocationAccess {
    #[default]
    All,
    /// Only these (an admin restricted the member); other locations' stock is hidden.
    Only(Arc<[Uuid]>),
}

impl LocationAccess {
    pub fn allows(&self, location: Uuid) -> bool {
        match self {
            Self::All => true,
            Self::Only(ids) => ids.contains(&location),
        }
    }

    /// The allowed locations when restricted.
    pub fn restricted_to(&self) -> Option<&[Uuid]> {
        match self {
            Self::All => None,
            Self::Only(ids) => Some(ids),
        }
    }

    /// # Errors
    /// `FORBIDDEN` when `location` is outside the member's locations.
    pub fn require(&self, location: Uuid) -> DomainResult<()> {
        if self.allows(location) {
            Ok(())
        } else {
            Err(DomainError::forbidden(
                "you are restricted to other locations",
            ))
        }
    }

    /// # Errors
    /// `FORBIDDEN` for a location-restricted member: organization-wide figures would reveal
    /// the stock of locations hidden from them.
    pub fn require_all(&self) -> DomainResult<()> {
        match self {
            Self::All => Ok(()),
            Self::Only(_) => Err(DomainError::forbidden(
                "organization-wide figures are not available to location-restricted members",
            )),
        }
    }
}

/// Who acts in one organization, with a verified role: a member, or an API key of the
/// organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantScope {
    pub org: OrgId,
    /// The person acting; for an API key, the member who created it (the author of its
    /// ledger entries).
    pub user: UserId,
    /// Set when an API key acts.
    pub api_key: Option<Uuid>,
    pub role: Role,
    pub locations: LocationAccess,
    /// How the audit log names the actor (the user's e-mail, or the key's name), when the
    /// authentication step already read it; otherwise the log looks it up.
    pub actor_label: Option<Arc<str>>,
}

impl TenantScope {
    /// A member with access to every location.
    pub fn member(org: OrgId, user: UserId, role: Role) -> Self {
        Self {
            org,
            user,
            api_key: None,
            role,
            locations: LocationAccess::All,
            actor_label: None,
        }
    }

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
    locations: LocationAccess,
    audit: Option<crate::audit::AuditEntry>,
    /// An outbox event was written: workers are woken when this commits.
    enqueued: std::sync::atomic::AtomicBool,
    /// The organization's row as read when the transaction began ([`TenantTx::enter`]).
    organization: Option<crate::entities::organizations::Model>,
    /// Rows written with the commit (see [`TenantTx::insert_at_commit`]).
    deferred: std::sync::Mutex<Vec<sea_orm::sea_query::InsertStatement>>,
    /// Webhook events, numbered and written with the commit (see [`crate::webhooks::emit`]).
    webhooks: std::sync::Mutex<Vec<crate::webhooks::Pending>>,
}

impl TenantTx {
    /// # Errors
    /// When the transaction cannot begin or the tenant setting cannot be applied.
    pub async fn begin(db: &DatabaseConnection, scope: &TenantScope) -> DomainResult<Self> {
        let mut tx = Self::begin_for(db, scope.org, Some(scope.user)).await?;
        tx.locations = scope.locations.clone();
        Ok(tx)
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
        Ok(Self::unchecked(txn, org))
    }

    /// Begins a transaction for `org` whose first statement checks that `user` is a member
    /// and reads the organization: the check that admits a request commits or rolls back with
    /// its work. `None` when `user` is not a member (the transaction is rolled back).
    ///
    /// # Errors
    /// On database failure.
    pub async fn enter(
        db: &DatabaseConnection,
        org: OrgId,
        user: UserId,
    ) -> DomainResult<Option<(TenantScope, Self)>> {
        let mut tx = Self::unchecked(db.begin().await?, org);
        let Some((scope, organization)) = crate::team::enter(&tx, user).await? else {
            return Ok(None);
        };
        tx.locations = scope.locations.clone();
        tx.organization = Some(organization);
        Ok(Some((scope, tx)))
    }

    /// A transaction whose tenant settings are still to be applied.
    fn unchecked(txn: DatabaseTransaction, org: OrgId) -> Self {
        Self {
            txn,
            org,
            locations: LocationAccess::All,
            audit: None,
            enqueued: std::sync::atomic::AtomicBool::new(false),
            organization: None,
            deferred: std::sync::Mutex::default(),
            webhooks: std::sync::Mutex::default(),
        }
    }

    /// The organization's row: as read when the transaction began when it was entered,
    /// otherwise read now. For a read under [`TenantTx::lock_organization`], use
    /// [`crate::team::get_organization`].
    ///
    /// # Errors
    /// On database failure; `NOT_FOUND` when the organization is gone.
    pub async fn organization(&self) -> DomainResult<crate::entities::organizations::Model> {
        match &self.organization {
            Some(organization) => Ok(organization.clone()),
            None => crate::team::get_organization(self).await,
        }
    }

    pub fn org(&self) -> OrgId {
        self.org
    }

    /// The locations the acting member may see and move stock at.
    pub fn locations(&self) -> &LocationAccess {
        &self.locations
    }

    /// Locks the organization's row until this transaction ends (PostgreSQL; SQLite has one
    /// writer anyway), so changes that must see each other run one after another: membership
    /// changes, additions counted against the plan.
    ///
    /// # Errors
    /// On database failure.
    pub async fn lock_organization(&self) -> DomainResult<()> {
        if self.txn.get_database_backend() == DbBackend::Postgres {
            self.txn
                .execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT id FROM organizations WHERE id = $1 FOR UPDATE",
                    [self.org.0.into()],
                ))
                .await?;
        }
        Ok(())
    }

    /// Records `entry` in the audit log when (and only when) this transaction commits.
    pub fn audit(&mut self, entry: crate::audit::AuditEntry) {
        self.audit = Some(entry);
    }

    /// Drops the pending audit entry: for deleting the organization, whose log goes with it.
    pub fn forget_audit(&mut self) -> Option<crate::audit::AuditEntry> {
        self.audit.take()
    }

    /// Names what the audited change acted on (a created row's id is known only after).
    pub fn audit_target(&mut self, kind: &'static str, id: impl fmt::Display) {
        if let Some(entry) = &mut self.audit {
            entry.target_type = Some(kind.to_owned());
            entry.target_id = Some(id.to_string());
        }
    }

    /// Adds `key: value` to the pending audit entry's summary: what the change did besides
    /// what its arguments say (keys revoked with a member, say).
    pub fn audit_note(&mut self, key: &str, value: impl serde::Serialize) {
        if let Some(serde_json::Value::Object(summary)) =
            self.audit.as_mut().map(|entry| &mut entry.summary)
        {
            let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
            summary.insert(key.to_owned(), value);
        }
    }

    /// `SELECT … FROM e WHERE organization_id = <this tenant>`.
    pub fn select<E: TenantOwned>(&self) -> Select<E> {
        E::find().filter(E::organization_id_column().eq(self.org.0))
    }

    /// Like [`TenantTx::select`], its rows locked until the transaction ends (PostgreSQL's
    /// `FOR UPDATE`; SQLite has one writer).
    pub fn select_for_update<E: TenantOwned>(&self) -> Select<E> {
        let query = self.select::<E>();
        if self.txn.get_database_backend() == sea_orm::DbBackend::Postgres {
            sea_orm::QuerySelect::lock_exclusive(query)
        } else {
            query
        }
    }

    /// The transaction, for inserts and for queries built from [`TenantTx::select`].
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// # Errors
    /// When the commit fails; nothing was written then.
    pub async fn commit(mut self) -> DomainResult<()> {
        let mut inserts = std::mem::take(
            &mut *self
                .deferred
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        if let Some(entry) = self.audit.take() {
            inserts.push(crate::audit::insert_statement(&self.txn, self.org, entry).await?);
        }
        let webhooks = std::mem::take(
            &mut *self
                .webhooks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        if !webhooks.is_empty() {
            let has_endpoints = self.organization.as_ref().map(|o| o.webhook_events);
            if let Some(insert) =
                crate::webhooks::sequenced(&self.txn, self.org, has_endpoints, webhooks).await?
            {
                inserts.push(insert);
                self.note_enqueued();
            }
        }
        crate::deferred::execute(&self.txn, inserts).await?;
        // PostgreSQL tells every worker itself (a trigger NOTIFYs on commit); in-process
        // workers on SQLite hear it here.
        let wake = self.enqueued.load(std::sync::atomic::Ordering::Relaxed)
            && self.txn.get_database_backend() != DbBackend::Postgres;
        self.txn.commit().await?;
        if wake {
            crate::outbox::wake_workers();
        }
        Ok(())
    }

    /// Writes a row with the commit, for rows nothing reads back in this transaction: on
    /// PostgreSQL all such rows and the audit entry are one statement.
    pub(crate) fn insert_at_commit(&self, insert: sea_orm::sea_query::InsertStatement) {
        self.deferred
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(insert);
    }

    /// Writes the rows kept for the commit now, for a query that must see them (the ledger's
    /// history, read by a backdated movement).
    ///
    /// # Errors
    /// On database failure.
    pub(crate) async fn flush_deferred(&self) -> DomainResult<()> {
        let inserts = std::mem::take(
            &mut *self
                .deferred
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        crate::deferred::execute(&self.txn, inserts).await
    }

    /// Whether webhook events of this transaction may be written: `false` only when the
    /// organization's row, read as the transaction began, says it has no endpoint (so callers
    /// need not build the events' data).
    pub fn may_have_webhooks(&self) -> bool {
        self.organization
            .as_ref()
            .is_none_or(|organization| organization.webhook_events)
    }

    /// Keeps a webhook event for the commit.
    pub(crate) fn emit_webhook(&self, event: crate::webhooks::Pending) {
        self.webhooks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(event);
    }

    /// Notes that an outbox event was written in this transaction.
    pub(crate) fn note_enqueued(&self) {
        self.enqueued
            .store(true, std::sync::atomic::Ordering::Relaxed);
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

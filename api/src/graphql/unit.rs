//! A request's unit of work on its organization. The caller's membership is checked by the
//! first statement of each transaction that acts on the organization ([`TenantTx::enter`]), so
//! admission and work commit together, and nothing is cached that removal could leave stale.
//!
//! Reads go through one transaction, begun at first use and shared by the request's resolvers
//! and DataLoaders, and ended by [`TenantUnit::finish`]. A change opens a transaction of its
//! own per top-level mutation field (each commits on its own, as GraphQL reports them one by
//! one), ending any open read transaction first — mutation fields run one after another, so a
//! request never holds two connections.

use std::ops::Deref;
use std::sync::Arc;

use entity::DomainError;
use entity::scope::{OrgId, Role, TenantScope, TenantTx, UserId};
use sea_orm::DatabaseConnection;
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

/// How the caller's right to act in the organization is known.
#[derive(Clone, Debug)]
pub enum Access {
    /// Checked already: an API key (checked with the key), or a WebSocket operation (checked
    /// before each operation).
    Verified(TenantScope),
    /// A member's valid token naming an organization: checked in each transaction.
    Claimed { org: OrgId, user: UserId },
}

/// Whether reads share the request's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    /// One read transaction at a time for the whole request (HTTP).
    Shared,
    /// Each read in a short transaction of its own (WebSocket operations, whose
    /// subscriptions live long).
    Separate,
}

enum ReadState {
    NotBegun,
    Open {
        scope: TenantScope,
        tx: Box<TenantTx>,
    },
    /// The claimed membership does not hold: every read is refused without asking again.
    NotAMember,
}

pub struct TenantUnit {
    db: DatabaseConnection,
    access: Access,
    reads: Reads,
    read: Arc<Mutex<ReadState>>,
}

/// A transaction to read in: the request's shared one (held until dropped — never across a
/// DataLoader call, whose batch reads through the same transaction), or one of its own.
pub struct ReadTx(Held);

enum Held {
    Shared(OwnedMappedMutexGuard<ReadState, TenantTx>),
    Own(Box<TenantTx>),
}

impl Deref for ReadTx {
    type Target = TenantTx;

    fn deref(&self) -> &TenantTx {
        match &self.0 {
            Held::Shared(tx) => tx,
            Held::Own(tx) => tx,
        }
    }
}

fn not_a_member() -> DomainError {
    DomainError::forbidden("you are not a member of this organization")
}

impl TenantUnit {
    pub fn new(db: &DatabaseConnection, access: Access, reads: Reads) -> Self {
        Self {
            db: db.clone(),
            access,
            reads,
            read: Arc::new(Mutex::new(ReadState::NotBegun)),
        }
    }

    /// A new transaction on the organization for a change, with the caller's scope when their
    /// role is at least `least`.
    ///
    /// # Errors
    /// `FORBIDDEN` when not a member or the role is too low; on database failure.
    pub async fn begin(&self, least: Role) -> Result<(TenantScope, TenantTx), DomainError> {
        if self.reads == Reads::Shared {
            self.finish().await;
        }
        self.enter(least).await
    }

    async fn enter(&self, least: Role) -> Result<(TenantScope, TenantTx), DomainError> {
        match &self.access {
            Access::Verified(scope) => {
                scope.require(least)?;
                Ok((scope.clone(), TenantTx::begin(&self.db, scope).await?))
            }
            Access::Claimed { org, user } => {
                let (scope, tx) = TenantTx::enter(&self.db, *org, *user)
                    .await?
                    .ok_or_else(not_a_member)?;
                scope.require(least)?;
                Ok((scope, tx))
            }
        }
    }

    /// A transaction to read in, when the caller's role is at least `least`.
    ///
    /// # Errors
    /// As [`TenantUnit::begin`].
    pub async fn read(&self, least: Role) -> Result<ReadTx, DomainError> {
        if self.reads == Reads::Separate {
            let (_, tx) = self.enter(least).await?;
            return Ok(ReadTx(Held::Own(Box::new(tx))));
        }
        let mut state = self.read.clone().lock_owned().await;
        if matches!(*state, ReadState::NotBegun) {
            *state = match self.enter(Role::Viewer).await {
                Ok((scope, tx)) => ReadState::Open {
                    scope,
                    tx: Box::new(tx),
                },
                Err(DomainError::Forbidden(_)) => ReadState::NotAMember,
                Err(error) => return Err(error),
            };
        }
        match &*state {
            ReadState::Open { scope, .. } => scope.require(least)?,
            ReadState::NotAMember | ReadState::NotBegun => return Err(not_a_member()),
        }
        OwnedMutexGuard::try_map(state, |state| match state {
            ReadState::Open { tx, .. } => Some(&mut **tx),
            ReadState::NotAMember | ReadState::NotBegun => None,
        })
        .map(|tx| ReadTx(Held::Shared(tx)))
        .map_err(|_| not_a_member())
    }

    /// The caller's scope when their role is at least `least`: the open read transaction's,
    /// or checked now in a short transaction (none stays open across what the caller does
    /// next, a call to Stripe, say).
    ///
    /// # Errors
    /// As [`TenantUnit::begin`].
    pub async fn scope(&self, least: Role) -> Result<TenantScope, DomainError> {
        if let Access::Verified(scope) = &self.access {
            scope.require(least)?;
            return Ok(scope.clone());
        }
        if let ReadState::Open { scope, .. } = &*self.read.lock().await {
            scope.require(least)?;
            return Ok(scope.clone());
        }
        let (scope, tx) = self.enter(least).await?;
        tx.commit().await?;
        Ok(scope)
    }

    /// Ends the shared read transaction, if one was begun. (A claimed membership found not to
    /// hold stays refused.)
    pub async fn finish(&self) {
        let mut held = self.read.lock().await;
        if !matches!(*held, ReadState::Open { .. }) {
            return;
        }
        let state = std::mem::replace(&mut *held, ReadState::NotBegun);
        drop(held);
        if let ReadState::Open { tx, .. } = state
            && let Err(error) = tx.commit().await
        {
            tracing::warn!(error = %error, "ending the request's read transaction failed");
        }
    }
}

//! History is append-only at the database level too: the app role may read and add ledger
//! rows (`stock_transactions`, `stock_movements`) and audit entries, never change or remove
//! them, and may not touch the migration bookkeeping. Deleting an organization still removes
//! its history: `ON DELETE CASCADE` runs as the tables' owner.
//!
//! PostgreSQL only (SQLite has no roles), and only where the role `stockroom_app` exists
//! (see `scripts/postgres-roles.sql`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000010_append_only_history"
    }
}

const APP_ROLE: &str = "stockroom_app";
const HISTORY: &str = "stock_transactions, stock_movements, audit_log";

/// Runs `statements` when on PostgreSQL and the app role exists.
async fn for_app_role(manager: &SchemaManager<'_>, statements: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    db.execute_unprepared(&format!(
        "DO $$
         BEGIN
             IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                 {statements}
             ELSE
                 RAISE WARNING 'role {APP_ROLE} does not exist: its privileges are unchanged';
             END IF;
         END
         $$;"
    ))
    .await?;
    Ok(())
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for_app_role(
            manager,
            &format!(
                "REVOKE UPDATE, DELETE, TRUNCATE ON {HISTORY} FROM {APP_ROLE};
                 REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON seaql_migrations FROM {APP_ROLE};"
            ),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for_app_role(
            manager,
            &format!(
                "GRANT UPDATE, DELETE ON {HISTORY} TO {APP_ROLE};
                 GRANT INSERT, UPDATE, DELETE ON seaql_migrations TO {APP_ROLE};"
            ),
        )
        .await
    }
}

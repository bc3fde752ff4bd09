//! Workers wake as soon as an outbox event is committed instead of waiting for their poll:
//! a statement-level trigger notifies channel `outbox_events`, inside the inserting
//! transaction, so the notification is delivered on commit (and never for a rollback).
//! Several inserts of one transaction collapse into one notification. PostgreSQL only; the
//! embedded SQLite worker is woken in-process.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000013_outbox_notify"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared(
            "CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 PERFORM pg_notify('outbox_events', '');
                 RETURN NULL;
             END
             $$;
             CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
                 FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify();",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared(
            "DROP TRIGGER outbox_events_notify ON outbox_events;
             DROP FUNCTION outbox_events_notify();",
        )
        .await?;
        Ok(())
    }
}

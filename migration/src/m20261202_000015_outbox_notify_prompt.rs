//! Only events someone waits for wake the workers. Every `stockOut` enqueues an analytics
//! roll-up, and a transaction that NOTIFYs takes a database-wide lock while it commits, so
//! notifying for roll-ups serialized the hot path's commits for events that the worker's poll
//! picks up soon enough. The trigger becomes per row, with a condition PostgreSQL checks
//! without calling the function; several notifying rows of one transaction still collapse into
//! one notification.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000015_outbox_notify_prompt"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Must match `entity::outbox::Topic::wakes_workers`.
        recreate_trigger(manager, "FOR EACH ROW WHEN (NEW.topic <> 'analytics')").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        recreate_trigger(manager, "FOR EACH STATEMENT").await
    }
}

/// Replaces the outbox trigger with one firing `when` (PostgreSQL only).
async fn recreate_trigger(manager: &SchemaManager<'_>, when: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    db.execute_unprepared(&format!(
        "DROP TRIGGER outbox_events_notify ON outbox_events;
         CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
             {when} EXECUTE FUNCTION outbox_events_notify();"
    ))
    .await?;
    Ok(())
}

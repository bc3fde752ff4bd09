//! Processed outbox events are pruned after a retention; this partial index lets the prune
//! find the old ones without reading the queue (or the parked events).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000012_outbox_processed_index"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Same syntax on PostgreSQL and SQLite; sea-query's index builder has no WHERE.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_outbox_events_processed ON outbox_events (processed_at)
                     WHERE processed_at IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_events_processed")
                    .table(Alias::new("outbox_events"))
                    .to_owned(),
            )
            .await
    }
}

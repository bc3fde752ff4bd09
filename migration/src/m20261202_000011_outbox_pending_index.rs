//! The outbox keeps its processed events (until they are pruned), so the claim must not read
//! them: a partial index holds only the pending events, in the order they are claimed. It
//! replaces `idx_outbox_events_due`, whose entries were mostly processed events.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000011_outbox_pending_index"
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
                "CREATE INDEX idx_outbox_events_pending ON outbox_events (available_at)
                     WHERE processed_at IS NULL AND parked_at IS NULL",
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_events_due")
                    .table(Alias::new("outbox_events"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_events_due")
                    .table(Alias::new("outbox_events"))
                    .col(Alias::new("processed_at"))
                    .col(Alias::new("parked_at"))
                    .col(Alias::new("available_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_events_pending")
                    .table(Alias::new("outbox_events"))
                    .to_owned(),
            )
            .await
    }
}

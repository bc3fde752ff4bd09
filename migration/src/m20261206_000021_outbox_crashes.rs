//! Attempts are counted when an event is claimed, so one whose handler takes the worker down
//! still comes to an end: `crashes` counts the claims that ended with neither an outcome nor a
//! lease extension (the worker died holding it), and such an event is parked after
//! `MAX_ATTEMPTS` of them instead of coming back forever.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000021_outbox_crashes"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("outbox_events"))
                    .add_column(
                        ColumnDef::new(Alias::new("crashes"))
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("outbox_events"))
                    .drop_column(Alias::new("crashes"))
                    .to_owned(),
            )
            .await
    }
}

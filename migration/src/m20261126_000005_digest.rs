//! The daily low-stock digest: when (local time and IANA time zone) each organization gets it,
//! and the local day it last went out, so it goes out once a day however many workers run.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000005_digest"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            ColumnDef::new(Alias::new("digest_time"))
                .string_len(5)
                .not_null()
                .default("08:00")
                .to_owned(),
            ColumnDef::new(Alias::new("time_zone"))
                .string_len(64)
                .not_null()
                .default("UTC")
                .to_owned(),
            ColumnDef::new(Alias::new("digest_sent_on"))
                .date()
                .null()
                .to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("organizations"))
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["digest_sent_on", "time_zone", "digest_time"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("organizations"))
                        .drop_column(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

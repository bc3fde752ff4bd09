//! A refresh token remembers its successor, sealed with the token itself, so that a second
//! use within a few seconds (two tabs refreshing the same session at once) gets the same
//! successor instead of ending the session. Only who presents the token can open the seal:
//! the table keeps hashes of tokens, never a token.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000017_refresh_successor"
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
                    .table(Alias::new("refresh_tokens"))
                    .add_column(
                        ColumnDef::new(Alias::new("successor_sealed"))
                            .string_len(64)
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("refresh_tokens"))
                    .drop_column(Alias::new("successor_sealed"))
                    .to_owned(),
            )
            .await
    }
}

//! Backdated history stays true. An organization can close a period: `closed_before` is the
//! date an admin chose, `closed_before_at` the instant it took effect (that date's midnight in
//! the organization's time zone when it was closed, so a later change of zone does not move
//! the boundary); nothing is recorded before it. Each stock level keeps `last_occurred_at`, the
//! latest `occurred_at` of its movements, so the ledger knows without a query whether a write
//! lands before later history (and must check that history) or after all of it.

use sea_orm_migration::prelude::*;

use crate::schema::nullable_timestamp_col;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000022_closed_periods"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organizations"))
                    .add_column(ColumnDef::new(Alias::new("closed_before")).date().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organizations"))
                    .add_column(nullable_timestamp_col("closed_before_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("stock_levels"))
                    .add_column(nullable_timestamp_col("last_occurred_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE stock_levels SET last_occurred_at = (
                     SELECT MAX(m.occurred_at) FROM stock_movements m
                     WHERE m.organization_id = stock_levels.organization_id
                       AND m.item_id = stock_levels.item_id
                       AND m.location_id = stock_levels.location_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            ("stock_levels", "last_occurred_at"),
            ("organizations", "closed_before_at"),
            ("organizations", "closed_before"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

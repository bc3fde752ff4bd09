//! Sales analytics: daily roll-ups of the ledger by item, category and partner, and the
//! markers that make rolling up a transaction idempotent.

use sea_orm_migration::prelude::*;

use crate::schema::{
    bigint_col, rls, tenant_fk, tenant_index, tenant_table, timestamp_col, uuid_col,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000007_analytics"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Category and partner use the nil UUID for "none", so they can be part of the key.
        let mut daily = tenant_table(
            "daily_item_stats",
            &["day", "item_id", "category_key", "partner_key"],
        );
        daily
            .col(ColumnDef::new(Alias::new("day")).date().not_null())
            .col(uuid_col("item_id"))
            .col(uuid_col("category_key"))
            .col(uuid_col("partner_key"))
            .col(bigint_col("sold_quantity"))
            .col(bigint_col("revenue"))
            .col(bigint_col("purchased_quantity"))
            .col(bigint_col("purchase_cost"))
            .col(bigint_col("net_quantity"))
            .foreign_key(&mut tenant_fk("daily_item_stats", "item_id", "items"));
        manager.create_table(daily).await?;
        manager
            .create_index(tenant_index(
                "daily_item_stats",
                "idx_daily_item_stats_item",
                &["item_id", "day"],
                false,
            ))
            .await?;

        let mut rolled = tenant_table("rolled_up_transactions", &["transaction_id"]);
        rolled
            .col(uuid_col("transaction_id"))
            .col(timestamp_col("rolled_up_at"))
            .foreign_key(&mut tenant_fk(
                "rolled_up_transactions",
                "transaction_id",
                "stock_transactions",
            ));
        manager.create_table(rolled).await?;

        for table in ["daily_item_stats", "rolled_up_transactions"] {
            rls::enable(manager, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["rolled_up_transactions", "daily_item_stats"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

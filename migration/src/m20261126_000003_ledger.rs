//! The stock ledger: append-only transactions and their movements (one signed quantity per
//! item and location), and the current levels they sum to.

use sea_orm_migration::prelude::*;

use crate::schema::{
    bigint_col, nullable_text_col, rls, tenant_fk, tenant_index, tenant_table, text_col,
    timestamp_col, uuid_col,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000003_ledger"
    }
}

const TABLES: [&str; 3] = ["stock_transactions", "stock_movements", "stock_levels"];

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut transactions = tenant_table("stock_transactions", &["id"]);
        transactions
            .col(uuid_col("id"))
            .col(text_col("kind", 16).check(
                Expr::col(Alias::new("kind")).is_in(["in", "out", "adjust", "move", "void"]),
            ))
            .col(uuid_col("location_id"))
            .col(ColumnDef::new(Alias::new("to_location_id")).uuid().null())
            .col(ColumnDef::new(Alias::new("partner_id")).uuid().null())
            .col(nullable_text_col("note", 1000))
            .col(timestamp_col("occurred_at"))
            .col(timestamp_col("created_at"))
            .col(uuid_col("author_user_id"))
            .col(
                ColumnDef::new(Alias::new("voids_transaction_id"))
                    .uuid()
                    .null(),
            )
            .col(nullable_text_col("idempotency_key", 100))
            .col(nullable_text_col("request_hash", 64))
            .foreign_key(&mut tenant_fk(
                "stock_transactions",
                "location_id",
                "locations",
            ))
            .foreign_key(&mut tenant_fk(
                "stock_transactions",
                "to_location_id",
                "locations",
            ))
            .foreign_key(&mut tenant_fk(
                "stock_transactions",
                "partner_id",
                "partners",
            ))
            .foreign_key(&mut tenant_fk(
                "stock_transactions",
                "voids_transaction_id",
                "stock_transactions",
            ))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_stock_transactions_author")
                    .from(
                        Alias::new("stock_transactions"),
                        Alias::new("author_user_id"),
                    )
                    .to(Alias::new("users"), Alias::new("id")),
            );
        manager.create_table(transactions).await?;

        let mut movements = tenant_table("stock_movements", &["transaction_id", "line_no"]);
        movements
            .col(uuid_col("transaction_id"))
            .col(ColumnDef::new(Alias::new("line_no")).integer().not_null())
            .col(uuid_col("item_id"))
            .col(uuid_col("location_id"))
            .col(bigint_col("quantity"))
            .col(ColumnDef::new(Alias::new("unit_cost")).big_integer().null())
            .col(
                ColumnDef::new(Alias::new("unit_price"))
                    .big_integer()
                    .null(),
            )
            .col(timestamp_col("occurred_at"))
            .foreign_key(&mut tenant_fk(
                "stock_movements",
                "transaction_id",
                "stock_transactions",
            ))
            .foreign_key(&mut tenant_fk("stock_movements", "item_id", "items"))
            .foreign_key(&mut tenant_fk(
                "stock_movements",
                "location_id",
                "locations",
            ));
        manager.create_table(movements).await?;

        let mut levels = tenant_table("stock_levels", &["item_id", "location_id"]);
        levels
            .col(uuid_col("item_id"))
            .col(uuid_col("location_id"))
            .col(bigint_col("quantity"))
            .col(timestamp_col("updated_at"))
            .foreign_key(&mut tenant_fk("stock_levels", "item_id", "items"))
            .foreign_key(&mut tenant_fk("stock_levels", "location_id", "locations"));
        manager.create_table(levels).await?;

        for index in [
            tenant_index(
                "stock_transactions",
                "uq_stock_transactions_idempotency",
                &["idempotency_key"],
                true,
            ),
            tenant_index(
                "stock_transactions",
                "uq_stock_transactions_voids",
                &["voids_transaction_id"],
                true,
            ),
            tenant_index(
                "stock_transactions",
                "idx_stock_transactions_occurred",
                &["occurred_at", "id"],
                false,
            ),
            tenant_index(
                "stock_movements",
                "idx_stock_movements_item",
                &["item_id", "location_id", "occurred_at"],
                false,
            ),
            tenant_index(
                "stock_levels",
                "idx_stock_levels_location",
                &["location_id"],
                false,
            ),
        ] {
            manager.create_index(index).await?;
        }
        for table in TABLES {
            rls::enable(manager, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["stock_levels", "stock_movements", "stock_transactions"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

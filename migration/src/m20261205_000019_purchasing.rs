//! Purchasing: purchase orders and their lines, numbered gapless per organization; receipts
//! are ledger transactions whose source (`source_type`, `source_id`: a purchase order now,
//! sales orders later) names the order; items learn how they are reordered.
//!
//! `document_sequences` holds each organization's last number per kind of document (purchase
//! orders now; sales orders and invoices later): the upsert that takes a number locks the row
//! until commit, so concurrent creations queue, and a rolled-back one gives its number back.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::schema::{
    bigint_col, bool_col, nullable_text_col, nullable_timestamp_col, rls, tenant_fk, tenant_index,
    tenant_table, text_col, timestamp_col, uuid_col,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000019_purchasing"
    }
}

const TABLES: [&str; 3] = [
    "purchase_order_lines",
    "purchase_orders",
    "document_sequences",
];

/// Columns added to existing tables (SQLite alters one column per statement).
fn added_columns() -> Vec<(&'static str, ColumnDef)> {
    vec![
        (
            "organizations",
            text_col("purchase_order_prefix", 12)
                .default("PO-")
                .to_owned(),
        ),
        ("organizations", bool_col("allow_over_receipt")),
        (
            "organizations",
            ColumnDef::new(Alias::new("reorder_cover_days"))
                .integer()
                .not_null()
                .default(14)
                .to_owned(),
        ),
        (
            "items",
            ColumnDef::new(Alias::new("preferred_supplier_id"))
                .uuid()
                .null()
                .to_owned(),
        ),
        (
            "items",
            ColumnDef::new(Alias::new("lead_time_days"))
                .integer()
                .null()
                .to_owned(),
        ),
        (
            "items",
            ColumnDef::new(Alias::new("reorder_point"))
                .big_integer()
                .null()
                .to_owned(),
        ),
        (
            "items",
            ColumnDef::new(Alias::new("reorder_quantity"))
                .big_integer()
                .null()
                .to_owned(),
        ),
        ("stock_transactions", nullable_text_col("source_type", 24)),
        (
            "stock_transactions",
            ColumnDef::new(Alias::new("source_id"))
                .uuid()
                .null()
                .to_owned(),
        ),
    ]
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, mut column) in added_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // A receipt's transactions, found from its order; items by preferred supplier (for the
        // foreign key's checks when partners go).
        for (table, name, column) in [
            (
                "stock_transactions",
                "idx_stock_transactions_source",
                "source_id",
            ),
            (
                "items",
                "idx_items_preferred_supplier",
                "preferred_supplier_id",
            ),
        ] {
            manager
                .create_index(tenant_index(table, name, &[column], false))
                .await?;
        }

        let mut sequences = tenant_table("document_sequences", &["kind"]);
        sequences
            .col(text_col("kind", 24))
            .col(bigint_col("last_number"));
        manager.create_table(sequences).await?;

        let mut orders = tenant_table("purchase_orders", &["id"]);
        orders
            .col(uuid_col("id"))
            .col(bigint_col("sequence"))
            .col(text_col("number", 40))
            .col(uuid_col("supplier_id"))
            .col(uuid_col("location_id"))
            // draft, ordered, partially_received, received, closed, cancelled.
            .col(text_col("status", 24))
            .col(nullable_timestamp_col("expected_at"))
            .col(nullable_text_col("note", 1000))
            .col(uuid_col("created_by"))
            .col(timestamp_col("created_at"))
            .col(timestamp_col("updated_at"))
            .col(nullable_timestamp_col("submitted_at"))
            .col(nullable_timestamp_col("closed_at"))
            .col(nullable_timestamp_col("cancelled_at"))
            .foreign_key(&mut tenant_fk("purchase_orders", "supplier_id", "partners"))
            .foreign_key(&mut tenant_fk(
                "purchase_orders",
                "location_id",
                "locations",
            ));
        manager.create_table(orders).await?;
        for (name, columns, unique) in [
            ("idx_purchase_orders_sequence", &["sequence"][..], true),
            (
                "idx_purchase_orders_supplier",
                &["supplier_id", "id"][..],
                false,
            ),
            ("idx_purchase_orders_status", &["status", "id"][..], false),
            ("idx_purchase_orders_location", &["location_id"][..], false),
        ] {
            manager
                .create_index(tenant_index("purchase_orders", name, columns, unique))
                .await?;
        }

        let mut lines = tenant_table("purchase_order_lines", &["id"]);
        lines
            .col(uuid_col("id"))
            .col(uuid_col("purchase_order_id"))
            .col(ColumnDef::new(Alias::new("line_no")).integer().not_null())
            .col(uuid_col("item_id"))
            .col(bigint_col("quantity"))
            .col(bigint_col("received").default(0))
            .col(bigint_col("unit_cost"))
            .foreign_key(
                &mut tenant_fk(
                    "purchase_order_lines",
                    "purchase_order_id",
                    "purchase_orders",
                )
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
            )
            .foreign_key(&mut tenant_fk("purchase_order_lines", "item_id", "items"));
        manager.create_table(lines).await?;
        for (name, columns, unique) in [
            (
                "idx_purchase_order_lines_item_once",
                &["purchase_order_id", "item_id"][..],
                true,
            ),
            ("idx_purchase_order_lines_item", &["item_id"][..], false),
        ] {
            manager
                .create_index(tenant_index("purchase_order_lines", name, columns, unique))
                .await?;
        }

        for table in TABLES {
            rls::enable(manager, table).await?;
        }
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            // SQLite cannot add a constraint to an existing table; there the application checks.
            // NOT VALID first: the new column is NULL everywhere, and validating separately
            // does not block writes to items while it reads them.
            db.execute_unprepared(
                "ALTER TABLE items ADD CONSTRAINT fk_items_preferred_supplier_id
                     FOREIGN KEY (organization_id, preferred_supplier_id)
                     REFERENCES partners (organization_id, id) NOT VALID;
                 ALTER TABLE items VALIDATE CONSTRAINT fk_items_preferred_supplier_id;",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "ALTER TABLE items DROP CONSTRAINT fk_items_preferred_supplier_id;",
            )
            .await?;
        }
        for (table, name) in [
            ("stock_transactions", "idx_stock_transactions_source"),
            ("items", "idx_items_preferred_supplier"),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        for table in TABLES {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        for (table, column) in added_columns().into_iter().rev() {
            let name = column.get_column_name();
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Alias::new(name))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

//! Sales: orders from customers that reserve stock at a location, ship through the ledger
//! (`stock_transactions.source_type = 'sales_order'`) and are invoiced; invoices and credit
//! notes (one table, `kind`) numbered gapless per organization through `document_sequences`;
//! tax rates; returns. Stock levels learn what is reserved for confirmed orders.

use sea_orm_migration::prelude::*;

use crate::schema::{
    bigint_col, bool_col, nullable_text_col, nullable_timestamp_col, rls, tenant_fk, tenant_index,
    tenant_table, text_col, timestamp_col, uuid_col,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000020_sales"
    }
}

/// Dropped in this order.
const TABLES: [&str; 7] = [
    "sales_return_lines",
    "sales_returns",
    "invoice_lines",
    "invoices",
    "sales_order_lines",
    "sales_orders",
    "tax_rates",
];

fn int_col(name: &'static str, default: i32) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .integer()
        .not_null()
        .default(default)
        .to_owned()
}

/// Columns added to existing tables (SQLite alters one column per statement).
fn added_columns() -> Vec<(&'static str, ColumnDef)> {
    vec![
        ("stock_levels", bigint_col("reserved").default(0).to_owned()),
        (
            "organizations",
            text_col("sales_order_prefix", 12).default("SO-").to_owned(),
        ),
        (
            "organizations",
            text_col("invoice_prefix", 12).default("INV-").to_owned(),
        ),
        (
            "organizations",
            text_col("credit_note_prefix", 12).default("CN-").to_owned(),
        ),
        (
            "organizations",
            text_col("currency", 3).default("USD").to_owned(),
        ),
        ("organizations", int_col("payment_terms_days", 30)),
        ("organizations", nullable_text_col("address", 1000)),
        ("organizations", nullable_text_col("logo_url", 2000)),
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

        let mut rates = tenant_table("tax_rates", &["id"]);
        rates
            .col(uuid_col("id"))
            .col(text_col("name", 100))
            // Percent, scaled like quantities: 20 % is 200000.
            .col(bigint_col("percent"))
            .col(bool_col("archived"))
            .col(timestamp_col("created_at"));
        manager.create_table(rates).await?;
        manager
            .create_index(tenant_index(
                "tax_rates",
                "idx_tax_rates_name",
                &["name"],
                true,
            ))
            .await?;

        let mut orders = tenant_table("sales_orders", &["id"]);
        orders
            .col(uuid_col("id"))
            .col(bigint_col("sequence"))
            .col(text_col("number", 40))
            .col(uuid_col("customer_id"))
            .col(uuid_col("location_id"))
            // draft, confirmed, partially_shipped, shipped, cancelled.
            .col(text_col("status", 24))
            .col(nullable_text_col("note", 1000))
            .col(uuid_col("created_by"))
            .col(timestamp_col("created_at"))
            .col(timestamp_col("updated_at"))
            .col(nullable_timestamp_col("confirmed_at"))
            .col(nullable_timestamp_col("cancelled_at"))
            .foreign_key(&mut tenant_fk("sales_orders", "customer_id", "partners"))
            .foreign_key(&mut tenant_fk("sales_orders", "location_id", "locations"));
        manager.create_table(orders).await?;
        for (name, columns, unique) in [
            ("idx_sales_orders_sequence", &["sequence"][..], true),
            (
                "idx_sales_orders_customer",
                &["customer_id", "id"][..],
                false,
            ),
            ("idx_sales_orders_status", &["status", "id"][..], false),
            ("idx_sales_orders_location", &["location_id"][..], false),
        ] {
            manager
                .create_index(tenant_index("sales_orders", name, columns, unique))
                .await?;
        }

        let mut lines = tenant_table("sales_order_lines", &["id"]);
        lines
            .col(uuid_col("id"))
            .col(uuid_col("sales_order_id"))
            .col(ColumnDef::new(Alias::new("line_no")).integer().not_null())
            .col(uuid_col("item_id"))
            .col(bigint_col("quantity"))
            .col(bigint_col("shipped").default(0))
            .col(bigint_col("returned").default(0))
            .col(bigint_col("invoiced").default(0))
            // On credit notes that stand.
            .col(bigint_col("credited").default(0))
            .col(bigint_col("unit_price"))
            // Percent, scaled like quantities.
            .col(bigint_col("discount_percent").default(0))
            .col(
                ColumnDef::new(Alias::new("tax_rate_id"))
                    .uuid()
                    .null()
                    .to_owned(),
            )
            .foreign_key(
                &mut tenant_fk("sales_order_lines", "sales_order_id", "sales_orders")
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            )
            .foreign_key(&mut tenant_fk("sales_order_lines", "item_id", "items"))
            .foreign_key(&mut tenant_fk(
                "sales_order_lines",
                "tax_rate_id",
                "tax_rates",
            ));
        manager.create_table(lines).await?;
        for (name, columns, unique) in [
            (
                "idx_sales_order_lines_item_once",
                &["sales_order_id", "item_id"][..],
                true,
            ),
            ("idx_sales_order_lines_item", &["item_id"][..], false),
        ] {
            manager
                .create_index(tenant_index("sales_order_lines", name, columns, unique))
                .await?;
        }

        let mut invoices = tenant_table("invoices", &["id"]);
        invoices
            .col(uuid_col("id"))
            // invoice, credit_note: numbered separately.
            .col(text_col("kind", 16))
            .col(bigint_col("sequence"))
            .col(text_col("number", 40))
            .col(uuid_col("sales_order_id"))
            .col(uuid_col("customer_id"))
            // A credit note's invoice, and the return (none: a cancellation) it credits.
            .col(
                ColumnDef::new(Alias::new("credits_invoice_id"))
                    .uuid()
                    .null()
                    .to_owned(),
            )
            .col(
                ColumnDef::new(Alias::new("sales_return_id"))
                    .uuid()
                    .null()
                    .to_owned(),
            )
            // draft, issued, paid, void.
            .col(text_col("status", 16))
            .col(text_col("currency", 3))
            // Amounts scaled like money, each exact to the currency's minor unit.
            .col(bigint_col("subtotal"))
            .col(bigint_col("tax_total"))
            .col(bigint_col("total"))
            .col(
                ColumnDef::new(Alias::new("due_date"))
                    .date()
                    .null()
                    .to_owned(),
            )
            .col(nullable_text_col("note", 1000))
            .col(uuid_col("created_by"))
            .col(timestamp_col("created_at"))
            .col(timestamp_col("updated_at"))
            .col(nullable_timestamp_col("issued_at"))
            .col(nullable_timestamp_col("paid_at"))
            // What the payment settled: the total less what was credited by then.
            .col(
                ColumnDef::new(Alias::new("amount_paid"))
                    .big_integer()
                    .null()
                    .to_owned(),
            )
            .col(nullable_timestamp_col("voided_at"))
            .col(nullable_timestamp_col("sent_at"))
            .foreign_key(&mut tenant_fk("invoices", "sales_order_id", "sales_orders"))
            .foreign_key(&mut tenant_fk("invoices", "customer_id", "partners"))
            .foreign_key(&mut tenant_fk("invoices", "credits_invoice_id", "invoices"));
        manager.create_table(invoices).await?;
        for (name, columns, unique) in [
            ("idx_invoices_sequence", &["kind", "sequence"][..], true),
            ("idx_invoices_order", &["sales_order_id"][..], false),
            (
                "idx_invoices_customer",
                &["customer_id", "issued_at"][..],
                false,
            ),
            ("idx_invoices_credits", &["credits_invoice_id"][..], false),
            ("idx_invoices_return", &["sales_return_id"][..], false),
        ] {
            manager
                .create_index(tenant_index("invoices", name, columns, unique))
                .await?;
        }

        let mut invoice_lines = tenant_table("invoice_lines", &["id"]);
        invoice_lines
            .col(uuid_col("id"))
            .col(uuid_col("invoice_id"))
            .col(ColumnDef::new(Alias::new("line_no")).integer().not_null())
            .col(uuid_col("sales_order_line_id"))
            .col(uuid_col("item_id"))
            // The item as it was when invoiced: an issued invoice never changes.
            .col(text_col("sku", 64))
            .col(text_col("name", 200))
            .col(bigint_col("quantity"))
            .col(bigint_col("unit_price"))
            .col(bigint_col("discount_percent"))
            .col(
                ColumnDef::new(Alias::new("tax_rate_id"))
                    .uuid()
                    .null()
                    .to_owned(),
            )
            .col(nullable_text_col("tax_name", 100))
            .col(bigint_col("tax_percent"))
            .col(bigint_col("net"))
            .col(bigint_col("tax"))
            // Of an invoice's line: the quantity credit notes that stand gave back.
            .col(bigint_col("credited").default(0))
            .foreign_key(
                &mut tenant_fk("invoice_lines", "invoice_id", "invoices")
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            )
            .foreign_key(&mut tenant_fk(
                "invoice_lines",
                "sales_order_line_id",
                "sales_order_lines",
            ));
        manager.create_table(invoice_lines).await?;
        manager
            .create_index(tenant_index(
                "invoice_lines",
                "idx_invoice_lines_invoice",
                &["invoice_id", "line_no"],
                true,
            ))
            .await?;

        // Which shipments an invoice bills (so none is billed twice while the invoice stands).
        let mut billed = tenant_table("invoice_shipments", &["invoice_id", "transaction_id"]);
        billed
            .col(uuid_col("invoice_id"))
            .col(uuid_col("transaction_id"))
            .foreign_key(
                &mut tenant_fk("invoice_shipments", "invoice_id", "invoices")
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            )
            .foreign_key(&mut tenant_fk(
                "invoice_shipments",
                "transaction_id",
                "stock_transactions",
            ));
        manager.create_table(billed).await?;
        manager
            .create_index(tenant_index(
                "invoice_shipments",
                "idx_invoice_shipments_transaction",
                &["transaction_id"],
                false,
            ))
            .await?;

        let mut returns = tenant_table("sales_returns", &["id"]);
        returns
            .col(uuid_col("id"))
            .col(uuid_col("sales_order_id"))
            .col(text_col("idempotency_key", 200))
            .col(text_col("request_hash", 64))
            // The restocking stock-in, when anything was restocked.
            .col(
                ColumnDef::new(Alias::new("transaction_id"))
                    .uuid()
                    .null()
                    .to_owned(),
            )
            .col(nullable_text_col("note", 1000))
            .col(uuid_col("created_by"))
            .col(timestamp_col("created_at"))
            .foreign_key(&mut tenant_fk(
                "sales_returns",
                "sales_order_id",
                "sales_orders",
            ))
            .foreign_key(&mut tenant_fk(
                "sales_returns",
                "transaction_id",
                "stock_transactions",
            ));
        manager.create_table(returns).await?;
        for (name, columns, unique) in [
            ("idx_sales_returns_key", &["idempotency_key"][..], true),
            ("idx_sales_returns_order", &["sales_order_id"][..], false),
        ] {
            manager
                .create_index(tenant_index("sales_returns", name, columns, unique))
                .await?;
        }

        let mut return_lines = tenant_table("sales_return_lines", &["return_id", "line_id"]);
        return_lines
            .col(uuid_col("return_id"))
            .col(uuid_col("line_id"))
            .col(bigint_col("quantity"))
            .col(bool_col("restock"))
            .foreign_key(
                &mut tenant_fk("sales_return_lines", "return_id", "sales_returns")
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            )
            .foreign_key(&mut tenant_fk(
                "sales_return_lines",
                "line_id",
                "sales_order_lines",
            ));
        manager.create_table(return_lines).await?;

        for table in TABLES.iter().chain(&["invoice_shipments"]) {
            rls::enable(manager, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["invoice_shipments"].iter().chain(&TABLES) {
            manager
                .drop_table(Table::drop().table(Alias::new(*table)).to_owned())
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

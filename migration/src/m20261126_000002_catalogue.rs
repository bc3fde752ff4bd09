//! The catalogue: categories, locations, partners, attribute definitions, items, their
//! attribute values and per-location thresholds. Quantities and money are scaled integers
//! (four decimals).

use sea_orm_migration::prelude::*;

use crate::schema::{
    bigint_col, bool_col, nullable_text_col, rls, tenant_fk, tenant_index, tenant_table, text_col,
    timestamp_col, uuid_col,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000002_catalogue"
    }
}

const TABLES: [&str; 7] = [
    "categories",
    "locations",
    "partners",
    "attribute_definitions",
    "items",
    "item_attribute_values",
    "item_location_thresholds",
];

fn kind_check(column: &'static str, kinds: &[&'static str]) -> SimpleExpr {
    Expr::col(Alias::new(column)).is_in(kinds.iter().copied())
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organizations"))
                    .add_column(bool_col("allow_negative_stock"))
                    .to_owned(),
            )
            .await?;

        let mut categories = tenant_table("categories", &["id"]);
        categories
            .col(uuid_col("id"))
            .col(text_col("name", 100))
            .col(timestamp_col("created_at"))
            .col(timestamp_col("updated_at"));
        manager.create_table(categories).await?;

        let mut locations = tenant_table("locations", &["id"]);
        locations
            .col(uuid_col("id"))
            .col(text_col("name", 100))
            .col(nullable_text_col("address", 500))
            .col(bool_col("archived"))
            .col(timestamp_col("created_at"))
            .col(timestamp_col("updated_at"));
        manager.create_table(locations).await?;

        let mut partners = tenant_table("partners", &["id"]);
        partners
            .col(uuid_col("id"))
            .col(text_col("name", 200))
            .col(text_col("kind", 16).check(kind_check("kind", &["supplier", "customer", "both"])))
            .col(nullable_text_col("email", 254))
            .col(nullable_text_col("phone", 50))
            .col(nullable_text_col("address", 500))
            .col(nullable_text_col("notes", 2000))
            .col(bool_col("archived"))
            .col(timestamp_col("created_at"))
            .col(timestamp_col("updated_at"));
        manager.create_table(partners).await?;

        let mut attributes = tenant_table("attribute_definitions", &["id"]);
        attributes
            .col(uuid_col("id"))
            .col(text_col("key", 64))
            .col(text_col("label", 100))
            .col(
                text_col("kind", 16)
                    .check(kind_check("kind", &["text", "number", "date", "boolean"])),
            )
            .col(timestamp_col("created_at"));
        manager.create_table(attributes).await?;

        let mut items = tenant_table("items", &["id"]);
        items
            .col(uuid_col("id"))
            .col(text_col("sku", 64))
            .col(text_col("name", 200))
            .col(nullable_text_col("description", 2000))
            .col(nullable_text_col("barcode", 64))
            .col(ColumnDef::new(Alias::new("category_id")).uuid().null())
            .col(text_col("unit", 16))
            .col(bigint_col("cost"))
            .col(bigint_col("price"))
            .col(bigint_col("safety_stock"))
            .col(nullable_text_col("image_url", 2000))
            .col(bool_col("archived"))
            .col(timestamp_col("created_at"))
            .col(timestamp_col("updated_at"))
            .foreign_key(&mut tenant_fk("items", "category_id", "categories"));
        manager.create_table(items).await?;

        let mut values = tenant_table("item_attribute_values", &["item_id", "attribute_id"]);
        values
            .col(uuid_col("item_id"))
            .col(uuid_col("attribute_id"))
            .col(text_col("value", 500))
            .foreign_key(
                &mut tenant_fk("item_attribute_values", "item_id", "items")
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            )
            .foreign_key(
                &mut tenant_fk(
                    "item_attribute_values",
                    "attribute_id",
                    "attribute_definitions",
                )
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned(),
            );
        manager.create_table(values).await?;

        let mut thresholds = tenant_table("item_location_thresholds", &["item_id", "location_id"]);
        thresholds
            .col(uuid_col("item_id"))
            .col(uuid_col("location_id"))
            .col(bigint_col("safety_stock"))
            .foreign_key(
                &mut tenant_fk("item_location_thresholds", "item_id", "items")
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            )
            .foreign_key(&mut tenant_fk(
                "item_location_thresholds",
                "location_id",
                "locations",
            ));
        manager.create_table(thresholds).await?;

        for index in [
            tenant_index("categories", "uq_categories_name", &["name"], true),
            tenant_index("locations", "uq_locations_name", &["name"], true),
            tenant_index("partners", "idx_partners_name", &["name"], false),
            tenant_index(
                "attribute_definitions",
                "uq_attribute_definitions_key",
                &["key"],
                true,
            ),
            tenant_index("items", "uq_items_sku", &["sku"], true),
            tenant_index("items", "uq_items_barcode", &["barcode"], true),
            tenant_index("items", "idx_items_name", &["name", "id"], false),
            tenant_index("items", "idx_items_updated", &["updated_at", "id"], false),
            tenant_index("items", "idx_items_category", &["category_id"], false),
        ] {
            manager.create_index(index).await?;
        }
        for table in TABLES {
            rls::enable(manager, table).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(Alias::new(*table)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organizations"))
                    .drop_column(Alias::new("allow_negative_stock"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}

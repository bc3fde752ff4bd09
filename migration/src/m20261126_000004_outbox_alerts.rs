//! The outbox (events written in the domain transaction, delivered by workers) and the
//! low-stock alert state that makes an alert fire once per crossing. Members get a
//! notification preference.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::schema::{
    nullable_text_col, nullable_timestamp_col, rls, tenant_fk, tenant_table, text_col,
    timestamp_col, uuid_col,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000004_outbox_alerts"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut outbox = tenant_table("outbox_events", &["id"]);
        outbox
            .col(uuid_col("id"))
            .col(text_col("topic", 32))
            .col(ColumnDef::new(Alias::new("payload")).text().not_null())
            .col(timestamp_col("created_at"))
            .col(timestamp_col("available_at"))
            .col(
                ColumnDef::new(Alias::new("attempts"))
                    .integer()
                    .not_null()
                    .default(0),
            )
            .col(nullable_text_col("last_error", 2000))
            .col(nullable_timestamp_col("lease_until"))
            .col(nullable_timestamp_col("processed_at"))
            .col(nullable_timestamp_col("parked_at"));
        manager.create_table(outbox).await?;
        // The work queue is read across tenants by nature, so its index is not led by
        // organization_id (nor is its worker policy below).
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
        rls::enable(manager, "outbox_events").await?;
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            // Workers claim events of every tenant; only a transaction that says it is the
            // outbox worker sees them (then acts on each event inside that event's tenant).
            db.execute_unprepared(
                "CREATE POLICY outbox_worker ON outbox_events
                     USING (current_setting('app.outbox_worker', true) = 'on')
                     WITH CHECK (current_setting('app.outbox_worker', true) = 'on');",
            )
            .await?;
        }

        let mut states = tenant_table("low_stock_states", &["item_id", "scope_id"]);
        states
            .col(uuid_col("item_id"))
            // A location's id, or the nil UUID for the item's total.
            .col(uuid_col("scope_id"))
            .col(ColumnDef::new(Alias::new("low")).boolean().not_null())
            .col(timestamp_col("changed_at"))
            .foreign_key(
                &mut tenant_fk("low_stock_states", "item_id", "items")
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            );
        manager.create_table(states).await?;
        rls::enable(manager, "low_stock_states").await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("memberships"))
                    // Unset: owners and admins get low-stock alerts, others do not.
                    .add_column(
                        ColumnDef::new(Alias::new("low_stock_alerts"))
                            .boolean()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("memberships"))
                    .drop_column(Alias::new("low_stock_alerts"))
                    .to_owned(),
            )
            .await?;
        for table in ["low_stock_states", "outbox_events"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

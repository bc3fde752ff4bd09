//! Outgoing webhooks: an organization's endpoints, the events they are sent (numbered per
//! organization in commit order, kept for replay), and the log of every delivery attempt.
//!
//! `organizations.webhook_events` says whether the organization has an endpoint at all: a
//! change reads it with the organization's row and writes webhook events only then, so
//! organizations without webhooks pay nothing for them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::schema::{
    bigint_col, bool_col, nullable_text_col, nullable_timestamp_col, rls, tenant_fk, tenant_index,
    tenant_table, text_col, timestamp_col, uuid_col,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000018_webhooks"
    }
}

const TABLES: [&str; 4] = [
    "webhook_deliveries",
    "webhook_events",
    "webhook_endpoints",
    "webhook_sequences",
];

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organizations"))
                    .add_column(bool_col("webhook_events"))
                    .to_owned(),
            )
            .await?;

        // The last sequence number given to an event of the organization; its row lock orders
        // concurrent commits, so sequence order is commit order.
        let mut sequences = tenant_table("webhook_sequences", &[]);
        sequences.col(bigint_col("last_sequence").default(0));
        manager.create_table(sequences).await?;

        let mut endpoints = tenant_table("webhook_endpoints", &["id"]);
        endpoints
            .col(uuid_col("id"))
            .col(text_col("url", 2000))
            .col(nullable_text_col("description", 500))
            // Comma-separated event types.
            .col(text_col("events", 1000))
            .col(text_col("secret", 100))
            .col(nullable_text_col("previous_secret", 100))
            .col(nullable_timestamp_col("previous_secret_until"))
            .col(bool_col("enabled").default(true))
            .col(nullable_text_col("disabled_reason", 500))
            // Every event up to this sequence number has been delivered or skipped.
            .col(bigint_col("delivered_through"))
            .col(
                ColumnDef::new(Alias::new("failures"))
                    .integer()
                    .not_null()
                    .default(0),
            )
            .col(nullable_timestamp_col("failing_since"))
            .col(timestamp_col("next_attempt_at"))
            .col(nullable_timestamp_col("lease_until"))
            .col(ColumnDef::new(Alias::new("lease_token")).uuid().null())
            .col(timestamp_col("created_at"))
            .col(timestamp_col("updated_at"));
        manager.create_table(endpoints).await?;
        // Workers look for due endpoints of every tenant (like the outbox's queue index).
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_endpoints_due")
                    .table(Alias::new("webhook_endpoints"))
                    .col(Alias::new("enabled"))
                    .col(Alias::new("next_attempt_at"))
                    .to_owned(),
            )
            .await?;

        let mut events = tenant_table("webhook_events", &["sequence"]);
        events
            .col(bigint_col("sequence"))
            .col(uuid_col("id"))
            .col(text_col("event_type", 40))
            .col(timestamp_col("occurred_at"))
            // JSON.
            .col(ColumnDef::new(Alias::new("data")).text().not_null());
        manager.create_table(events).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_events_occurred_at")
                    .table(Alias::new("webhook_events"))
                    .col(Alias::new("occurred_at"))
                    .to_owned(),
            )
            .await?;

        let mut deliveries = tenant_table("webhook_deliveries", &["id"]);
        deliveries
            .col(uuid_col("id"))
            .col(uuid_col("endpoint_id"))
            .col(bigint_col("sequence"))
            .col(uuid_col("event_id"))
            .col(text_col("event_type", 40))
            .col(ColumnDef::new(Alias::new("attempt")).integer().not_null())
            .col(bool_col("redelivery"))
            // pending (a redelivery not sent yet), succeeded, failed.
            .col(text_col("status", 16))
            .col(ColumnDef::new(Alias::new("status_code")).integer().null())
            .col(ColumnDef::new(Alias::new("latency_ms")).integer().null())
            .col(nullable_text_col("error", 1000))
            .col(nullable_text_col("response_body", 2000))
            .col(timestamp_col("created_at"))
            .col(nullable_timestamp_col("attempted_at"))
            .col(nullable_timestamp_col("lease_until"))
            .foreign_key(
                &mut tenant_fk("webhook_deliveries", "endpoint_id", "webhook_endpoints")
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            );
        manager.create_table(deliveries).await?;
        manager
            .create_index(tenant_index(
                "webhook_deliveries",
                "idx_webhook_deliveries_endpoint",
                &["endpoint_id", "id"],
                false,
            ))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_deliveries_status")
                    .table(Alias::new("webhook_deliveries"))
                    .col(Alias::new("status"))
                    .col(Alias::new("created_at"))
                    .to_owned(),
            )
            .await?;

        for table in TABLES {
            rls::enable(manager, table).await?;
        }
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            for table in TABLES {
                // Delivery runs in the outbox worker's transactions, across tenants.
                db.execute_unprepared(&format!(
                    "CREATE POLICY outbox_worker ON {table}
                         USING (current_setting('app.outbox_worker', true) = 'on')
                         WITH CHECK (current_setting('app.outbox_worker', true) = 'on');"
                ))
                .await?;
            }
            // New events wake idle workers, as outbox events do (`entity::outbox::NOTIFY_CHANNEL`).
            db.execute_unprepared(
                "CREATE FUNCTION webhook_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                     PERFORM pg_notify('outbox_events', '');
                     RETURN NULL;
                 END
                 $$;
                 CREATE TRIGGER webhook_events_notify AFTER INSERT ON webhook_events
                     FOR EACH STATEMENT EXECUTE FUNCTION webhook_events_notify();",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "DROP TRIGGER webhook_events_notify ON webhook_events;
                 DROP FUNCTION webhook_events_notify();",
            )
            .await?;
        }
        for table in TABLES {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organizations"))
                    .drop_column(Alias::new("webhook_events"))
                    .to_owned(),
            )
            .await
    }
}

//! Billing: each organization's plan and Stripe subscription state, and the Stripe events
//! already applied (so a redelivered event is applied once).

use sea_orm_migration::prelude::*;

use crate::schema::{nullable_text_col, nullable_timestamp_col, text_col, timestamp_col};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000009_billing"
    }
}

const COLUMNS: [&str; 7] = [
    "plan",
    "stripe_customer_id",
    "stripe_subscription_id",
    "subscription_status",
    "current_period_end",
    "billing_updated_at",
    "unpaid_since",
];

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            ColumnDef::new(Alias::new("plan"))
                .string_len(32)
                .not_null()
                .default("free")
                .to_owned(),
            nullable_text_col("stripe_customer_id", 255),
            nullable_text_col("stripe_subscription_id", 255),
            nullable_text_col("subscription_status", 32),
            nullable_timestamp_col("current_period_end"),
            // The Stripe time of the state applied last: an older event never overwrites it.
            nullable_timestamp_col("billing_updated_at"),
            // Since when the subscription is unpaid; read-only after the grace period.
            nullable_timestamp_col("unpaid_since"),
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
        manager
            .create_index(
                Index::create()
                    .name("idx_organizations_stripe_customer")
                    .table(Alias::new("organizations"))
                    .col(Alias::new("stripe_customer_id"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("stripe_events"))
                    .col(text_col("id", 255).primary_key())
                    .col(text_col("event_type", 100))
                    .col(timestamp_col("created_at"))
                    .col(timestamp_col("received_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Alias::new("stripe_events")).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_organizations_stripe_customer")
                    .table(Alias::new("organizations"))
                    .to_owned(),
            )
            .await?;
        for column in COLUMNS.iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("organizations"))
                        .drop_column(Alias::new(*column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

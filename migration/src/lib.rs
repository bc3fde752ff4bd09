//! Stockroom's schema, one file per change. Migrations never import entities, so an old
//! migration never changes when the model does.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_accounts;
mod m20261126_000002_catalogue;
mod m20261126_000003_ledger;
mod m20261126_000004_outbox_alerts;
mod m20261126_000005_digest;
mod m20261126_000006_archive_categories_attributes;
mod m20261126_000007_analytics;
mod m20261126_000008_teams;
mod m20261126_000009_billing;
mod m20261202_000010_append_only_history;
mod m20261202_000011_outbox_pending_index;
mod m20261202_000012_outbox_processed_index;
mod m20261202_000013_outbox_notify;
mod m20261202_000014_enter_tenant;
mod m20261202_000015_outbox_notify_prompt;
mod m20261202_000016_items_by_archived_name;
mod m20261204_000017_refresh_successor;
mod m20261204_000018_webhooks;
mod m20261205_000019_purchasing;
mod m20261205_000020_sales;
mod m20261206_000021_outbox_crashes;
mod m20261207_000022_closed_periods;
mod m20261208_000023_account_mail_outbox;
pub mod schema;

pub struct Migrator;

#[sea_orm_migration::async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_accounts::Migration),
            Box::new(m20261126_000002_catalogue::Migration),
            Box::new(m20261126_000003_ledger::Migration),
            Box::new(m20261126_000004_outbox_alerts::Migration),
            Box::new(m20261126_000005_digest::Migration),
            Box::new(m20261126_000006_archive_categories_attributes::Migration),
            Box::new(m20261126_000007_analytics::Migration),
            Box::new(m20261126_000008_teams::Migration),
            Box::new(m20261126_000009_billing::Migration),
            Box::new(m20261202_000010_append_only_history::Migration),
            Box::new(m20261202_000011_outbox_pending_index::Migration),
            Box::new(m20261202_000012_outbox_processed_index::Migration),
            Box::new(m20261202_000013_outbox_notify::Migration),
            Box::new(m20261202_000014_enter_tenant::Migration),
            Box::new(m20261202_000015_outbox_notify_prompt::Migration),
            Box::new(m20261202_000016_items_by_archived_name::Migration),
            Box::new(m20261204_000017_refresh_successor::Migration),
            Box::new(m20261204_000018_webhooks::Migration),
            Box::new(m20261205_000019_purchasing::Migration),
            Box::new(m20261205_000020_sales::Migration),
            Box::new(m20261206_000021_outbox_crashes::Migration),
            Box::new(m20261207_000022_closed_periods::Migration),
            Box::new(m20261208_000023_account_mail_outbox::Migration),
        ]
    }
}

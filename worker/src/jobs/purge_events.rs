use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::runner::{Job, Outcome};

/// Forgets Stripe event ids once Stripe can no longer redeliver them, a batch per step.
pub struct PurgeStripeEvents {
    db: DatabaseConnection,
}

impl PurgeStripeEvents {
    const BATCH: u64 = 500;

    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait::async_trait]
impl Job for PurgeStripeEvents {
    fn name(&self) -> &'static str {
        "purge_stripe_events"
    }

    fn idle_interval(&self) -> Duration {
        Duration::from_secs(3600)
    }

    async fn try_run_once(&self) -> anyhow::Result<Outcome> {
        let deleted = entity::billing::purge_stripe_events(&self.db, Self::BATCH).await?;
        if deleted > 0 {
            tracing::info!(deleted, "purged old Stripe event ids");
        }
        Ok(if deleted == Self::BATCH {
            Outcome::Ran
        } else {
            Outcome::Idle
        })
    }
}

use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::runner::{Job, Outcome};

/// Once a minute, enqueues the daily low-stock digest of every organization whose local
/// digest time (plus its offset within the spread) has come; the outbox delivers it.
pub struct DailyDigest {
    db: DatabaseConnection,
    spread: Duration,
}

impl DailyDigest {
    pub fn new(db: DatabaseConnection, spread: Duration) -> Self {
        Self { db, spread }
    }
}

#[async_trait::async_trait]
impl Job for DailyDigest {
    fn name(&self) -> &'static str {
        "daily_digest"
    }

    fn idle_interval(&self) -> Duration {
        Duration::from_secs(60)
    }

    async fn try_run_once(&self) -> anyhow::Result<Outcome> {
        let now = chrono::Utc::now();
        let enqueued = entity::digests::enqueue_due_digests(&self.db, now, self.spread).await?;
        if enqueued > 0 {
            tracing::info!(enqueued, "daily digests enqueued");
        }
        Ok(Outcome::Idle)
    }
}

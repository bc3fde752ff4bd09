use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::runner::{Job, Outcome};

/// Deletes refresh tokens that expired more than a day ago, a batch per step.
pub struct PurgeExpiredRefreshTokens {
    db: DatabaseConnection,
}

impl PurgeExpiredRefreshTokens {
    const BATCH: u64 = 500;

    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait::async_trait]
impl Job for PurgeExpiredRefreshTokens {
    fn name(&self) -> &'static str {
        "purge_expired_refresh_tokens"
    }

    fn idle_interval(&self) -> Duration {
        Duration::from_secs(3600)
    }

    async fn try_run_once(&self) -> anyhow::Result<Outcome> {
        let deleted = entity::team::purge_expired_refresh_tokens(&self.db, Self::BATCH).await?;
        if deleted > 0 {
            tracing::info!(deleted, "purged expired refresh tokens");
        }
        Ok(if deleted == Self::BATCH {
            Outcome::Ran
        } else {
            Outcome::Idle
        })
    }
}

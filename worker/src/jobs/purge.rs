use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::runner::{Job, Outcome};

/// What a [`Purge`] deletes.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Refresh tokens that expired more than a day ago.
    RefreshTokens,
    /// Stripe event ids past the retention, when Stripe can no longer redeliver them.
    StripeEvents,
    /// Outbox events processed longer ago than this (parked ones stay).
    OutboxEvents(chrono::Duration),
    /// Webhook events and delivery logs older than this.
    WebhookEvents(chrono::Duration),
}

/// Deletes rows nobody needs any more, a batch per step.
pub struct Purge {
    db: DatabaseConnection,
    kind: Kind,
}

impl Purge {
    const BATCH: u64 = 500;

    pub fn refresh_tokens(db: DatabaseConnection) -> Self {
        Self {
            db,
            kind: Kind::RefreshTokens,
        }
    }

    pub fn stripe_events(db: DatabaseConnection) -> Self {
        Self {
            db,
            kind: Kind::StripeEvents,
        }
    }

    /// Deletes outbox events processed more than `retention` ago.
    pub fn outbox_events(db: DatabaseConnection, retention: Duration) -> Self {
        let retention = chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
        Self {
            db,
            kind: Kind::OutboxEvents(retention),
        }
    }
}

impl Purge {
    /// Deletes webhook events and delivery logs older than `retention`.
    pub fn webhook_events(db: DatabaseConnection, retention: Duration) -> Self {
        let retention = chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
        Self {
            db,
            kind: Kind::WebhookEvents(retention),
        }
    }
}

#[async_trait::async_trait]
impl Job for Purge {
    fn name(&self) -> &'static str {
        match self.kind {
            Kind::RefreshTokens => "purge_expired_refresh_tokens",
            Kind::StripeEvents => "purge_stripe_events",
            Kind::OutboxEvents(_) => "purge_outbox_events",
            Kind::WebhookEvents(_) => "purge_webhook_events",
        }
    }

    fn idle_interval(&self) -> Duration {
        Duration::from_secs(3600)
    }

    async fn try_run_once(&self) -> anyhow::Result<Outcome> {
        let deleted = match self.kind {
            Kind::RefreshTokens => {
                entity::team::purge_expired_refresh_tokens(&self.db, Self::BATCH).await?
            }
            Kind::StripeEvents => {
                entity::billing::purge_stripe_events(&self.db, Self::BATCH).await?
            }
            Kind::OutboxEvents(retention) => {
                let cutoff = chrono::Utc::now()
                    .checked_sub_signed(retention)
                    .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
                entity::outbox::prune_processed(&self.db, cutoff, Self::BATCH).await?
            }
            Kind::WebhookEvents(retention) => {
                let cutoff = chrono::Utc::now()
                    .checked_sub_signed(retention)
                    .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
                entity::webhooks::delivery::prune(&self.db, cutoff, Self::BATCH).await?
            }
        };
        if deleted > 0 {
            tracing::info!(deleted, job = self.name(), "purged");
        }
        Ok(if deleted == Self::BATCH {
            Outcome::Ran
        } else {
            Outcome::Idle
        })
    }
}

//! Delivers webhook events. Each step claims endpoints that have events to send and starts a
//! task per endpoint, which sends its events one after another in sequence order until it has
//! caught up or an attempt fails (then the endpoint waits for its retry, holding back only its
//! own queue). Redeliveries someone asked for are sent on their own, once each.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::scope::OrgId;
use entity::webhooks::delivery::{self, AfterFailure, Claim};
use entity::webhooks::subscribed;
use sea_orm::DatabaseConnection;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use super::webhook_http::Sender;
use crate::runner::{Job, Outcome};

/// Endpoints delivered to at once by one worker process.
const CONCURRENT_ENDPOINTS: usize = 16;
/// A claim's lease, renewed after every event; a dead worker's endpoints wait this long.
const LEASE_SECS: i64 = 60;
/// Events read at a time.
const EVENTS_BATCH: u64 = 100;
/// Most events one claim sends, and longest it keeps sending, before its endpoint goes back
/// in the queue behind other due endpoints (so busy endpoints cannot keep every slot).
const TURN_EVENTS: usize = 200;
const TURN: Duration = Duration::from_secs(30);
/// Wait after the first failure; it doubles from there.
const FIRST_RETRY: Duration = Duration::from_secs(5);

/// How long failing endpoints are retried, and how often.
#[derive(Clone, Copy, Debug)]
pub struct Retries {
    pub retry_for: Duration,
    pub max_interval: Duration,
}

impl Retries {
    /// After `failures` failures in a row, the first at `since`.
    fn after(&self, failures: i32, since: DateTime<Utc>) -> AfterFailure {
        let now = Utc::now();
        let failing_for = (now - since).to_std().unwrap_or_default();
        if failing_for >= self.retry_for {
            return AfterFailure::Disable;
        }
        let doublings = u32::try_from(failures.saturating_sub(1))
            .unwrap_or(0)
            .min(20);
        let wait = FIRST_RETRY
            .saturating_mul(1 << doublings)
            .min(self.max_interval);
        AfterFailure::RetryAt(now + chrono::Duration::from_std(wait).unwrap_or_default())
    }
}

pub struct DeliverWebhooks {
    db: DatabaseConnection,
    sender: Arc<Sender>,
    retries: Retries,
    poll_interval: Duration,
    slots: Arc<Semaphore>,
    stopping: CancellationToken,
}

impl DeliverWebhooks {
    /// # Errors
    /// When the HTTP client cannot be set up.
    pub fn new(
        db: DatabaseConnection,
        policy: platform::outbound::UrlPolicy,
        retries: Retries,
        poll_interval: Duration,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            db,
            sender: Arc::new(Sender::new(policy)?),
            retries,
            poll_interval,
            slots: Arc::new(Semaphore::new(CONCURRENT_ENDPOINTS)),
            stopping: CancellationToken::new(),
        })
    }

    fn lease() -> chrono::Duration {
        chrono::Duration::seconds(LEASE_SECS)
    }

    async fn start_redeliveries(&self) -> anyhow::Result<bool> {
        let redeliveries = delivery::claim_redeliveries(&self.db, 20, Self::lease()).await?;
        let any = !redeliveries.is_empty();
        for redelivery in redeliveries {
            let db = self.db.clone();
            let sender = self.sender.clone();
            tokio::spawn(async move {
                let attempt = sender.send(&redelivery.endpoint, &redelivery.event).await;
                if let Err(error) =
                    delivery::finish_redelivery(&db, &redelivery.delivery, &attempt).await
                {
                    tracing::error!(error = format!("{error:#}"), "redelivery not logged");
                }
            });
        }
        Ok(any)
    }
}

#[async_trait::async_trait]
impl Job for DeliverWebhooks {
    fn name(&self) -> &'static str {
        "deliver_webhooks"
    }

    fn idle_interval(&self) -> Duration {
        self.poll_interval
    }

    fn wakeups(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        Some(entity::outbox::wakeups())
    }

    async fn listen(&self, shutdown: CancellationToken) {
        shutdown.cancelled().await;
        // Endpoint tasks finish the request in flight and let their claims go.
        self.stopping.cancel();
    }

    async fn try_run_once(&self) -> anyhow::Result<Outcome> {
        let redelivered = self.start_redeliveries().await?;
        let free = self.slots.available_permits();
        if free == 0 {
            return Ok(if redelivered {
                Outcome::Ran
            } else {
                Outcome::Idle
            });
        }
        let claims = delivery::claim_endpoints(&self.db, free as u64, Self::lease()).await?;
        let claimed = !claims.is_empty();
        for claim in claims {
            let Ok(slot) = self.slots.clone().try_acquire_owned() else {
                delivery::release(&self.db, &claim).await?;
                continue;
            };
            let run = EndpointRun {
                db: self.db.clone(),
                sender: self.sender.clone(),
                retries: self.retries,
                stopping: self.stopping.clone(),
            };
            tokio::spawn(async move {
                run.deliver(claim).await;
                drop(slot);
            });
        }
        Ok(if claimed || redelivered {
            Outcome::Ran
        } else {
            Outcome::Idle
        })
    }
}

/// One claimed endpoint's delivery.
struct EndpointRun {
    db: DatabaseConnection,
    sender: Arc<Sender>,
    retries: Retries,
    stopping: CancellationToken,
}

impl EndpointRun {
    async fn deliver(&self, claim: Claim) {
        let endpoint = claim.endpoint.id;
        match self.deliver_in_order(&claim).await {
            Ok(true) => {
                if let Err(error) = delivery::release(&self.db, &claim).await {
                    tracing::warn!(%endpoint, error = format!("{error:#}"), "claim not released; it expires");
                }
                // Events committed while this endpoint was claimed found it busy.
                entity::outbox::wake_workers();
            }
            Ok(false) => {}
            Err(error) => {
                tracing::error!(%endpoint, error = format!("{error:#}"), "webhook delivery step failed; the claim expires");
            }
        }
    }

    /// Sends the endpoint's events in order. `true` when the claim is still held (caught up,
    /// its turn over, or stopping); `false` when it ended (an attempt failed, or the lease was
    /// lost).
    async fn deliver_in_order(&self, claim: &Claim) -> anyhow::Result<bool> {
        let endpoint = &claim.endpoint;
        let org = OrgId(endpoint.organization_id);
        let wanted = subscribed(&endpoint.events);
        let mut through = endpoint.delivered_through;
        let turn_ends = std::time::Instant::now() + TURN;
        let mut sent = 0;
        loop {
            let events = delivery::events_after(&self.db, org, through, EVENTS_BATCH).await?;
            if events.is_empty() {
                return Ok(true);
            }
            let mut skipped = None;
            for event in &events {
                if self.stopping.is_cancelled()
                    || sent >= TURN_EVENTS
                    || std::time::Instant::now() >= turn_ends
                {
                    if let Some(to) = skipped {
                        delivery::skip_through(&self.db, claim, to).await?;
                    }
                    return Ok(true);
                }
                let wants = entity::webhooks::EventType::parse(&event.event_type)
                    .is_some_and(|t| wanted.contains(&t));
                if !wants {
                    skipped = Some(event.sequence);
                    continue;
                }
                if let Some(to) = skipped.take()
                    && !delivery::skip_through(&self.db, claim, to).await?
                {
                    return Ok(false);
                }
                let attempt = self.sender.send(endpoint, event).await;
                sent += 1;
                let retries = self.retries;
                let held = delivery::record(&self.db, claim, event, &attempt, |failures, since| {
                    retries.after(failures, since)
                })
                .await?;
                if !held || !attempt.succeeded() {
                    return Ok(false);
                }
                if !delivery::renew(&self.db, claim, DeliverWebhooks::lease()).await? {
                    // Disabled meanwhile (or the claim was lost: then releasing is a no-op).
                    return Ok(true);
                }
            }
            if let Some(to) = skipped
                && !delivery::skip_through(&self.db, claim, to).await?
            {
                return Ok(false);
            }
            through = events.last().map_or(through, |e| e.sequence);
        }
    }
}

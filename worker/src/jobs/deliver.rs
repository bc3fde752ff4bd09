//! Delivers outbox events: claims a batch under a lease that it extends while it works,
//! handles each, marks it done or schedules a retry (parking it after too many failures). A
//! step in progress always finishes, so a stopping worker leaves nothing half-claimed; a
//! killed one's lease runs out within [`DeliverOutbox::with_lease`] and another worker takes
//! its events, re-sending at most the one it was handling (with the same `Message-ID`).

use std::collections::BTreeMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use entity::alerts::{
    DigestNotice, LowStockCrossed, LowStockNotice, low_stock_digest, low_stock_notice,
};
use entity::entities::outbox_events;
use entity::outbox::{self, Failed, Failure, RetryPolicy, Topic, Topics};
use entity::scope::OrgId;
use entity::team::{InvitationCreated, invitation_mail};
use futures::FutureExt as _;
use sea_orm::DatabaseConnection;

use entity::analytics::{self, RollUp};

use crate::runner::{Job, Outcome, panic_message};
use platform::Bus;
use platform::mail::{Mail, Mailer};

/// Cached answers live at most this long anyway; the version outlives them.
const ANALYTICS_VERSION_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

pub struct DeliverOutbox {
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    bus: Bus,
    app_url: String,
    poll_interval: Duration,
    lease: Duration,
    retries: RetryPolicy,
}

impl DeliverOutbox {
    /// E-mails and other events claimed at a time.
    const BATCH: u64 = 20;
    /// Roll-ups claimed at a time; an organization's share one database transaction, so a
    /// larger claim sums more lines into each statistics row it writes.
    const ROLL_UP_BATCH: u64 = 500;

    pub fn new(db: DatabaseConnection, mailer: Arc<Mailer>, bus: Bus, app_url: &str) -> Self {
        Self {
            db,
            mailer,
            bus,
            app_url: app_url.trim_end_matches('/').to_owned(),
            poll_interval: Duration::from_secs(1),
            lease: Duration::from_secs(30),
            retries: RetryPolicy::default(),
        }
    }

    /// How often an idle worker looks for due events without being woken (retries that
    /// come due, a missed notification).
    #[must_use]
    pub fn with_poll_interval(mut self, poll_interval: Duration) -> Self {
        self.poll_interval = poll_interval;
        self
    }

    /// How long claimed events stay this worker's without news from it: it extends the lease
    /// every third of it while it works, so this is how long a killed worker's events wait.
    #[must_use]
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_secs(1));
        self
    }

    /// How long failing events are retried.
    #[must_use]
    pub fn with_retries(mut self, retries: RetryPolicy) -> Self {
        self.retries = retries;
        self
    }

    fn lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.lease).unwrap_or(chrono::Duration::seconds(30))
    }

    /// Runs `work` on claimed `events`, extending their lease every third of it until done.
    async fn holding<T>(
        &self,
        events: &[outbox_events::Model],
        work: impl Future<Output = T>,
    ) -> T {
        let mut work = std::pin::pin!(work);
        loop {
            tokio::select! {
                done = &mut work => return done,
                () = tokio::time::sleep(self.lease / 3) => {
                    if let Err(error) = outbox::extend(&self.db, events, self.lease()).await {
                        tracing::warn!(error = format!("{error:#}"), "outbox lease not extended");
                    }
                }
            }
        }
    }

    /// New numbers: cached answers of this organization are stale now. The cache is an
    /// optimisation, so a failure here only costs freshness.
    async fn analytics_changed(&self, org: OrgId) {
        let version = uuid::Uuid::new_v4().to_string();
        if let Err(error) = self
            .bus
            .set(
                &analytics::version_key(org),
                &version,
                ANALYTICS_VERSION_TTL,
            )
            .await
        {
            tracing::warn!(
                error = format!("{error:#}"),
                "analytics cache not invalidated"
            );
        }
    }

    /// Rolls up the claimed analytics events of each organization in one database
    /// transaction. If an organization's batch fails, its events go one by one, so a bad
    /// one is retried (and parked) on its own.
    async fn roll_up(&self, events: Vec<outbox_events::Model>) -> anyhow::Result<()> {
        let mut by_org: BTreeMap<uuid::Uuid, Vec<(outbox_events::Model, uuid::Uuid)>> =
            BTreeMap::new();
        for event in events {
            match serde_json::from_str::<RollUp>(&event.payload) {
                Ok(roll_up) => by_org
                    .entry(event.organization_id)
                    .or_default()
                    .push((event, roll_up.transaction_id)),
                Err(_) => self.deliver(&event).await?,
            }
        }
        for (org, batch) in by_org {
            let org = OrgId(org);
            let ids: Vec<uuid::Uuid> = batch.iter().map(|(_, id)| *id).collect();
            match entity::analytics::roll_up_many(&self.db, org, &ids).await {
                Ok(fresh) => {
                    let events: Vec<_> = batch.into_iter().map(|(event, _)| event).collect();
                    outbox::complete_many(&self.db, &events).await?;
                    if !fresh.is_empty() {
                        self.analytics_changed(org).await;
                    }
                }
                Err(error) => {
                    tracing::warn!(org_id = %org, error = format!("{error:#}"), "batched roll-up failed; rolling up one by one");
                    for (event, _) in &batch {
                        self.deliver(event).await?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Handles one event and records the outcome: done, retry later, or parked. A handler
    /// that panics is a permanent failure of its event, never of the worker.
    async fn deliver(&self, event: &outbox_events::Model) -> anyhow::Result<()> {
        if outbox::crashed_too_often(event) {
            let reason = format!(
                "the worker stopped while handling this event {} times",
                event.crashes
            );
            tracing::error!(event_id = %event.id, topic = %event.topic, reason, "outbox event parked");
            outbox::park(&self.db, event, &reason).await?;
            return Ok(());
        }
        let handled = AssertUnwindSafe(self.handle(event))
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| {
                Err(anyhow::anyhow!(PanickedHandler(panic_message(
                    panic.as_ref()
                ))))
            });
        match handled {
            Ok(()) => self.completed(event).await?,
            Err(error) => {
                let kind = failure_kind(&error);
                let error = format!("{error:#}");
                match outbox::fail(&self.db, event, kind, &self.retries, &error).await? {
                    Failed::RetryAfter(delay) => {
                        tracing::warn!(event_id = %event.id, topic = %event.topic, error, retry_in_secs = delay.num_seconds(), "outbox event failed");
                    }
                    Failed::Parked => {
                        tracing::error!(event_id = %event.id, topic = %event.topic, error, "outbox event parked after too many attempts");
                    }
                }
            }
        }
        Ok(())
    }

    /// Records that `event` was handled. Its work is done (an e-mail went out), so a database
    /// that is away for a moment (a connection not acquired in time under load, a restart) must
    /// not make another worker do it again: the completion is tried a few times, under the
    /// lease the caller keeps extending, before the step gives up.
    async fn completed(&self, event: &outbox_events::Model) -> anyhow::Result<()> {
        const TRIES: u32 = 6;
        let mut tries = 1;
        loop {
            match outbox::complete(&self.db, event).await {
                Ok(()) => return Ok(()),
                Err(error) if tries < TRIES => {
                    tracing::warn!(event_id = %event.id, error = format!("{error:#}"), tries, "outbox completion failed; trying again");
                    tokio::time::sleep(Duration::from_millis(500) * tries).await;
                    tries += 1;
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    async fn handle(&self, event: &outbox_events::Model) -> anyhow::Result<()> {
        match Topic::of(event)? {
            Topic::LowStock => {
                let crossed: LowStockCrossed = serde_json::from_str(&event.payload)?;
                let notice =
                    low_stock_notice(&self.db, OrgId(event.organization_id), &crossed).await?;
                for recipient in &notice.recipients {
                    let mail = low_stock_mail(&notice, &crossed, recipient, event, &self.app_url);
                    self.mailer.send(mail).await?;
                }
                Ok(())
            }
            Topic::LowStockDigest => {
                let digest = low_stock_digest(&self.db, OrgId(event.organization_id)).await?;
                if digest.lines.is_empty() {
                    return Ok(());
                }
                for recipient in &digest.recipients {
                    self.mailer
                        .send(digest_mail(&digest, recipient, event, &self.app_url))
                        .await?;
                }
                Ok(())
            }
            Topic::Analytics => {
                let roll_up: RollUp = serde_json::from_str(&event.payload)?;
                let org = OrgId(event.organization_id);
                if entity::analytics::roll_up(&self.db, org, roll_up.transaction_id).await? {
                    self.analytics_changed(org).await;
                }
                Ok(())
            }
            Topic::Invitation => {
                let created: InvitationCreated = serde_json::from_str(&event.payload)?;
                let org = OrgId(event.organization_id);
                // None: accepted or withdrawn meanwhile; nothing to send.
                if let Some(mail) = invitation_mail(&self.db, org, created.invitation_id).await? {
                    self.mailer
                        .send(super::team_mail::invitation(&mail, &self.app_url, event.id))
                        .await?;
                }
                Ok(())
            }
            Topic::PaymentFailed => {
                let org = OrgId(event.organization_id);
                let (organization, owners) =
                    entity::billing::payment_failed_notice(&self.db, org).await?;
                for owner in &owners {
                    self.mailer
                        .send(super::team_mail::payment_failed(
                            &organization,
                            owner,
                            &self.app_url,
                            event.id,
                        ))
                        .await?;
                }
                Ok(())
            }
            Topic::PurchaseOrderSent => {
                if let Some(mail) = super::purchase_mail::order_mail(&self.db, event).await? {
                    self.mailer.send(mail).await?;
                }
                Ok(())
            }
            Topic::InvoiceSent => {
                if let Some(mail) = super::invoice_mail::invoice_mail(&self.db, event).await? {
                    self.mailer.send(mail).await?;
                }
                Ok(())
            }
            Topic::AccountMail => {
                super::team_mail::send_account_mail(&self.db, &self.mailer, &self.app_url, event)
                    .await
            }
            Topic::WebhookDisabled => {
                let notice: entity::webhooks::delivery::EndpointDisabled =
                    serde_json::from_str(&event.payload)?;
                let org = OrgId(event.organization_id);
                let (organization, admins) =
                    entity::webhooks::delivery::admins(&self.db, org).await?;
                for admin in &admins {
                    self.mailer
                        .send(super::team_mail::webhook_disabled(
                            &organization,
                            &notice,
                            admin,
                            &self.app_url,
                            event.id,
                        ))
                        .await?;
                }
                Ok(())
            }
        }
    }
}

fn low_stock_mail(
    notice: &LowStockNotice,
    crossed: &LowStockCrossed,
    recipient: &entity::alerts::Recipient,
    event: &outbox_events::Model,
    app_url: &str,
) -> Mail {
    let place = notice
        .location
        .as_deref()
        .map_or_else(|| "in total".to_owned(), |l| format!("at {l}"));
    let link = format!("{app_url}/items/{}", crossed.item_id);
    let reorder = reorder_link(app_url, crossed);
    let text = format!(
        "Hello {name},\n\n{item} ({sku}) is running low {place} in {org}: {quantity} left, \
         safety stock {threshold}.\n\n{link}\n\nOrder more: {reorder}\n\nYou receive this because \
         low-stock alerts are on for you in {org}.\n",
        name = recipient.name,
        item = notice.item,
        sku = notice.sku,
        org = notice.organization,
        quantity = notice.quantity,
        threshold = notice.threshold,
    );
    let html = format!(
        "<p>Hello {name},</p><p><strong>{item}</strong> ({sku}) is running low {place} in {org}: \
         <strong>{quantity}</strong> left, safety stock {threshold}.</p><p><a href=\"{link}\">Open the item</a> · \
         <a href=\"{reorder}\">Make a draft purchase order</a></p>\
         <p style=\"color:#666\">You receive this because low-stock alerts are on for you in {org}.</p>",
        name = escape(&recipient.name),
        item = escape(&notice.item),
        sku = escape(&notice.sku),
        place = escape(&place),
        org = escape(&notice.organization),
        quantity = escape(&notice.quantity),
        threshold = escape(&notice.threshold),
        link = escape(&link),
        reorder = escape(&reorder),
    );
    Mail {
        to_email: recipient.email.clone(),
        to_name: recipient.name.clone(),
        subject: format!("Low stock: {} ({}) {place}", notice.item, notice.sku),
        text,
        html,
        message_id: format!("<{}.{}@stockroom>", event.id, recipient.user_id),
        attachments: Vec::new(),
    }
}

/// The web app's page that turns reorder suggestions into draft purchase orders.
const REORDER_PATH: &str = "/purchasing/reorder";

/// The reorder page for a crossing: at its location, with its item chosen.
fn reorder_link(app_url: &str, crossed: &LowStockCrossed) -> String {
    match crossed.location_id {
        Some(location) => format!(
            "{app_url}{REORDER_PATH}?locationId={location}&itemId={}",
            crossed.item_id
        ),
        None => format!("{app_url}{REORDER_PATH}?itemId={}", crossed.item_id),
    }
}

fn digest_mail(
    digest: &DigestNotice,
    recipient: &entity::alerts::Recipient,
    event: &outbox_events::Model,
    app_url: &str,
) -> Mail {
    let count = digest.lines.len();
    let mut text = format!(
        "Hello {},\n\n{count} item(s) of {} are at or below their safety stock:\n\n",
        recipient.name, digest.organization
    );
    let mut rows = String::new();
    for line in &digest.lines {
        text.push_str(&format!(
            "- {} ({}): {} left, safety stock {}\n",
            line.name, line.sku, line.quantity, line.safety_stock
        ));
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td align=\"right\">{}</td><td align=\"right\">{}</td></tr>",
            escape(&line.name),
            escape(&line.sku),
            escape(&line.quantity),
            escape(&line.safety_stock)
        ));
    }
    text.push_str(&format!(
        "\n{app_url}/items?lowStock=true\n\nOrder more: {app_url}{REORDER_PATH}\n"
    ));
    let html = format!(
        "<p>Hello {},</p><p>{count} item(s) of {} are at or below their safety stock:</p>\
         <table><tr><th>Item</th><th>SKU</th><th>Left</th><th>Safety stock</th></tr>{rows}</table>\
         <p><a href=\"{url}/items?lowStock=true\">See them all</a> · \
         <a href=\"{url}{REORDER_PATH}\">Make draft purchase orders</a></p>",
        escape(&recipient.name),
        escape(&digest.organization),
        url = escape(app_url),
    );
    Mail {
        to_email: recipient.email.clone(),
        to_name: recipient.name.clone(),
        subject: format!(
            "Daily low-stock digest: {count} item(s) in {}",
            digest.organization
        ),
        text,
        html,
        message_id: format!("<{}.{}@stockroom>", event.id, recipient.user_id),
        attachments: Vec::new(),
    }
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[async_trait::async_trait]
impl Job for DeliverOutbox {
    fn name(&self) -> &'static str {
        "deliver_outbox"
    }

    fn idle_interval(&self) -> Duration {
        self.poll_interval
    }

    fn wakeups(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        Some(outbox::wakeups())
    }

    async fn listen(&self, shutdown: tokio_util::sync::CancellationToken) {
        crate::wake::forward_outbox_notifications(&self.db, shutdown).await;
    }

    async fn try_run_once(&self) -> anyhow::Result<Outcome> {
        let others = outbox::claim_topics(
            &self.db,
            Topics::AllBut(Topic::Analytics),
            Self::BATCH,
            self.lease(),
        )
        .await?;
        // E-mails first: someone may be waiting for an alert; roll-ups are not urgent.
        self.holding(&others, async {
            for event in &others {
                self.deliver(event).await?;
            }
            anyhow::Ok(())
        })
        .await?;
        let roll_ups = outbox::claim_topics(
            &self.db,
            Topics::Only(Topic::Analytics),
            Self::ROLL_UP_BATCH,
            self.lease(),
        )
        .await?;
        if others.is_empty() && roll_ups.is_empty() {
            return Ok(Outcome::Idle);
        }
        let claimed = roll_ups.clone();
        self.holding(&claimed, self.roll_up(roll_ups)).await?;
        Ok(Outcome::Ran)
    }
}

/// A handler that panicked: its event is at fault, so it is not retried for hours.
#[derive(Debug)]
struct PanickedHandler(String);

impl std::fmt::Display for PanickedHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the handler panicked: {}", self.0)
    }
}

impl std::error::Error for PanickedHandler {}

/// Transient when something the event needs is down (the SMTP server refusing for now or
/// unreachable, the database, a topic only a newer worker knows); permanent otherwise (a
/// payload that does not parse, an address the server rejects for good, a panic).
pub(super) fn failure_kind(error: &anyhow::Error) -> Failure {
    let transient = error.chain().any(|cause| {
        platform::mail::is_transient(cause)
            // Another worker, of a newer version, may know it: retried within the window.
            || cause.is::<entity::outbox::UnknownTopic>()
            || cause.is::<sea_orm::DbErr>()
            || cause.is::<std::io::Error>()
            || matches!(
                cause.downcast_ref::<entity::error::DomainError>(),
                Some(entity::error::DomainError::Database(_))
            )
    });
    if transient {
        Failure::Transient
    } else {
        Failure::Permanent
    }
}

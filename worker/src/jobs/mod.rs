//! The jobs the worker runs.

mod deliver;
mod digest;
mod invoice_mail;
mod purchase_mail;
mod purge;
mod settings;
mod team_mail;
mod webhook_http;
mod webhooks;

use std::sync::Arc;

use platform::Bus;
use platform::mail::Mailer;
use sea_orm::DatabaseConnection;

pub use deliver::DeliverOutbox;
pub use digest::DailyDigest;
pub use purge::Purge;
pub use settings::Settings;
pub use webhook_http::sign as sign_webhook;
pub use webhooks::{DeliverWebhooks, Retries};

use crate::runner::Job;

/// Every job, wired to its dependencies.
///
/// # Errors
/// When the webhook HTTP client cannot be set up.
pub fn all(
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    bus: Bus,
    app_url: &str,
    settings: Settings,
) -> anyhow::Result<Vec<Arc<dyn Job>>> {
    Ok(vec![
        Arc::new(
            DeliverOutbox::new(db.clone(), mailer, bus, app_url)
                .with_poll_interval(settings.outbox_poll_interval)
                .with_lease(settings.outbox_lease)
                .with_retries(settings.outbox_retries()),
        ),
        Arc::new(DailyDigest::new(db.clone(), settings.digest_spread)),
        Arc::new(Purge::refresh_tokens(db.clone())),
        Arc::new(Purge::stripe_events(db.clone())),
        Arc::new(Purge::outbox_events(db.clone(), settings.outbox_retention)),
        Arc::new(Purge::webhook_events(
            db.clone(),
            settings.webhook_retention,
        )),
        Arc::new(DeliverWebhooks::new(
            db,
            settings.webhook_policy(),
            settings.retries(),
            settings.outbox_poll_interval,
        )?),
    ])
}

//! The jobs the worker runs.

mod deliver;
mod digest;
mod purge;
mod team_mail;

use std::sync::Arc;
use std::time::Duration;

use platform::Bus;
use platform::mail::Mailer;
use sea_orm::DatabaseConnection;

pub use deliver::DeliverOutbox;
pub use digest::DailyDigest;
pub use purge::Purge;
pub use team_mail::DeliverAccountMail;

use crate::runner::Job;

/// How the jobs behave, from the worker's (or the api's) configuration.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// How long processed outbox events are kept before they are pruned.
    pub outbox_retention: Duration,
    /// How often an idle outbox worker polls (it is woken at once when events are committed).
    pub outbox_poll_interval: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            outbox_retention: Duration::from_secs(168 * 3600),
            outbox_poll_interval: Duration::from_secs(1),
        }
    }
}

/// Every job, wired to its dependencies.
pub fn all(
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    bus: Bus,
    app_url: &str,
    settings: Settings,
) -> Vec<Arc<dyn Job>> {
    vec![
        Arc::new(
            DeliverOutbox::new(db.clone(), mailer.clone(), bus, app_url)
                .with_poll_interval(settings.outbox_poll_interval),
        ),
        Arc::new(DeliverAccountMail::new(db.clone(), mailer, app_url)),
        Arc::new(DailyDigest::new(db.clone())),
        Arc::new(Purge::refresh_tokens(db.clone())),
        Arc::new(Purge::stripe_events(db.clone())),
        Arc::new(Purge::outbox_events(db, settings.outbox_retention)),
    ]
}

//! The jobs the worker runs.

mod deliver;
mod digest;
mod purge_tokens;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

pub use deliver::DeliverOutbox;
pub use digest::DailyDigest;
pub use purge_tokens::PurgeExpiredRefreshTokens;

use crate::mail::Mailer;
use crate::runner::Job;

/// Every job, wired to its dependencies.
pub fn all(db: DatabaseConnection, mailer: Arc<Mailer>, app_url: &str) -> Vec<Arc<dyn Job>> {
    vec![
        Arc::new(DeliverOutbox::new(db.clone(), mailer, app_url)),
        Arc::new(DailyDigest::new(db.clone())),
        Arc::new(PurgeExpiredRefreshTokens::new(db)),
    ]
}

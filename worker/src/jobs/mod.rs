//! The jobs the worker runs.

mod purge_tokens;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

pub use purge_tokens::PurgeExpiredRefreshTokens;

use crate::runner::Job;

/// Every job, wired to its dependencies.
pub fn all(db: DatabaseConnection) -> Vec<Arc<dyn Job>> {
    vec![Arc::new(PurgeExpiredRefreshTokens::new(db))]
}

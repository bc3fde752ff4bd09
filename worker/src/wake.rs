//! Wakes idle outbox workers as soon as events are committed. On PostgreSQL a trigger
//! NOTIFYs [`entity::outbox::NOTIFY_CHANNEL`] on commit and each worker LISTENs on one
//! connection of its pool; on SQLite the committing transaction wakes the workers of its own
//! process. Either way the poll stays as a fallback.

use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{DatabaseConnection, DbBackend};
use tokio_util::sync::CancellationToken;

/// Forwards outbox notifications to [`entity::outbox::wake_workers`] until `shutdown`,
/// reconnecting after failures. Does nothing unless `db` is PostgreSQL.
pub async fn forward_outbox_notifications(db: &DatabaseConnection, shutdown: CancellationToken) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let pool = db.get_postgres_connection_pool();
    let mut failures: u32 = 0;
    while !shutdown.is_cancelled() {
        let error = tokio::select! {
            () = shutdown.cancelled() => return,
            error = listen(pool, &mut failures) => error,
        };
        failures = failures.saturating_add(1);
        let retry_in = platform::backoff(failures);
        tracing::warn!(
            error = format!("{error:#}"),
            ?retry_in,
            "outbox LISTEN connection failed; polling meanwhile"
        );
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(retry_in) => {}
        }
    }
}

/// Listens until the connection fails for good; returns why.
async fn listen(pool: &sea_orm::sqlx::PgPool, failures: &mut u32) -> anyhow::Error {
    let mut listener = match PgListener::connect_with(pool).await {
        Ok(listener) => listener,
        Err(error) => return error.into(),
    };
    if let Err(error) = listener.listen(entity::outbox::NOTIFY_CHANNEL).await {
        return error.into();
    }
    *failures = 0;
    loop {
        // Events may have been committed while nobody listened.
        entity::outbox::wake_workers();
        // `None`: the connection was lost and has been re-established (and listens again).
        loop {
            match listener.try_recv().await {
                Ok(Some(_)) => entity::outbox::wake_workers(),
                Ok(None) => break,
                Err(error) => return error.into(),
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

//! PostgreSQL restarted under load, and the pool drained: requests that cannot get the
//! database fail fast with `SERVICE_UNAVAILABLE` and a `retryAfter`, never hang, and the api
//! and its worker recover by themselves; nothing acknowledged is lost or doubled.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait as _, DbBackend, Statement};
use serde_json::{Value, json};
use stockroom_tests::{PgCluster, Session, TestApp, TestDatabase, spawn_app_on, spawn_app_with};

/// How one attempt at a movement went.
struct Attempt {
    started: Instant,
    took: Duration,
    /// `None`: recorded; else the error's code and whether it carried `retryAfter`.
    failure: Option<(String, bool)>,
}

async fn attempt(app: &TestApp, session: &Session, input: &Value) -> Attempt {
    let started = Instant::now();
    let response = app.movement(session, "stockIn", input.clone()).await;
    let failure = response.errors().first().map(|error| {
        (
            error["extensions"]["code"]
                .as_str()
                .unwrap_or("<none>")
                .to_owned(),
            error["extensions"]["retryAfter"].is_u64(),
        )
    });
    Attempt {
        started,
        took: started.elapsed(),
        failure,
    }
}

/// One client: records movement after movement of 1 unit, each retried under the same
/// idempotency key until it is acknowledged, until `done`. Returns its attempts and how many
/// movements were acknowledged.
async fn client(
    app: Arc<TestApp>,
    session: Session,
    location: String,
    item: String,
    client: usize,
    done: Arc<AtomicBool>,
) -> (Vec<Attempt>, u64) {
    let mut attempts = Vec::new();
    let mut acknowledged = 0;
    while !done.load(Ordering::Relaxed) {
        let input = json!({
            "locationId": location,
            "idempotencyKey": format!("client-{client}-{acknowledged}"),
            "lines": [{ "itemId": item, "quantity": "1" }],
        });
        loop {
            let outcome = attempt(&app, &session, &input).await;
            let failed = outcome.failure.is_some();
            attempts.push(outcome);
            if !failed {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        acknowledged += 1;
    }
    (attempts, acknowledged)
}

async fn pending_outbox_events(database: &TestDatabase) -> i64 {
    let owner = database.owner().await;
    let row = owner
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT count(*) FROM outbox_events WHERE processed_at IS NULL AND parked_at IS NULL",
        ))
        .await
        .expect("outbox count")
        .expect("a row");
    let _ = owner.close().await;
    row.try_get_by_index(0).expect("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_restart_under_load_fails_fast_recovers_by_itself_and_loses_nothing() {
    let Some(cluster) = PgCluster::start().await else {
        stockroom_tests::skip_missing(
            "PostgreSQL's server binaries (initdb, pg_ctl)",
            "the test restarts a PostgreSQL cluster of its own",
        );
        return;
    };
    let database = TestDatabase::create_on(cluster.owner_url()).await;
    let app = Arc::new(
        spawn_app_on(database, |config| {
            config.worker_in_process = Some(true);
            config.platform.database_acquire_timeout_ms = 1_000;
            config.request_timeout_secs = 10;
        })
        .await,
    );
    let session = app.sign_up("restart@example.com", "Restart").await;
    let location = app.create_location(&session, "Main").await;
    let item = app.create_item(&session, "RESTART-1").await;

    let done = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..6)
        .map(|n| {
            tokio::spawn(client(
                app.clone(),
                session.clone(),
                location.clone(),
                item.clone(),
                n,
                done.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    cluster.stop().await;
    let down_at = Instant::now();
    tokio::time::sleep(Duration::from_secs(3)).await;
    cluster.start_again().await;
    let back_at = Instant::now();
    tokio::time::sleep(Duration::from_secs(8)).await;
    done.store(true, Ordering::Relaxed);

    let mut attempts = Vec::new();
    let mut acknowledged = 0;
    for handle in clients {
        let (mine, count) = handle.await.expect("client task");
        attempts.extend(mine);
        acknowledged += count;
    }
    let failures: Vec<&Attempt> = attempts.iter().filter(|a| a.failure.is_some()).collect();
    assert!(
        !failures.is_empty(),
        "the restart was not felt: the test proves nothing"
    );
    for failed in &failures {
        let (code, retry_after) = failed.failure.as_ref().expect("a failure");
        assert_eq!(
            code, "SERVICE_UNAVAILABLE",
            "every failure is coded as such"
        );
        assert!(retry_after, "SERVICE_UNAVAILABLE carries retryAfter");
    }
    let slowest_failure = failures.iter().map(|a| a.took).max().unwrap_or_default();
    let last_failure_end = failures
        .iter()
        .map(|a| a.started + a.took)
        .max()
        .expect("failures");
    let recovery = last_failure_end.saturating_duration_since(back_at);
    assert!(
        recovery <= Duration::from_secs(5),
        "requests still failed {recovery:?} after the database was back"
    );
    let first_success_after_back = attempts
        .iter()
        .filter(|a| a.failure.is_none() && a.started >= back_at)
        .map(|a| a.started + a.took - back_at)
        .min()
        .unwrap_or_default();
    let during = attempts
        .iter()
        .filter(|a| a.started >= down_at && a.started < back_at)
        .count();
    eprintln!(
        "PostgreSQL restart: {} attempts, {} failed (all SERVICE_UNAVAILABLE), {during} during \
         the outage, slowest failure {slowest_failure:?}; once the database was back the first \
         movement was acknowledged within {first_success_after_back:?} and the last failure ended \
         {recovery:?} after; {acknowledged} movements acknowledged",
        attempts.len(),
        failures.len(),
    );

    // Nothing lost, nothing doubled: one transaction per acknowledged movement.
    assert_eq!(
        app.level(&session, &item, &location).await,
        acknowledged.to_string()
    );
    assert_eq!(app.transaction_count(&session, None).await, acknowledged);

    // The in-process worker resumed: every event written is handled.
    let mut pending = pending_outbox_events(&app.database).await;
    for _ in 0..100 {
        if pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        pending = pending_outbox_events(&app.database).await;
    }
    assert_eq!(
        pending, 0,
        "the worker left events undelivered after the restart"
    );
}

#[tokio::test]
async fn with_every_connection_taken_a_request_waits_the_acquire_timeout_then_is_told_to_retry() {
    if stockroom_tests::skip_without_postgres(
        "SQLite has one connection and no row locks to hold it with",
    ) {
        return;
    }
    let app = Arc::new(
        spawn_app_with(|config| {
            config.platform.database_max_connections = Some(2);
            config.platform.database_acquire_timeout_ms = 500;
        })
        .await,
    );
    let session = app.sign_up("pool@example.com", "Pool").await;
    let location = app.create_location(&session, "Main").await;
    let item = app.create_item(&session, "POOL-1").await;
    let stocked = app.stock_in(&session, &location, &item, "10").await;
    assert!(stocked.errors().is_empty(), "{stocked:?}");

    // Hold the level's row lock, so two stock-outs each hold a pooled connection waiting.
    let owner = app.database.owner().await;
    let txn = lock_levels(&owner, &session.org_id, &item).await;
    let slow: Vec<_> = (0..2)
        .map(|_| {
            let (app, session, location, item) =
                (app.clone(), session.clone(), location.clone(), item.clone());
            tokio::spawn(async move { app.stock_out(&session, &location, &item, "1").await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;

    let refused = app
        .as_user(&session, "{ items(first: 1) { totalCount } }", json!({}))
        .await;
    assert_eq!(refused.error_code(), "SERVICE_UNAVAILABLE", "{refused:?}");
    assert_eq!(refused.errors()[0]["extensions"]["retryAfter"], 1);

    txn.rollback().await.expect("release the lock");
    for handle in slow {
        let done = handle.await.expect("slow request");
        assert!(
            done.errors().is_empty(),
            "the waiting requests go through: {done:?}"
        );
    }
    assert_eq!(app.level(&session, &item, &location).await, "8");
    let _ = owner.close().await;
}

/// Locks `item`'s levels in `org` on an owner transaction the caller keeps.
async fn lock_levels(
    owner: &sea_orm::DatabaseConnection,
    org: &str,
    item: &str,
) -> sea_orm::DatabaseTransaction {
    let txn = crate::fixtures::owner_txn(owner, ("app.organization_id", org)).await;
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT 1 FROM stock_levels WHERE item_id = $1::uuid FOR UPDATE",
        [item.into()],
    ))
    .await
    .expect("lock the levels");
    txn
}

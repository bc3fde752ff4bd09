//! The outbox worker under faults: an SMTP server down for longer than the attempts, events
//! that fail or take their worker down every time, a batch slower than its lease, and worker
//! processes killed with SIGKILL mid-batch.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use entity::entities::outbox_events;
use entity::outbox::{MAX_ATTEMPTS, RetryPolicy};
use platform::mail::Mailer;
use sea_orm::{ActiveValue::Set, EntityTrait as _};
use stockroom_tests::{SmtpSink, TestApp, spawn_app};
use worker::jobs::DeliverOutbox;
use worker::{Job as _, Outcome};

use crate::alerts::{make_due, stocked_item};
use crate::fixtures::owner_txn;

fn job(app: &TestApp, db: sea_orm::DatabaseConnection, sink: &SmtpSink) -> DeliverOutbox {
    let mailer = Mailer::new(
        Some(&sink.url()),
        app.mail_dir.path(),
        "Stockroom <alerts@example.com>",
    )
    .unwrap();
    DeliverOutbox::new(
        db,
        Arc::new(mailer),
        app.bus.clone(),
        "https://app.example.com",
    )
}

/// Runs `job`'s steps until nothing is due; returns how many did work.
async fn drain(job: &DeliverOutbox) -> usize {
    let mut steps = 0;
    while job.try_run_once().await.unwrap() == Outcome::Ran {
        steps += 1;
        assert!(steps < 50, "the outbox does not drain");
    }
    steps
}

/// The `Message-ID` of each message, and how often it arrived.
fn message_ids(messages: &[String]) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    for message in messages {
        let id = message
            .lines()
            .find_map(|line| line.strip_prefix("Message-ID: "))
            .expect("every message has a Message-ID")
            .to_owned();
        *ids.entry(id).or_default() += 1;
    }
    ids
}

/// A pending event of `org`, as the api would enqueue it.
fn event(org: &str, topic: &str, payload: String) -> outbox_events::ActiveModel {
    let now = chrono::Utc::now();
    outbox_events::ActiveModel {
        organization_id: Set(org.parse().unwrap()),
        id: Set(uuid::Uuid::now_v7()),
        topic: Set(topic.to_owned()),
        payload: Set(payload),
        created_at: Set(now),
        available_at: Set(now),
        attempts: Set(0),
        last_error: Set(None),
        lease_until: Set(None),
        processed_at: Set(None),
        parked_at: Set(None),
        crashes: Set(0),
    }
}

async fn enqueue(app: &TestApp, events: Vec<outbox_events::ActiveModel>) {
    let db = app.database.owner().await;
    let txn = owner_txn(&db, ("app.outbox_worker", "on")).await;
    for chunk in events.chunks(200) {
        outbox_events::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
}

/// `count` low-stock crossings of `item` (one e-mail each to the owner).
fn alerts(org: &str, item: &str, count: usize) -> Vec<outbox_events::ActiveModel> {
    let payload =
        format!(r#"{{"item_id":"{item}","location_id":null,"quantity":"1","threshold":"5"}}"#);
    (0..count)
        .map(|_| event(org, "low_stock", payload.clone()))
        .collect()
}

#[tokio::test]
async fn an_smtp_outage_longer_than_the_attempts_is_retried_until_the_window_ends() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    sink.refuse(true);
    let owner = app.new_user("Mail outage").await;
    let (location, item) = stocked_item(&app, &owner, "5", "6").await;
    app.stock_out(&owner, &location, &item, "2").await.data();
    let db = app.database.as_app_role().await;
    let hours = job(&app, db.clone(), &sink).with_retries(RetryPolicy::default());

    // Twice as many attempts as a failing event's limit: an outage is not the event's fault.
    for _ in 0..2 * MAX_ATTEMPTS {
        assert_eq!(drain(&hours).await, 1, "one attempt per due step");
        make_due(&app).await;
    }
    assert!(entity::outbox::parked(&db).await.unwrap().is_empty());
    sink.refuse(false);
    drain(&hours).await;
    assert_eq!(
        sink.messages().len(),
        1,
        "delivered when the server is back"
    );

    // Past the window (compressed here to a second), an outage parks the event.
    sink.refuse(true);
    app.stock_in(&owner, &location, &item, "10").await.data();
    app.stock_out(&owner, &location, &item, "10").await.data();
    let second = job(&app, db.clone(), &sink).with_retries(RetryPolicy {
        retry_for: chrono::Duration::seconds(1),
        max_delay: chrono::Duration::seconds(1),
    });
    drain(&second).await;
    assert!(entity::outbox::parked(&db).await.unwrap().is_empty());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    make_due(&app).await;
    drain(&second).await;
    let parked = entity::outbox::parked(&db).await.unwrap();
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert!(
        parked[0]
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("451"),
        "{parked:?}"
    );

    // An operator queues it again once the server is back; nothing was lost.
    sink.refuse(false);
    assert!(
        entity::outbox::retry_parked(&db, parked[0].id)
            .await
            .unwrap()
    );
    drain(&second).await;
    assert_eq!(sink.messages().len(), 2);
    assert!(entity::outbox::parked(&db).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_event_that_fails_every_time_is_parked_after_its_attempts_and_holds_up_nothing() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.new_user("Poison").await;
    let (location, item) = stocked_item(&app, &owner, "5", "6").await;
    enqueue(
        &app,
        vec![event(&owner.org_id, "low_stock", "not json".to_owned())],
    )
    .await;
    let db = app.database.as_app_role().await;
    let worker = job(&app, db.clone(), &sink);
    for attempt in 1..=MAX_ATTEMPTS {
        // Good events keep flowing beside the bad one: each crossing is e-mailed.
        app.stock_out(&owner, &location, &item, "2").await.data();
        drain(&worker).await;
        assert_eq!(sink.messages().len(), usize::try_from(attempt).unwrap());
        app.stock_in(&owner, &location, &item, "2").await.data();
        make_due(&app).await;
    }
    let parked = entity::outbox::parked(&db).await.unwrap();
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert_eq!(parked[0].attempts, MAX_ATTEMPTS);
    assert!(
        parked[0]
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("expected"),
        "{parked:?}"
    );
}

/// A topic this version does not know (a newer version wrote it, then was rolled back) is
/// never handled as another kind: its event fails on its own, with the reason, while other
/// events flow; it is retried in case a newer worker knows it, and parked after the window.
#[tokio::test]
async fn an_unknown_topic_fails_its_own_event_only_and_is_parked_after_the_window() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.new_user("Rolled back").await;
    let (location, item) = stocked_item(&app, &owner, "5", "6").await;
    let low_stock = r#"{"item_id":"00000000-0000-0000-0000-000000000001","location_id":null,"quantity":"1","threshold":"5"}"#;
    enqueue(
        &app,
        vec![event(&owner.org_id, "stock_forecast", low_stock.to_owned())],
    )
    .await;
    let db = app.database.as_app_role().await;
    app.stock_out(&owner, &location, &item, "2").await.data();
    drain(&job(&app, db.clone(), &sink)).await;
    assert_eq!(sink.messages().len(), 1, "the alert beside it went out");
    let owner_db = app.database.owner().await;
    let txn = owner_txn(&owner_db, ("app.outbox_worker", "on")).await;
    let pending: Vec<_> = outbox_events::Entity::find()
        .all(&txn)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.processed_at.is_none())
        .collect();
    txn.commit().await.unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0].topic, "stock_forecast");
    assert!(pending[0].parked_at.is_none(), "retried first: {pending:?}");
    assert!(
        pending[0]
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("unknown outbox topic \"stock_forecast\""),
        "{pending:?}"
    );

    // Past the window (compressed here to a second), it is parked.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    make_due(&app).await;
    let compressed = job(&app, db.clone(), &sink).with_retries(RetryPolicy {
        retry_for: chrono::Duration::seconds(1),
        max_delay: chrono::Duration::seconds(1),
    });
    drain(&compressed).await;
    let parked = entity::outbox::parked(&db).await.unwrap();
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert_eq!(parked[0].topic, "stock_forecast");
    assert_eq!(sink.messages().len(), 1, "never handled as another topic");
}

#[tokio::test]
async fn an_event_whose_worker_dies_every_time_is_parked_after_its_attempts() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.new_user("Crashing").await;
    let (location, item) = stocked_item(&app, &owner, "5", "6").await;
    app.stock_out(&owner, &location, &item, "2").await.data();
    let db = app.database.as_app_role().await;

    // Workers claim it and die holding it, again and again.
    let lease = chrono::Duration::milliseconds(50);
    for _ in 0..MAX_ATTEMPTS {
        let claimed = entity::outbox::claim(&db, 10, lease).await.unwrap();
        assert!(claimed.iter().any(|e| e.topic == "low_stock"));
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    drain(&job(&app, db.clone(), &sink)).await;
    assert!(sink.messages().is_empty(), "not handled once more");
    let parked = entity::outbox::parked(&db).await.unwrap();
    assert_eq!(parked.len(), 1, "{parked:?}");
    assert_eq!(parked[0].crashes, MAX_ATTEMPTS);
    assert_eq!(parked[0].attempts, MAX_ATTEMPTS + 1, "every claim counted");
    assert!(
        parked[0]
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("worker stopped"),
        "{parked:?}"
    );
}

#[tokio::test]
async fn a_batch_slower_than_its_lease_is_not_sent_twice() {
    if stockroom_tests::skip_without_postgres("two workers share one connection on SQLite") {
        return;
    }
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    sink.slow_down(Duration::from_millis(250));
    let owner = app.new_user("Slow mail").await;
    let (_, item) = stocked_item(&app, &owner, "5", "6").await;
    enqueue(&app, alerts(&owner.org_id, &item, 12)).await;

    // A batch of 12 takes 3 s; the lease is 1 s, extended while the batch goes on.
    let lease = Duration::from_secs(1);
    let first = job(&app, app.database.as_app_role().await, &sink).with_lease(lease);
    let second = job(&app, app.database.as_app_role().await, &sink).with_lease(lease);
    let started = Instant::now();
    let looking = async {
        while started.elapsed() < Duration::from_secs(4) {
            second.try_run_once().await.unwrap();
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let (sent, ()) = tokio::join!(first.try_run_once(), looking);
    sent.unwrap();
    let ids = message_ids(&sink.messages());
    assert_eq!(ids.len(), 12, "every alert sent");
    assert!(
        ids.values().all(|count| *count == 1),
        "no alert sent twice: {ids:?}"
    );
}

/// The `worker` binary beside this test binary (`cargo test --workspace` builds it).
fn worker_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let worker = dir.join("worker");
    assert!(
        worker.exists(),
        "{} is missing: run `cargo build -p worker` (or `cargo test --workspace`)",
        worker.display()
    );
    worker
}

fn spawn_worker(app: &TestApp, sink: &SmtpSink) -> std::process::Child {
    std::process::Command::new(worker_binary())
        .env_clear()
        .env("DATABASE_URL", &app.database.app_url)
        .env("SMTP_URL", sink.url())
        .env("OUTBOX_LEASE_SECS", "10")
        .env("OUTBOX_POLL_INTERVAL_MS", "200")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[tokio::test]
async fn workers_killed_mid_batch_lose_no_alert_and_resend_only_what_was_in_flight() {
    if stockroom_tests::skip_without_postgres("worker processes share the queue on PostgreSQL only")
    {
        return;
    }
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    sink.slow_down(Duration::from_millis(200));
    let owner = app.new_user("Killed workers").await;
    let (_, item) = stocked_item(&app, &owner, "5", "6").await;
    enqueue(&app, alerts(&owner.org_id, &item, 500)).await;

    let started = Instant::now();
    let mut workers: Vec<_> = (0..3).map(|_| spawn_worker(&app, &sink)).collect();
    // Kill one mid-batch, then another; each is replaced, as a Deployment would.
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_secs(4)).await;
        let mut victim = workers.remove(0);
        victim.kill().unwrap();
        victim.wait().unwrap();
        workers.push(spawn_worker(&app, &sink));
    }
    // Only the alerts: the workers run their other jobs too (a daily digest may come due).
    let alerts_sent = || {
        let messages: Vec<String> = sink
            .messages()
            .into_iter()
            .filter(|message| message.contains("Subject: Low stock:"))
            .collect();
        message_ids(&messages)
    };
    let ids = loop {
        let ids = alerts_sent();
        if ids.len() == 500 || started.elapsed() > Duration::from_secs(150) {
            break ids;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let took = started.elapsed();
    for mut worker in workers {
        worker.kill().unwrap();
        worker.wait().unwrap();
    }
    let duplicated: usize = ids.values().map(|count| count - 1).sum();
    eprintln!(
        "500 alerts, 3 workers, 2 killed with SIGKILL: {} delivered, {} lost, {duplicated} \
         duplicated, in {took:.1?}",
        ids.len(),
        500_usize.saturating_sub(ids.len())
    );
    assert_eq!(ids.len(), 500, "every alert delivered");
    // The lease (10 s, extended every 3 s) leaves room for a CPU starved by the rest of the
    // suite. A worker sends one message at a time: at most one was in flight at each kill, and
    // its copy carries the same Message-ID (counted here by it).
    assert!(duplicated <= 2, "{duplicated} duplicates: {ids:?}");
    assert!(
        entity::outbox::parked(&app.database.as_app_role().await)
            .await
            .unwrap()
            .is_empty()
    );
}

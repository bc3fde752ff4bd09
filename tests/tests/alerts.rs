//! Low-stock alerts end to end: the ledger enqueues a crossing in its own transaction, the
//! outbox worker delivers it over real SMTP (a sink started by the test) or to `.eml` files.

use std::sync::Arc;
use std::time::Duration;

use platform::mail::Mailer;
use serde_json::json;
use stockroom_tests::{Session, SmtpSink, TestApp, spawn_app, spawn_app_with};
use worker::jobs::DeliverOutbox;
use worker::{Job as _, Outcome};

use crate::fixtures::add_member;

/// Runs outbox steps (as a worker would) until there is nothing due; returns how many ran.
pub(crate) async fn deliver(app: &TestApp, sink: &SmtpSink) -> usize {
    let mailer = Mailer::new(
        Some(&sink.url()),
        app.mail_dir.path(),
        "Stockroom <alerts@example.com>",
    )
    .unwrap();
    let job = DeliverOutbox::new(
        app.database.as_app_role().await,
        Arc::new(mailer),
        app.bus.clone(),
        "https://app.example.com",
    );
    let mut steps = 0;
    while job.try_run_once().await.unwrap() == Outcome::Ran {
        steps += 1;
        assert!(steps < 50, "the outbox does not drain");
    }
    steps
}

/// Makes every pending outbox event due now (skipping its retry back-off).
pub(crate) async fn make_due(app: &TestApp) {
    crate::fixtures::as_outbox_worker(
        app,
        "UPDATE outbox_events SET available_at = '2000-01-01T00:00:00Z' WHERE processed_at IS NULL",
    )
    .await;
}

/// An item with `safety` stock and `quantity` in stock at a new location. The sign-up e-mails
/// queued so far are dropped: these tests count alerts.
pub(crate) async fn stocked_item(
    app: &TestApp,
    s: &Session,
    safety: &str,
    quantity: &str,
) -> (String, String) {
    crate::fixtures::forget_account_mail(app).await;
    let location = app.create_location(s, "Main").await;
    let item = app
        .try_create_item(
            s,
            json!({ "sku": "ALERT-1", "name": "Blue widget", "safetyStock": safety }),
        )
        .await;
    let item = item.data()["createItem"]["id"].as_str().unwrap().to_owned();
    app.stock_in(s, &location, &item, quantity).await.data();
    (location, item)
}

fn recipients(messages: &[String]) -> Vec<String> {
    let mut to: Vec<String> = messages
        .iter()
        .filter_map(|m| {
            m.lines()
                .find(|l| l.starts_with("To: "))
                .map(|l| l.trim_start_matches("To: ").to_owned())
        })
        .collect();
    to.sort();
    to
}

#[tokio::test]
async fn a_crossing_emails_each_opted_in_member_once_and_rearms_after_a_restock() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@alerts.example", "Alerts Inc").await;
    for (email, role) in [
        ("admin@alerts.example", "admin"),
        ("member@alerts.example", "member"),
        ("viewer@alerts.example", "viewer"),
    ] {
        let person = app.sign_up(email, "own").await;
        add_member(&app, &owner.org_id, &person.user_id, role).await;
        if role == "viewer" {
            let as_viewer = Session {
                org_id: owner.org_id.clone(),
                ..person
            };
            assert_eq!(
                app.ok(
                    &as_viewer,
                    "mutation { setLowStockAlerts(enabled: true) }",
                    json!({}),
                    "setLowStockAlerts"
                )
                .await,
                true
            );
        }
    }
    let (location, item) = stocked_item(&app, &owner, "5", "10").await;
    deliver(&app, &sink).await;
    assert!(
        sink.messages().is_empty(),
        "10 is above the safety stock of 5"
    );

    app.stock_out(&owner, &location, &item, "5").await.data();
    deliver(&app, &sink).await;
    let first = sink.messages();
    assert_eq!(
        recipients(&first),
        [
            "\"Test User\" <admin@alerts.example>",
            "\"Test User\" <owner@alerts.example>",
            "\"Test User\" <viewer@alerts.example>"
        ],
        "owners and admins by default, plus the viewer who opted in; not the member"
    );
    let message = &first[0];
    assert!(
        message.contains("Subject: Low stock: Blue widget (ALERT-1) in total"),
        "{message}"
    );
    assert!(message.contains("Message-ID: <"), "{message}");
    assert!(message.contains("text/html"), "{message}");

    app.stock_out(&owner, &location, &item, "1").await.data();
    deliver(&app, &sink).await;
    assert_eq!(sink.messages().len(), 3, "still low: no second alert");

    app.stock_in(&owner, &location, &item, "10").await.data();
    app.stock_out(&owner, &location, &item, "10").await.data();
    deliver(&app, &sink).await;
    assert_eq!(
        sink.messages().len(),
        6,
        "restocked above 5, then crossed again"
    );
}

#[tokio::test]
async fn a_hundred_concurrent_decrements_across_the_threshold_alert_once() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.new_user("Concurrent alerts").await;
    let (location, item) = stocked_item(&app, &owner, "50", "100").await;
    let outs = (0..100).map(|_| app.stock_out(&owner, &location, &item, "1"));
    for result in futures::future::join_all(outs).await {
        result.data();
    }
    deliver(&app, &sink).await;
    assert_eq!(
        sink.messages().len(),
        1,
        "one crossing, one owner, one e-mail"
    );
}

#[tokio::test]
async fn an_event_claimed_by_a_worker_that_died_is_delivered_after_its_lease() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.new_user("Crashing worker").await;
    let (location, item) = stocked_item(&app, &owner, "5", "6").await;
    app.stock_out(&owner, &location, &item, "3").await.data();

    let db = app.database.as_app_role().await;
    // A worker claims the event and dies before finishing.
    let claimed = entity::outbox::claim(&db, 10, chrono::Duration::milliseconds(800))
        .await
        .unwrap();
    assert!(
        claimed.iter().any(|e| e.topic == "low_stock"),
        "{claimed:?}"
    );
    assert_eq!(deliver(&app, &sink).await, 0, "leased to the dead worker");
    assert!(sink.messages().is_empty());
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert!(deliver(&app, &sink).await >= 1);
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn two_workers_never_claim_the_same_event() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let owner = app.new_user("Many events").await;
    crate::fixtures::forget_account_mail(&app).await;
    let location = app.create_location(&owner, "Main").await;
    for i in 0..20 {
        let item = app
            .try_create_item(
                &owner,
                json!({ "sku": format!("E{i}"), "name": "E", "safetyStock": "1" }),
            )
            .await;
        let item = item.data()["createItem"]["id"].as_str().unwrap().to_owned();
        app.stock_in(&owner, &location, &item, "2").await.data();
        app.stock_out(&owner, &location, &item, "1").await.data();
    }
    let (a, b) = (
        app.database.as_app_role().await,
        app.database.as_app_role().await,
    );
    let lease = chrono::Duration::seconds(60);
    let (first, second) = tokio::join!(
        entity::outbox::claim(&a, 40, lease),
        entity::outbox::claim(&b, 40, lease)
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    let mut ids: Vec<_> = first.iter().chain(second.iter()).map(|e| e.id).collect();
    // 20 crossings plus a roll-up per stock transaction (40): 60 events.
    assert_eq!(ids.len(), 60, "40 + 20: all claimed");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "no event claimed twice");
}

#[tokio::test]
async fn the_embedded_worker_writes_the_alert_as_an_eml_file_within_seconds() {
    let app = spawn_app_with(|config| config.worker_in_process = Some(true)).await;
    let owner = app.new_user("Embedded mail").await;
    let (location, item) = stocked_item(&app, &owner, "5", "6").await;
    app.stock_out(&owner, &location, &item, "1").await.data();
    let started = std::time::Instant::now();
    loop {
        let files: Vec<_> = std::fs::read_dir(app.mail_dir.path())
            .unwrap()
            .flatten()
            .filter(|f| f.path().extension().is_some_and(|e| e == "eml"))
            .collect();
        // The digest job may write its own message too; look for the alert.
        let alert = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f.path()).ok())
            .find(|text| text.contains("Low stock: Blue widget (ALERT-1)"));
        if alert.is_some() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no .eml within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_daily_digest_goes_out_once_a_day_at_the_organizations_local_time() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.new_user("Digest Ltd").await;
    let (_, _) = stocked_item(&app, &owner, "5", "3").await;
    let bad = app
        .as_user(
            &owner,
            "mutation { updateOrganization(input: { timeZone: \"Mars/Olympus\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(bad.errors()[0]["extensions"]["field"], "timeZone");
    let set = "mutation { updateOrganization(input: { digestTime: \"07:30\", timeZone: \"Europe/Berlin\" }) { digestTime timeZone } }";
    assert_eq!(
        app.ok(&owner, set, json!({}), "updateOrganization").await,
        json!({ "digestTime": "07:30", "timeZone": "Europe/Berlin" })
    );

    let db = app.database.as_app_role().await;
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    // 07:00 in Berlin (UTC+2 in June): not yet.
    assert_eq!(
        entity::digests::enqueue_due_digests(&db, at("2026-06-01T05:00:00Z"), Duration::ZERO)
            .await
            .unwrap(),
        0
    );
    // 07:45 in Berlin: due, once.
    assert_eq!(
        entity::digests::enqueue_due_digests(&db, at("2026-06-01T05:45:00Z"), Duration::ZERO)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        entity::digests::enqueue_due_digests(&db, at("2026-06-01T09:00:00Z"), Duration::ZERO)
            .await
            .unwrap(),
        0
    );
    deliver(&app, &sink).await;
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("Subject: Daily low-stock digest: 1 item(s) in Digest Ltd"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("ALERT-1"), "{}", messages[0]);
    // The next local day, again.
    assert_eq!(
        entity::digests::enqueue_due_digests(&db, at("2026-06-02T06:00:00Z"), Duration::ZERO)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn digests_sharing_a_time_go_out_spread_within_the_window_each_once() {
    let app = spawn_app().await;
    let set = "mutation { updateOrganization(input: { digestTime: \"07:30\", timeZone: \"UTC\" }) { id } }";
    for i in 0..5 {
        let owner = app.new_user(&format!("Spread {i}")).await;
        app.ok(&owner, set, json!({}), "updateOrganization").await;
    }
    let db = app.database.as_app_role().await;
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let spread = Duration::from_secs(60 * 60);
    let due = async |time: &str| {
        entity::digests::enqueue_due_digests(&db, at(time), spread)
            .await
            .unwrap()
    };
    // Before the digest time none; by its end every one, once, however they were spread.
    assert_eq!(due("2026-06-01T07:29:00Z").await, 0);
    let within: usize = [
        due("2026-06-01T07:45:00Z").await,
        due("2026-06-01T08:00:00Z").await,
        due("2026-06-01T08:15:00Z").await,
        due("2026-06-01T08:30:00Z").await,
    ]
    .iter()
    .sum();
    assert_eq!(within, 5);
    assert_eq!(due("2026-06-01T12:00:00Z").await, 0);
}

#[tokio::test]
async fn a_committed_alert_wakes_the_worker_instead_of_waiting_for_its_poll() {
    let sink = SmtpSink::start().await;
    let smtp_url = sink.url();
    // The worker polls once a minute: only being woken can deliver within seconds.
    let app = spawn_app_with(|config| {
        config.worker_in_process = Some(true);
        config.platform.smtp_url = Some(platform::Secret::new(&smtp_url));
        config.jobs.outbox_poll_interval = Duration::from_secs(60);
    })
    .await;
    let owner = app.new_user("Woken").await;
    let (location, item) = stocked_item(&app, &owner, "5", "6").await;
    for round in 0..3 {
        app.stock_out(&owner, &location, &item, "2").await.data(); // 6 -> 4: crosses 5
        let started = std::time::Instant::now();
        while crate::fixtures::mails_to(&sink, &owner.email)
            .iter()
            .filter(|m| m.contains("Low stock: Blue widget (ALERT-1)"))
            .count()
            <= round
        {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "alert {round} not delivered within 10 s (the poll is 60 s)"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        app.stock_in(&owner, &location, &item, "2").await.data(); // back to 6: re-armed
    }
}

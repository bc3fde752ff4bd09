//! The operator's view of the outbox: `worker parked` and `worker retry <id>`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

use chrono::Utc;
use entity::entities::{organizations, outbox_events};
use migration::{Migrator, MigratorTrait as _};
use sea_orm::{ActiveModelTrait as _, ActiveValue::Set};
use uuid::Uuid;

fn worker(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_worker"))
        .env_clear()
        .env("DATABASE_URL", url)
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test]
async fn parked_events_are_listed_and_can_be_queued_again() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("stockroom.db").display()
    );
    let db = entity::db::connect(&url, 1).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    let (org, event) = (Uuid::now_v7(), Uuid::now_v7());
    let now = Utc::now();
    organizations::ActiveModel {
        id: Set(org),
        name: Set("Ops".to_owned()),
        allow_negative_stock: Set(false),
        digest_time: Set("08:00".to_owned()),
        time_zone: Set("UTC".to_owned()),
        digest_sent_on: Set(None),
        plan: Set("free".to_owned()),
        stripe_customer_id: Set(None),
        stripe_subscription_id: Set(None),
        subscription_status: Set(None),
        current_period_end: Set(None),
        billing_updated_at: Set(None),
        unpaid_since: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        webhook_events: Set(false),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    outbox_events::ActiveModel {
        organization_id: Set(org),
        id: Set(event),
        topic: Set("low_stock".to_owned()),
        payload: Set("{}".to_owned()),
        created_at: Set(now),
        available_at: Set(now),
        attempts: Set(8),
        last_error: Set(Some("SMTP delivery: 451 try again later".to_owned())),
        lease_until: Set(None),
        processed_at: Set(None),
        parked_at: Set(Some(now)),
        crashes: Set(0),
    }
    .insert(&db)
    .await
    .unwrap();
    db.close().await.unwrap();

    let listed = worker(&url, &["parked"]);
    assert!(listed.status.success());
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains(&event.to_string()) && listed.contains("451"),
        "{listed}"
    );

    assert!(
        worker(&url, &["retry", &event.to_string()])
            .status
            .success()
    );
    assert!(
        String::from_utf8_lossy(&worker(&url, &["parked"]).stdout)
            .trim()
            .is_empty(),
        "no longer parked"
    );
    let unknown = worker(&url, &["retry", &Uuid::now_v7().to_string()]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no parked event"));
}

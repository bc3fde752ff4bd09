//! The `worker` process stops cleanly on SIGTERM.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, Utc};
use entity::entities::{refresh_tokens, users};
use migration::{Migrator, MigratorTrait as _};
use sea_orm::{ActiveModelTrait as _, ActiveValue::Set, EntityTrait as _, PaginatorTrait as _};
use uuid::Uuid;
use worker::{Job as _, Outcome};

#[tokio::test]
async fn sigterm_stops_the_worker_with_exit_code_zero() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("stockroom.db").display()
    );
    let db = entity::db::connect(&url, 1).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    db.close().await.unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_worker"))
        .env_clear()
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "the worker keeps running until told to stop"
    );

    let started = Instant::now();
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit status {}", output.status);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped in {:?}",
        started.elapsed()
    );
    let log = String::from_utf8_lossy(&output.stdout);
    assert!(log.contains("worker stopped"), "{log}");
}

/// Seeds `expired` refresh tokens that expired long ago (and one live one) for a new user.
async fn seed_tokens(db: &sea_orm::DatabaseConnection, expired: usize) {
    let user = Uuid::now_v7();
    let now = Utc::now();
    users::ActiveModel {
        id: Set(user),
        email: Set(format!("{user}@example.com")),
        name: Set("Seed".to_owned()),
        password_hash: Set("not-a-hash".to_owned()),
        email_verified_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap();
    let token = |i: usize, expires_at| refresh_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user),
        family_id: Set(user),
        token_hash: Set(format!("{user}-{i}")),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
        successor_sealed: Set(None),
    };
    let rows: Vec<_> = (0..expired)
        .map(|i| token(i, now - Days::days(3)))
        .collect();
    for chunk in rows.chunks(500) {
        refresh_tokens::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
    token(expired, now + Days::days(3))
        .insert(db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_worker_stopped_mid_batch_leaves_consistent_work_that_a_restart_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("stockroom.db").display()
    );
    let db = entity::db::connect(&url, 1).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    seed_tokens(&db, 20_000).await;
    db.close().await.unwrap();

    let child = Command::new(env!("CARGO_BIN_EXE_worker"))
        .env_clear()
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Stop it while it is working through the batches.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "exit status {}", output.status);
    assert!(started.elapsed() < Duration::from_secs(5));

    // Every batch is all-or-nothing: what is left is whole, and a restart finishes the job.
    let db = entity::db::connect(&url, 1).await.unwrap();
    let left = refresh_tokens::Entity::find().count(&db).await.unwrap();
    eprintln!("left after SIGTERM: {left}");
    assert!(left >= 1, "the live token is kept");
    assert_eq!(
        (left - 1) % 500,
        0,
        "the batch in progress finished whole ({left} left)"
    );
    let job = worker::jobs::Purge::refresh_tokens(db.clone());
    let mut steps = 0;
    while job.try_run_once().await.unwrap() == Outcome::Ran {
        steps += 1;
        assert!(steps < 100);
    }
    assert_eq!(
        refresh_tokens::Entity::find().count(&db).await.unwrap(),
        1,
        "only the live token remains"
    );
}

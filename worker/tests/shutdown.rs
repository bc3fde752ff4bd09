//! The `worker` process stops cleanly on SIGTERM.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::{Duration, Instant};

use migration::{Migrator, MigratorTrait as _};

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

//! A job whose step panics keeps running, and the health report says whether every loop is
//! alive.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use worker::{Job, Outcome, Runner};

/// Panics on every other step.
struct Flaky {
    steps: Arc<AtomicU32>,
}

#[async_trait::async_trait]
impl Job for Flaky {
    fn name(&self) -> &'static str {
        "flaky"
    }

    fn idle_interval(&self) -> Duration {
        Duration::from_millis(10)
    }

    async fn try_run_once(&self) -> anyhow::Result<Outcome> {
        let step = self.steps.fetch_add(1, Ordering::SeqCst);
        assert!(step % 2 == 1, "step {step} panics");
        Ok(Outcome::Idle)
    }
}

#[tokio::test]
async fn a_panicking_step_is_a_failed_step_and_the_loop_goes_on() {
    let steps = Arc::new(AtomicU32::new(0));
    let runner = Runner::new(vec![Arc::new(Flaky {
        steps: steps.clone(),
    })]);
    let health = runner.health();
    assert!(!health.report().healthy, "not started yet");
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(runner.run(shutdown.clone()));
    // Each panic is followed by a 1 s back-off, each clean step resets it.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert!(
        steps.load(Ordering::SeqCst) >= 5,
        "steps went on after panics: {}",
        steps.load(Ordering::SeqCst)
    );
    let report = health.report();
    assert!(report.healthy, "{report:?}");
    assert!(report.jobs[0].running);

    shutdown.cancel();
    running.await.unwrap();
    assert!(!health.report().healthy, "a stopped loop is not alive");
}

#[tokio::test]
async fn the_worker_serves_its_health_for_the_liveness_probe() {
    use migration::{Migrator, MigratorTrait as _};
    platform::tls::install_default_provider();
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("stockroom.db").display()
    );
    let db = entity::db::connect(&url, 1).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    db.close().await.unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_worker"))
        .env_clear()
        .env("DATABASE_URL", &url)
        .env("WORKER_HEALTH_ADDR", format!("127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut answer = None;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Ok(response) = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await {
            answer = Some((response.status(), response.text().await.unwrap()));
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (status, body) = answer.expect("the health endpoint answers");
    assert_eq!(status, 200, "{body}");
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["healthy"], true);
    assert!(
        report["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|job| job["job"] == "deliver_outbox" && job["running"] == true),
        "{body}"
    );
}

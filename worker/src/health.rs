//! Whether every job loop of this worker is alive, served on `WORKER_HEALTH_ADDR` for the
//! orchestrator's liveness probe: a loop that ended, or a step running far longer than any
//! step should (a hung connection), makes the worker unhealthy so it is restarted.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use axum::Json;
use axum::http::StatusCode;
use axum::routing::get;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

/// A step running longer than this is taken as hung: the slowest steps (a batch of 20
/// e-mails, each bounded by the SMTP timeout) take a few minutes at worst.
const STUCK_AFTER: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
struct LoopState {
    running: AtomicBool,
    /// Unix milliseconds at which the step in progress started; 0 between steps.
    step_started_ms: AtomicI64,
}

/// The health of a runner's job loops (cheap to clone).
#[derive(Clone)]
pub struct Health {
    loops: Arc<Vec<(&'static str, Arc<LoopState>)>>,
}

/// One loop's handle on its state; dropping it (the loop ended, or its task unwound) marks
/// the loop dead.
pub struct Loop(Arc<LoopState>);

#[derive(Debug, Serialize)]
pub struct JobHealth {
    pub job: &'static str,
    pub running: bool,
    /// Seconds the step in progress has been running, if one is.
    pub step_running_secs: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub healthy: bool,
    pub jobs: Vec<JobHealth>,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Health {
    pub fn new(jobs: impl IntoIterator<Item = &'static str>) -> Self {
        let loops = jobs
            .into_iter()
            .map(|name| (name, Arc::new(LoopState::default())))
            .collect();
        Self {
            loops: Arc::new(loops),
        }
    }

    /// The state of the `index`-th job's loop, marked running until the handle is dropped.
    pub(crate) fn start_loop(&self, index: usize) -> Option<Loop> {
        let (_, state) = self.loops.get(index)?;
        state.running.store(true, Ordering::SeqCst);
        Some(Loop(state.clone()))
    }

    pub fn report(&self) -> Report {
        let now = now_ms();
        let jobs: Vec<JobHealth> = self
            .loops
            .iter()
            .map(|(job, state)| {
                let started = state.step_started_ms.load(Ordering::SeqCst);
                JobHealth {
                    job,
                    running: state.running.load(Ordering::SeqCst),
                    step_running_secs: (started > 0).then(|| (now - started) / 1000),
                }
            })
            .collect();
        let stuck_secs = i64::try_from(STUCK_AFTER.as_secs()).unwrap_or(i64::MAX);
        let healthy = jobs
            .iter()
            .all(|job| job.running && job.step_running_secs.is_none_or(|secs| secs < stuck_secs));
        Report { healthy, jobs }
    }
}

impl Loop {
    pub(crate) fn step_started(&self) {
        self.0.step_started_ms.store(now_ms(), Ordering::SeqCst);
    }

    pub(crate) fn step_ended(&self) {
        self.0.step_started_ms.store(0, Ordering::SeqCst);
    }
}

impl Drop for Loop {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::SeqCst);
        self.0.step_started_ms.store(0, Ordering::SeqCst);
    }
}

/// Serves `GET /healthz` (200 when every loop is alive, else 503, with the report as JSON)
/// on `addr` until `shutdown`.
///
/// # Errors
/// When `addr` cannot be bound.
pub async fn serve(
    addr: SocketAddr,
    health: Health,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("WORKER_HEALTH_ADDR: cannot bind {addr}: {e}"))?;
    tracing::info!(%addr, "worker health on /healthz");
    let app = axum::Router::new().route(
        "/healthz",
        get(move || {
            let report = health.report();
            async move {
                let status = if report.healthy {
                    StatusCode::OK
                } else {
                    StatusCode::SERVICE_UNAVAILABLE
                };
                (status, Json(report))
            }
        }),
    );
    tokio::spawn(async move {
        let stopped = shutdown.cancelled_owned();
        if let Err(error) = axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await
        {
            tracing::error!(error = %error, "worker health server failed");
        }
    });
    Ok(())
}

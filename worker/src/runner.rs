//! The job loop: each job is a testable single step, driven here with back-off. A step that
//! panics is a failed step: the loop goes on, and [`Health`] says whether every loop is alive.

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt as _;
use tracing::Instrument as _;

use platform::backoff;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::health::{Health, Loop};

/// What one step of a job did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It did work; there may be more, so run again at once.
    Ran,
    /// Nothing to do; wait `idle_interval` before looking again.
    Idle,
}

#[async_trait::async_trait]
pub trait Job: Send + Sync {
    fn name(&self) -> &'static str;

    /// How long to wait after an `Idle` step.
    fn idle_interval(&self) -> Duration;

    /// Does one unit of work.
    ///
    /// # Errors
    /// When the step fails; the runner retries it with capped exponential back-off.
    async fn try_run_once(&self) -> anyhow::Result<Outcome>;

    /// Changes when new work arrives, so an idle wait ends early (the interval stays as a
    /// fallback). `None`: the job only polls.
    fn wakeups(&self) -> Option<watch::Receiver<u64>> {
        None
    }

    /// Runs beside the job's steps until `shutdown`, e.g. to listen for its wake-ups.
    async fn listen(&self, shutdown: CancellationToken) {
        let _ = shutdown;
    }
}

pub struct Runner {
    jobs: Vec<Arc<dyn Job>>,
    health: Health,
}

impl Runner {
    pub fn new(jobs: Vec<Arc<dyn Job>>) -> Self {
        let health = Health::new(jobs.iter().map(|job| job.name()));
        Self { jobs, health }
    }

    /// The loops' health, to serve before [`Runner::run`] starts them.
    pub fn health(&self) -> Health {
        self.health.clone()
    }

    /// Runs every job until `shutdown` is cancelled; a step in progress finishes first.
    pub async fn run(self, shutdown: CancellationToken) {
        let mut tasks = tokio::task::JoinSet::new();
        for (index, job) in self.jobs.into_iter().enumerate() {
            let listening = job.clone();
            let stop = shutdown.clone();
            tasks.spawn(async move { listening.listen(stop).await });
            let Some(alive) = self.health.start_loop(index) else {
                continue;
            };
            tasks.spawn(run_job(job, alive, shutdown.clone()));
        }
        while tasks.join_next().await.is_some() {}
        tracing::info!("worker stopped");
    }
}

/// What a panic carried, as text.
pub fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

async fn run_job(job: Arc<dyn Job>, alive: Loop, shutdown: CancellationToken) {
    let mut failures: u32 = 0;
    let mut wakeups = job.wakeups();
    tracing::info!(job = job.name(), "job started");
    while !shutdown.is_cancelled() {
        if let Some(wakeups) = wakeups.as_mut() {
            // Work that arrives from here on, even during the step, ends the next idle wait.
            wakeups.mark_unchanged();
        }
        alive.step_started();
        let step = AssertUnwindSafe(job.try_run_once())
            .catch_unwind()
            .instrument(tracing::info_span!("job", job = job.name()));
        let step = step.await.unwrap_or_else(|panic| {
            Err(anyhow::anyhow!(
                "the step panicked: {}",
                panic_message(panic.as_ref())
            ))
        });
        alive.step_ended();
        let idle = match step {
            Ok(Outcome::Ran) => {
                failures = 0;
                tokio::task::yield_now().await;
                continue;
            }
            Ok(Outcome::Idle) => {
                failures = 0;
                true
            }
            Err(error) => {
                failures = failures.saturating_add(1);
                let backoff = backoff(failures);
                tracing::error!(job = job.name(), failures, retry_in = ?backoff, error = format!("{error:#}"), "job step failed");
                false
            }
        };
        let pause = if idle {
            job.idle_interval()
        } else {
            backoff(failures)
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(pause) => {}
            () = woken(wakeups.as_mut()), if idle => {}
        }
    }
}

/// Returns when `wakeups` changes; never without wake-ups (or once their sender is gone).
async fn woken(wakeups: Option<&mut watch::Receiver<u64>>) {
    if let Some(wakeups) = wakeups
        && wakeups.changed().await.is_ok()
    {
        return;
    }
    std::future::pending().await
}

//! The job loop: each job is a testable single step, driven here with back-off.

use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument as _;

use platform::backoff;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

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
}

impl Runner {
    pub fn new(jobs: Vec<Arc<dyn Job>>) -> Self {
        Self { jobs }
    }

    /// Runs every job until `shutdown` is cancelled; a step in progress finishes first.
    pub async fn run(self, shutdown: CancellationToken) {
        let mut tasks = tokio::task::JoinSet::new();
        for job in self.jobs {
            let listening = job.clone();
            let stop = shutdown.clone();
            tasks.spawn(async move { listening.listen(stop).await });
            tasks.spawn(run_job(job, shutdown.clone()));
        }
        while tasks.join_next().await.is_some() {}
        tracing::info!("worker stopped");
    }
}

async fn run_job(job: Arc<dyn Job>, shutdown: CancellationToken) {
    let mut failures: u32 = 0;
    let mut wakeups = job.wakeups();
    tracing::info!(job = job.name(), "job started");
    while !shutdown.is_cancelled() {
        if let Some(wakeups) = wakeups.as_mut() {
            // Work that arrives from here on, even during the step, ends the next idle wait.
            wakeups.mark_unchanged();
        }
        let step = job
            .try_run_once()
            .instrument(tracing::info_span!("job", job = job.name()));
        let idle = match step.await {
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

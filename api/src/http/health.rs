//! Liveness and readiness probes.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};
use serde_json::{Value, json};

use crate::state::AppState;

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// The process is alive and serving HTTP, and so is every job loop of a worker running in it
/// (the embedded default): a loop that ended or hangs fails the probe, with the worker's
/// report, so the orchestrator restarts the process, as it would a separate worker.
pub async fn live(State(state): State<AppState>) -> Response {
    liveness(state.worker.as_ref())
}

fn liveness(worker: Option<&worker::Health>) -> Response {
    match worker.map(worker::Health::report) {
        Some(report) if !report.healthy => {
            tracing::error!(
                ?report,
                "liveness: a job loop of the in-process worker is down"
            );
            let body = json!({ "healthy": false, "worker": report });
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
        _ => "ok".into_response(),
    }
}

/// Ready for traffic: the database answers and the server is not shutting down. Redis is
/// reported but does not count: the api serves without it (caches miss, rate limits count per
/// replica), and making every replica unready at once because a cache is away would turn a
/// degraded service into an outage.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = match tokio::time::timeout(CHECK_TIMEOUT, state.services.db.ping()).await {
        Ok(Ok(())) => "ok",
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "readiness: database check failed");
            "unavailable"
        }
        Err(_) => "timeout",
    };
    let bus = &state.services.bus;
    let cache = match tokio::time::timeout(CHECK_TIMEOUT, bus.ping()).await {
        Ok(Ok(())) => "ok",
        Ok(Err(error)) => {
            tracing::warn!(
                error = format!("{error:#}"),
                "readiness: cache/bus check failed"
            );
            "unavailable"
        }
        Err(_) => "timeout",
    };
    let stopping = state.shutdown.is_cancelled();
    let ready = database == "ok" && !stopping;
    // Reported, not counted: readiness is about taking traffic; `/healthz` acts on it.
    let worker = state.worker.as_ref().map(worker::Health::report);
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(
            json!({ "ready": ready, "database": database, "cache": { "kind": bus.kind(), "status": cache }, "worker": worker, "stopping": stopping }),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_loop_of_the_in_process_worker_fails_liveness_with_its_report() {
        // Loops are marked running when the runner starts them; never started is dead.
        let health = worker::Health::new(["deliver_outbox", "purge_refresh_tokens"]);
        let response = liveness(Some(&health));
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(liveness(None).status(), StatusCode::OK);
    }
}

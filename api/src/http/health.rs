//! Liveness and readiness probes.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::state::AppState;

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// The process is alive and serving HTTP.
pub async fn live() -> &'static str {
    "ok"
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
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(
            json!({ "ready": ready, "database": database, "cache": { "kind": bus.kind(), "status": cache }, "stopping": stopping }),
        ),
    )
}

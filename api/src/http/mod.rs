//! The HTTP surface: routes and the middleware every request passes through.

mod documents;
mod graphiql;
mod graphql;
mod health;
mod media;
mod web;
mod webhooks;
mod ws;

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::metrics::HttpLabels;
use crate::state::AppState;

/// Largest request body accepted (GraphQL documents are small; uploads go elsewhere).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub const ORGANIZATION_HEADER: &str = "x-organization-id";

/// The public router. Every request but a WebSocket connection must be answered within
/// `request_timeout` (503, code `TIMEOUT`, when it is not). With `serve_metrics` off,
/// `/metrics` is left to [`metrics_router`] on its own listener (`METRICS_BIND_ADDR`).
pub fn router(
    state: AppState,
    cors_policy: &CorsPolicy<'_>,
    serve_metrics: bool,
    request_timeout: Duration,
    web_dir: Option<&std::path::Path>,
) -> Router {
    let middleware = ServiceBuilder::new()
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
        ]))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(cors(cors_policy));

    let routes = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/schema.graphql", get(graphql::sdl))
        .route(
            "/graphiql/{name}",
            get(graphiql::asset).layer(tower_http::compression::CompressionLayer::new()),
        )
        .route("/documents/invoices/{file}", get(documents::invoice))
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route(
            "/webhooks/stripe",
            axum::routing::post(webhooks::stripe)
                .layer(DefaultBodyLimit::max(webhooks::MAX_BODY_BYTES)),
        );
    let routes = if serve_metrics {
        routes.route("/metrics", get(metrics))
    } else {
        routes
    };
    let routes = match web_dir {
        Some(dir) => web::serve_app(routes, dir),
        None => routes,
    };
    routes
        // Only the routes above: a WebSocket connection lives as long as its client.
        .layer(middleware::from_fn_with_state(request_timeout, time_limit))
        .route("/graphql/ws", get(ws::upgrade))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), track_http))
        .layer(middleware)
        .with_state(state)
}

/// `/metrics` alone, for a listener that is not public.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .with_state(state)
}

/// One span per request; the auth step records the user and organization on it.
fn request_span(request: &Request) -> tracing::Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let span = tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id,
        user_id = tracing::field::Empty,
        org_id = tracing::field::Empty,
        operation = tracing::field::Empty,
    );
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    platform::telemetry::continue_trace(&span, header("traceparent"), header("tracestate"));
    span
}

/// Which browsers' pages may call the api, and with which request headers.
pub struct CorsPolicy<'a> {
    pub origins: &'a [String],
    /// Besides `Authorization`, `Content-Type` and `X-Organization-Id`.
    pub headers: &'a [String],
}

fn cors(policy: &CorsPolicy<'_>) -> CorsLayer {
    let origins: Vec<HeaderValue> = policy
        .origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let extra = policy
        .headers
        .iter()
        .filter_map(|h| HeaderName::from_bytes(h.trim().as_bytes()).ok());
    let headers: Vec<HeaderName> = [
        header::AUTHORIZATION,
        header::CONTENT_TYPE,
        HeaderName::from_static(ORGANIZATION_HEADER),
    ]
    .into_iter()
    .chain(extra)
    .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers(headers)
        // The request id, so a browser client can quote it in a bug report.
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(3600))
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("request handler panicked");
    graphql::error_response(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "internal error",
        "INTERNAL",
    )
}

/// Answers 503 with code `TIMEOUT` when the request is not done within `limit`. The handler
/// is dropped, which rolls its open transaction back, unless its commit was already under
/// way: a change's outcome is then unknown, so the message tells clients to retry with the
/// same idempotency key, which returns the first result if it did commit.
async fn time_limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(limit_secs = limit.as_secs(), "request timed out");
            graphql::error_response(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "the request took too long; a change may or may not have been made: retry with the same idempotency key",
                "TIMEOUT",
            )
        }
    }
}

async fn track_http(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    // Any token is a valid method to hyper: label only the ones the routes serve.
    let method = match *request.method() {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
    .to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let labels = HttpLabels {
        method,
        route,
        status: response.status().as_u16(),
    };
    state.metrics.record_http(labels, started.elapsed());
    response
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(&state.services.db),
    )
}

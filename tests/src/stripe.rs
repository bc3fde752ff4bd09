//! A local stand-in for the Stripe API (no stripe-mock here): it records every request and
//! answers like Stripe for customers, Checkout sessions and Customer Portal sessions,
//! replaying the first answer for a repeated idempotency key as Stripe does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::IntoResponse;
use serde_json::{Value, json};

/// One request the stand-in received.
#[derive(Clone, Debug)]
pub struct StripeCall {
    pub method: String,
    pub path: String,
    pub idempotency_key: Option<String>,
    pub authorization: Option<String>,
    /// The form-encoded body, decoded.
    pub form: HashMap<String, String>,
}

#[derive(Clone, Default)]
struct Recorder {
    calls: Arc<Mutex<Vec<StripeCall>>>,
    answers: Arc<Mutex<HashMap<String, Value>>>,
}

pub struct StripeStandIn {
    pub port: u16,
    recorder: Recorder,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for StripeStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StripeStandIn {
    pub async fn start() -> Self {
        let recorder = Recorder::default();
        let app = Router::new().fallback(answer).with_state(recorder.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the Stripe stand-in");
        let port = listener.local_addr().expect("address").port();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            port,
            recorder,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn calls(&self) -> Vec<StripeCall> {
        self.recorder
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The calls to `path` (e.g. `/v1/customers`).
    pub fn calls_to(&self, path: &str) -> Vec<StripeCall> {
        self.calls()
            .into_iter()
            .filter(|c| c.path == path)
            .collect()
    }
}

async fn answer(
    State(recorder): State<Recorder>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let call = StripeCall {
        method: method.to_string(),
        path: uri.path().to_owned(),
        idempotency_key: header("idempotency-key"),
        authorization: header("authorization"),
        form: url::form_urlencoded::parse(&body).into_owned().collect(),
    };
    let number = {
        let mut calls = recorder
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        calls.push(call.clone());
        calls.len()
    };
    let replay_key = call
        .idempotency_key
        .as_ref()
        .map(|key| format!("{} {key}", call.path));
    // Held while answering, so concurrent requests with one key get one answer, as with Stripe.
    let mut answers = recorder
        .answers
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(earlier) = replay_key.as_ref().and_then(|key| answers.get(key)) {
        return axum::Json(earlier.clone()).into_response();
    }
    let response = match call.path.as_str() {
        "/v1/customers" => json!({ "id": format!("cus_test_{number}"), "object": "customer" }),
        "/v1/checkout/sessions" => json!({
            "id": format!("cs_test_{number}"),
            "object": "checkout.session",
            "url": format!("https://checkout.stripe.test/c/pay/cs_test_{number}"),
        }),
        "/v1/billing_portal/sessions" => json!({
            "id": format!("bps_test_{number}"),
            "object": "billing_portal.session",
            "url": format!("https://billing.stripe.test/p/session/bps_test_{number}"),
        }),
        _ => {
            return (
                axum::http::StatusCode::NOT_FOUND,
                axum::Json(json!({ "error": { "type": "invalid_request_error", "message": "unknown path" } })),
            )
                .into_response();
        }
    };
    if let Some(key) = replay_key {
        answers.insert(key, response.clone());
    }
    axum::Json(response).into_response()
}

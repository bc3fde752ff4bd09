//! `POST /webhooks/stripe`: the signature is checked on the raw body against every configured
//! secret (rotation) within 300 s; the event is stored by id and applied once, in one short
//! transaction. Slow work (e-mail) goes through the outbox, so Stripe gets its answer fast.
//!
//! What an anonymous sender can make it do is bounded: bodies past [`MAX_BODY_BYTES`] are
//! refused with 413 before any hashing, and the body is hashed once per configured secret
//! whatever the header says (a header with more than `billing::MAX_SIGNATURES` `v1` values
//! is refused with 400).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use entity::billing::{Applied, StripeEvent, apply_stripe_event};

use crate::state::AppState;

/// Largest webhook body accepted. Stripe's event payloads are a few KB, tens of KB at most
/// (lists inside events are truncated), so 512 KiB leaves ample room.
pub const MAX_BODY_BYTES: usize = 512 * 1024;

pub async fn stripe(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let services = &state.services;
    if !services.billing.enabled() {
        return (StatusCode::NOT_FOUND, "billing is off").into_response();
    }
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let now = chrono::Utc::now().timestamp();
    if let Err(error) = billing::verify(signature, &body, &services.stripe_webhook_secrets, now) {
        tracing::warn!(%error, "Stripe webhook refused");
        return (StatusCode::BAD_REQUEST, error.to_string()).into_response();
    }
    let event = match StripeEvent::parse(&body) {
        Ok(event) => event,
        Err(error) => return (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    };
    match apply_stripe_event(&services.db, &services.billing, &event).await {
        Ok(applied) => {
            let outcome = match applied {
                Applied::Applied => "applied",
                Applied::Stale => "stale",
                Applied::Duplicate => "duplicate",
                Applied::Ignored => "ignored",
            };
            (StatusCode::OK, outcome).into_response()
        }
        Err(error) => {
            // Stripe retries on 5xx, so a database hiccup loses nothing.
            tracing::error!(error = %error, event_id = %event.id, "Stripe event not applied");
            (StatusCode::INTERNAL_SERVER_ERROR, "not applied; retry").into_response()
        }
    }
}

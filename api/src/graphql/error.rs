//! The one place errors become client-facing: every error leaving the server carries
//! `extensions.code`, and internal text (SQL, I/O) is logged, never returned.

use std::sync::Arc;

use async_graphql::ServerError;
use entity::DomainError;

/// Gives `error` its code and a message fit for a client.
pub fn classify(error: &mut ServerError) {
    if error
        .extensions
        .as_ref()
        .is_some_and(|ext| ext.get("code").is_some())
    {
        return;
    }
    let source = error.source.clone();
    // Errors arrive as themselves, or shared (DataLoader results are `Arc`ed).
    let domain = source.as_deref().and_then(|s| {
        s.downcast_ref::<DomainError>()
            .or_else(|| s.downcast_ref::<Arc<DomainError>>().map(AsRef::as_ref))
    });
    let code = if let Some(domain) = domain {
        if domain.is_internal() {
            tracing::error!(error = platform::telemetry::error_chain(domain), path = ?error.path, "request failed");
            error.message = match domain.code() {
                "TIMEOUT" => "the request took too long; try again".to_owned(),
                "BAD_USER_INPUT" => {
                    "a date, time or text value is out of the range that can be stored".to_owned()
                }
                _ => "internal error".to_owned(),
            };
        } else {
            error.message = domain.to_string();
        }
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if let Some(field) = domain.field() {
            extensions.set("field", field);
        }
        match domain {
            DomainError::RateLimited { retry_after_secs } => {
                extensions.set("retryAfter", *retry_after_secs)
            }
            DomainError::InsufficientStock {
                item_id,
                location_id,
                available,
                requested,
            } => {
                extensions.set("itemId", item_id.to_string());
                extensions.set("locationId", location_id.to_string());
                extensions.set("available", available.to_string());
                extensions.set("requested", requested.to_string());
            }
            DomainError::NotFound { entity } => extensions.set("entity", *entity),
            DomainError::PlanLimitReached {
                resource,
                limit,
                usage,
            } => {
                extensions.set("resource", *resource);
                extensions.set("limit", *limit);
                extensions.set("usage", *usage);
            }
            DomainError::ReadOnly { since } => {
                extensions.set("reason", "SUBSCRIPTION_UNPAID");
                extensions.set("unpaidSince", since.to_rfc3339());
            }
            _ => {}
        }
        domain.code()
    } else if source.is_some() {
        // Some error type we did not map: a bug of ours, not the client's.
        tracing::error!(error = %error.message, path = ?error.path, "unmapped error");
        error.message = "internal error".to_owned();
        "INTERNAL"
    } else {
        // async-graphql's own errors: parsing, validation, limits, input coercion.
        "BAD_USER_INPUT"
    };
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
}

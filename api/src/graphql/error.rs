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
                "SERVICE_UNAVAILABLE" => {
                    "the database is unavailable right now; retry shortly".to_owned()
                }
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
        if let Some(retry_after) = domain.retry_after_secs() {
            extensions.set("retryAfter", retry_after);
        }
        match domain {
            DomainError::InsufficientStock {
                item_id,
                location_id,
                available,
                requested,
                at,
            } => {
                extensions.set("itemId", item_id.to_string());
                extensions.set("locationId", location_id.to_string());
                extensions.set("available", available.to_string());
                extensions.set("requested", requested.to_string());
                if let Some(at) = at {
                    extensions.set(
                        "at",
                        at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                    );
                }
            }
            DomainError::PeriodClosed { closed_before } => {
                extensions.set("closedBefore", closed_before.to_string());
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
    } else if error.path.is_empty() {
        // Refused before execution: async-graphql's validation (variables included) and our
        // document limits. Parse failures are coded where the document is parsed. A value
        // that does not fit its argument is the user's input; anything else, the document.
        match invalid_argument(&error.message) {
            Some(field) => {
                if let Some(form) =
                    expected_scalar(&error.message).and_then(super::scalars::expected_form)
                {
                    error.message = format!("{}: {form}", error.message);
                }
                let extensions = error.extensions.get_or_insert_with(Default::default);
                extensions.set("field", field);
                "BAD_USER_INPUT"
            }
            None => "GRAPHQL_VALIDATION_FAILED",
        }
    } else {
        // A value async-graphql could not read while executing a field.
        "BAD_USER_INPUT"
    };
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
}

/// The input field a validation message names, as a path below the mutation's `input`:
/// `Invalid value for argument "input.lines.0.quantity", …` names `lines.0.quantity`,
/// `"input", field "email" of type "String!" is required…` names `email`, `"id", …` names `id`.
fn invalid_argument(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Invalid value for argument \"")?;
    let (path, rest) = rest.split_once('"')?;
    let mut segments: Vec<&str> = path.split('.').collect();
    if let Some((_, named)) = rest.split_once("field \"")
        && let Some((name, _)) = named.split_once('"')
    {
        segments.push(name);
    }
    if segments.len() > 1 && segments[0] == "input" {
        segments.remove(0);
    }
    Some(segments.join("."))
}

/// The scalar a validation message expected: `…, expected type "Quantity"` gives `Quantity`.
fn expected_scalar(message: &str) -> Option<&str> {
    message
        .rsplit_once("expected type \"")
        .map(|(_, rest)| rest.trim_end_matches(['"', '!']))
}

#[cfg(test)]
mod tests {
    use super::invalid_argument;

    #[test]
    fn a_validation_message_names_the_input_field() {
        let named = |message: &str| invalid_argument(message);
        assert_eq!(
            named(
                r#"Invalid value for argument "input.lines.0.quantity", expected type "Quantity""#
            )
            .as_deref(),
            Some("lines.0.quantity")
        );
        assert_eq!(
            named(r#"Invalid value for argument "input", field "email" of type "String!" is required but not provided"#).as_deref(),
            Some("email")
        );
        assert_eq!(
            named(r#"Invalid value for argument "id", expected type "ID""#).as_deref(),
            Some("id")
        );
        assert_eq!(named(r#"Unknown field "nope" on type "Query""#), None);
    }
}

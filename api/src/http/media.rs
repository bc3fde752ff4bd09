//! GraphQL over HTTP's two response media types, chosen from the request's `Accept`:
//! `application/graphql-response+json`, whose status codes say whether the request was run
//! (400 for a document that does not parse or validate, or variables that do not fit), and
//! `application/json`, always 200 for a well-formed request, as older clients expect.
//!
//! Either way a request refused before execution has no `data` entry, and an executed one
//! always has it (`null` when nothing could be answered).

use std::collections::BTreeMap;

use async_graphql::{ServerError, Value};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    GraphqlResponseJson,
    Json,
}

impl MediaType {
    /// The type `headers`' `Accept` prefers, the newer one on a tie; `application/json`
    /// without an `Accept`. `None` when it accepts neither (answer 406).
    pub fn negotiate(headers: &HeaderMap) -> Option<Self> {
        let mut accepts = headers.get_all(header::ACCEPT).iter().peekable();
        if accepts.peek().is_none() {
            return Some(Self::Json);
        }
        // (quality, rank, type): an exact type outranks a wildcard, and the newer type the
        // older one.
        let mut best: Option<(f32, u8, Self)> = None;
        for range in accepts
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
        {
            let mut parts = range.split(';');
            let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|param| param.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // A wildcard is read as `application/json`, as a request without `Accept` is:
            // curl and older clients send `*/*` and expect 200.
            let (rank, candidate) = match essence.as_str() {
                GRAPHQL_RESPONSE_JSON => (2, Self::GraphqlResponseJson),
                JSON => (1, Self::Json),
                "application/*" | "*/*" => (0, Self::Json),
                _ => continue,
            };
            let better = best.is_none_or(|(q, r, _)| quality > q || (quality == q && rank > r));
            if quality > 0.0 && better {
                best = Some((quality, rank, candidate));
            }
        }
        best.map(|(_, _, kind)| kind)
    }

    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        })
    }

    /// The status of a response to a request that was refused before execution.
    fn refused_status(self, status: StatusCode) -> StatusCode {
        match self {
            Self::GraphqlResponseJson => status,
            Self::Json => StatusCode::OK,
        }
    }
}

/// A response's body: `data` only when the operation was executed.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, Value>,
}

/// Whether `response` answers a request refused before execution: no data and no error that
/// belongs to a field.
pub fn refused(response: &async_graphql::Response) -> bool {
    response.data == Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

/// `response` written as `media`.
pub fn render(media: MediaType, response: &async_graphql::Response) -> Response {
    let refused = refused(response);
    let body = Body {
        data: (!refused).then_some(&response.data),
        errors: &response.errors,
        extensions: &response.extensions,
    };
    let status = if refused {
        media.refused_status(StatusCode::BAD_REQUEST)
    } else {
        StatusCode::OK
    };
    match serde_json::to_vec(&body) {
        Ok(bytes) => {
            let mut http = (
                status,
                [(header::CONTENT_TYPE, media.content_type())],
                bytes,
            )
                .into_response();
            if let Some(seconds) = retry_after(&response.errors) {
                http.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            http
        }
        Err(error) => {
            tracing::error!(%error, "a GraphQL response could not be serialized");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The longest `retryAfter` among `errors` that say the service is unavailable, for the
/// `Retry-After` header proxies and clients read.
fn retry_after(errors: &[ServerError]) -> Option<u64> {
    errors
        .iter()
        .filter_map(|error| error.extensions.as_ref())
        .filter(|ext| {
            matches!(ext.get("code"), Some(Value::String(code)) if code == "SERVICE_UNAVAILABLE")
        })
        .filter_map(|ext| match ext.get("retryAfter") {
            Some(Value::Number(n)) => n.as_u64(),
            _ => None,
        })
        .max()
}

/// A GraphQL-shaped error for a request the HTTP layer refused: `status` always (the request
/// was not well-formed), in the media type the client accepts.
pub fn http_error(media: MediaType, status: StatusCode, message: &str, code: &str) -> Response {
    let body =
        serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (
        status,
        [(header::CONTENT_TYPE, media.content_type())],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Option<MediaType> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_str(value).expect("header"),
        );
        MediaType::negotiate(&headers)
    }

    #[test]
    fn the_preferred_accepted_type_is_chosen() {
        use MediaType::{GraphqlResponseJson, Json};
        assert_eq!(MediaType::negotiate(&HeaderMap::new()), Some(Json));
        assert_eq!(accept("application/json"), Some(Json));
        assert_eq!(
            accept("application/graphql-response+json, application/json;q=0.9"),
            Some(GraphqlResponseJson)
        );
        assert_eq!(
            accept("application/json, application/graphql-response+json;q=0.5"),
            Some(Json)
        );
        assert_eq!(accept("application/json, text/plain, */*"), Some(Json));
        assert_eq!(accept("*/*"), Some(Json));
        assert_eq!(accept("text/html, application/json;q=0"), None);
        assert_eq!(accept("text/html"), None);
    }
}

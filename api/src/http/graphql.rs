//! `POST /graphql`, `GET /graphql` (GraphiQL, or queries), and `GET /schema.graphql`.

use async_graphql::Executor as _;
use async_graphql::parser::types::OperationType;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use std::net::SocketAddr;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::ORGANIZATION_HEADER;
use super::media::{self, MediaType};
use crate::auth::client::{ClientIp, Peer};
use crate::auth::{Auth, Checking};
use crate::graphql::unit::Reads;
use crate::state::AppState;

/// A GraphQL-shaped error response, as `application/json`, for failures outside GraphQL
/// (a panic, a timeout).
pub fn error_response(status: StatusCode, message: &str, code: &str) -> Response {
    media::http_error(MediaType::Json, status, message, code)
}

pub async fn post(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(media) = MediaType::negotiate(&headers) else {
        return not_acceptable();
    };
    // Only JSON: a browser sends text/plain, form and multipart bodies cross-site without a
    // CORS preflight, so accepting them would let any page act as its visitor.
    if !is_json(&headers) {
        return media::http_error(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the GraphQL request as JSON (Content-Type: application/json)",
            "BAD_REQUEST",
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return body_refused(media, &rejection),
    };
    // One operation per request: a JSON array (a batch) is refused here.
    match serde_json::from_slice::<async_graphql::Request>(&body) {
        Ok(request)
            if request.query.is_empty() && !request.extensions.0.contains_key("persistedQuery") =>
        {
            no_query(media)
        }
        Ok(request) => execute(&state, peer, &headers, media, request).await,
        Err(error) => media::http_error(
            media,
            StatusCode::BAD_REQUEST,
            &format!("the body must be one GraphQL request as JSON: {error}"),
            "BAD_REQUEST",
        ),
    }
}

fn no_query(media: MediaType) -> Response {
    media::http_error(
        media,
        StatusCode::BAD_REQUEST,
        "the request has no query",
        "BAD_REQUEST",
    )
}

/// `error` as a GraphQL response to a request refused before execution.
fn refused(media: MediaType, error: async_graphql::ServerError) -> Response {
    let response = async_graphql::Response::from_errors(vec![error]);
    media::render(media, &crate::graphql::gateway::classified(response))
}

fn not_acceptable() -> Response {
    media::http_error(
        MediaType::Json,
        StatusCode::NOT_ACCEPTABLE,
        &format!(
            "GraphQL responses are {} or application/json; accept one of them",
            media::GRAPHQL_RESPONSE_JSON
        ),
        "BAD_REQUEST",
    )
}

/// The body could not be read: too large (413), or the connection failed.
fn body_refused(media: MediaType, rejection: &BytesRejection) -> Response {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        media::http_error(
            media,
            status,
            &format!(
                "the request body is larger than {} bytes",
                super::MAX_BODY_BYTES
            ),
            "PAYLOAD_TOO_LARGE",
        )
    } else {
        media::http_error(media, status, &rejection.body_text(), "BAD_REQUEST")
    }
}

/// Whether the request says its body is JSON (`application/json` or
/// `application/graphql-response+json`, parameters such as `charset` allowed).
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    ["application/json", "application/graphql-response+json"]
        .iter()
        .any(|accepted| essence.eq_ignore_ascii_case(accepted))
}

/// Without a query string this serves GraphiQL; with one it runs a query. Mutations must use
/// POST, so a link or an image tag cannot change data.
pub async fn get(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return super::graphiql::page();
    };
    let Some(media) = MediaType::negotiate(&headers) else {
        return not_acceptable();
    };
    let mut request = match request_from_query_string(&query) {
        Ok(request) => request,
        Err(message) => {
            return media::http_error(media, StatusCode::BAD_REQUEST, &message, "BAD_REQUEST");
        }
    };
    // GET finds a persisted document and runs the text checks itself: it parses the
    // document before execution would.
    if let Err(error) = state.gateway.persisted().resolve(&mut request).await {
        return refused(media, error);
    }
    if request.query.is_empty() {
        return no_query(media);
    }
    if let Err(message) = state.document_limits.check_text(&request.query) {
        return refused(media, async_graphql::ServerError::new(message, None));
    }
    if !runs_a_query(&mut request) {
        let mut response = media::http_error(
            media,
            StatusCode::METHOD_NOT_ALLOWED,
            "only queries may be sent with GET; send mutations and subscriptions with POST or WebSocket",
            "BAD_REQUEST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, axum::http::HeaderValue::from_static("POST"));
        return response;
    }
    execute(&state, peer, &headers, media, request).await
}

/// The parameters of a GraphQL GET request, as GraphQL over HTTP names them.
#[derive(serde::Deserialize)]
struct GetParams {
    /// Absent when `extensions` names a persisted query.
    #[serde(default)]
    query: String,
    // async-graphql's own parser reads only `operation_name`, so `operationName` (what
    // clients send) was ignored.
    #[serde(rename = "operationName", alias = "operation_name")]
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

fn request_from_query_string(query: &str) -> Result<async_graphql::Request, String> {
    let params: GetParams = axum::extract::Query::try_from_uri(
        &format!("/graphql?{query}")
            .parse()
            .map_err(|_| "the query string is not valid".to_owned())?,
    )
    .map(|axum::extract::Query(params)| params)
    .map_err(|error| error.body_text())?;
    let mut request = async_graphql::Request::new(params.query);
    if let Some(name) = params.operation_name.filter(|n| !n.is_empty()) {
        request = request.operation_name(name);
    }
    if let Some(variables) = params.variables.filter(|v| !v.is_empty()) {
        let variables: serde_json::Value = serde_json::from_str(&variables)
            .map_err(|error| format!("invalid variables: {error}"))?;
        request = request.variables(async_graphql::Variables::from_json(variables));
    }
    if let Some(extensions) = params.extensions.filter(|e| !e.is_empty()) {
        request.extensions = serde_json::from_str(&extensions)
            .map_err(|error| format!("invalid extensions: {error}"))?;
    }
    Ok(request)
}

/// Whether executing `request` could run anything but a query. The document is parsed once
/// here and kept in the request for execution; the operation is chosen as execution chooses
/// it. Documents that do not parse, or select no operation, pass: execution refuses them
/// without running anything.
fn runs_a_query(request: &mut async_graphql::Request) -> bool {
    let operation_name = request.operation_name.clone();
    let Ok(document) = request.parsed_query() else {
        return true;
    };
    crate::graphql::operation::selected(document, operation_name.as_deref())
        .is_none_or(|operation| operation.node.ty == OperationType::Query)
}

async fn execute(
    state: &AppState,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    media: MediaType,
    request: async_graphql::Request,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let organization = headers
        .get(ORGANIZATION_HEADER)
        .and_then(|v| v.to_str().ok());
    let auth = Auth::establish(
        &state.services,
        authorization,
        organization,
        Checking::Request,
    )
    .await;
    let span = tracing::Span::current();
    if let Some(user) = auth.user_id() {
        span.record("user_id", tracing::field::display(user));
    }
    if let Some(org) = auth.org_id() {
        span.record("org_id", tracing::field::display(org));
    }
    let ip = ClientIp::from_request(peer, headers, state.services.trusted_proxy_hops);
    let (request, unit) =
        crate::graphql::context::attach(request, &state.services, auth, Reads::Shared);
    let response = state.gateway.execute(request.data(ip)).await;
    if let Some(unit) = unit {
        unit.finish().await;
    }
    media::render(media, &response)
}

pub async fn sdl() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        crate::graphql::sdl(),
    )
}

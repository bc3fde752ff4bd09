//! `POST /graphql`, `GET /graphql` (GraphiQL, or queries), and `GET /schema.graphql`.

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::{DocumentOperations, OperationType};
use axum::Json;
use axum::body::Bytes;
use std::net::SocketAddr;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::ORGANIZATION_HEADER;
use crate::auth::Auth;
use crate::auth::client::{ClientIp, Peer};
use crate::state::AppState;

/// A GraphQL-shaped error response for failures before execution.
pub fn error_response(status: StatusCode, message: &str, code: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}

pub async fn post(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // One operation per request: a JSON array (a batch) is refused here.
    match serde_json::from_slice::<async_graphql::Request>(&body) {
        Ok(request) => execute(&state, peer, &headers, request).await,
        Err(error) => error_response(
            StatusCode::BAD_REQUEST,
            &format!("the body must be one GraphQL request as JSON: {error}"),
            "BAD_USER_INPUT",
        ),
    }
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
        return Html(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .subscription_endpoint("/graphql/ws")
                .finish(),
        )
        .into_response();
    };
    let request = match async_graphql::http::parse_query_string(&query) {
        Ok(request) => request,
        Err(error) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                &error.to_string(),
                "BAD_USER_INPUT",
            );
        }
    };
    if !is_query(&request) {
        return error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "only queries may be sent with GET; send mutations and subscriptions with POST or WebSocket",
            "BAD_USER_INPUT",
        );
    }
    execute(&state, peer, &headers, request).await
}

/// Whether the operation the request selects is a query (unparsable documents pass: execution
/// reports their syntax error).
fn is_query(request: &async_graphql::Request) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return true;
    };
    let kind = match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(operation), _) => Some(operation.node.ty),
        (DocumentOperations::Multiple(operations), Some(name)) => {
            operations.get(name).map(|op| op.node.ty)
        }
        (DocumentOperations::Multiple(operations), None) => {
            if operations
                .values()
                .all(|op| op.node.ty == OperationType::Query)
            {
                Some(OperationType::Query)
            } else {
                None
            }
        }
    };
    kind.is_none_or(|kind| kind == OperationType::Query)
}

async fn execute(
    state: &AppState,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    request: async_graphql::Request,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let organization = headers
        .get(ORGANIZATION_HEADER)
        .and_then(|v| v.to_str().ok());
    let auth = Auth::establish(&state.services, authorization, organization).await;
    let span = tracing::Span::current();
    if let Some(user) = auth.user_id() {
        span.record("user_id", tracing::field::display(user));
    }
    if let Some(org) = auth.org_id() {
        span.record("org_id", tracing::field::display(org));
    }
    let ip = ClientIp::from_request(peer, headers, state.services.trusted_proxy_hops);
    let request = crate::graphql::context::attach(request, &state.services, auth).data(ip);
    Json(state.schema.execute(request).await).into_response()
}

pub async fn sdl() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        crate::graphql::sdl(),
    )
}

//! `/graphql/ws`: subscriptions over graphql-transport-ws (and the legacy graphql-ws).
//! Credentials come once, in `connection_init`: `{ authorization, organizationId }`.

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use serde_json::Value;

use crate::auth::Auth;
use crate::state::AppState;

pub async fn upgrade(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let services = state.services.clone();
            GraphQLWebSocket::new(socket, state.schema.clone(), protocol)
                .on_connection_init(move |payload: Value| async move {
                    let text =
                        |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
                    let authorization = text("authorization").or_else(|| text("Authorization"));
                    let organization = text("organizationId");
                    let auth = Auth::establish(
                        &services,
                        authorization.as_deref(),
                        organization.as_deref(),
                    )
                    .await;
                    if auth.user_id().is_none() {
                        return Err(async_graphql::Error::new(
                            "a valid access token is required in connection_init",
                        ));
                    }
                    let mut data = Data::default();
                    data.insert(auth);
                    Ok(data)
                })
                .serve()
                .await;
        })
}

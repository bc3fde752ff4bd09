//! `/graphql/ws`: subscriptions over graphql-transport-ws (and the legacy graphql-ws).
//! Credentials come once, in `connection_init`: `{ authorization, organizationId }`.
//! On shutdown every connection is closed politely (1001, going away) so clients reconnect
//! to another replica.

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, WebSocket, close_code};
use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use futures::{SinkExt as _, StreamExt as _};
use serde_json::Value;

use crate::auth::Auth;
use crate::state::AppState;

pub async fn upgrade(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let tracker = state.connections.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| tracker.track_future(serve(state, protocol, socket)))
}

async fn serve(state: AppState, protocol: GraphQLProtocol, socket: WebSocket) {
    let (mut socket_sink, socket_stream) = socket.split();
    // GraphQL writes into a channel we drain, so the socket is still ours to close at the end.
    let (outgoing, mut outgoing_rx) = futures::channel::mpsc::channel::<Message>(16);
    let incoming = socket_stream.take_until(state.shutdown.clone().cancelled_owned());
    let services = state.services.clone();
    let graphql =
        GraphQLWebSocket::new_with_pair(outgoing, incoming, state.schema.clone(), protocol)
            .on_connection_init(move |payload: Value| async move {
                let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
                let authorization = text("authorization").or_else(|| text("Authorization"));
                let organization = text("organizationId");
                let auth =
                    Auth::establish(&services, authorization.as_deref(), organization.as_deref())
                        .await;
                if !auth.is_authenticated() {
                    return Err(async_graphql::Error::new(
                        "a valid access token or API key is required in connection_init",
                    ));
                }
                Ok(crate::graphql::context::connection_data(&services, auth))
            })
            .serve();
    let forward = async {
        while let Some(message) = outgoing_rx.next().await {
            if socket_sink.send(message).await.is_err() {
                break;
            }
        }
    };
    tokio::join!(graphql, forward);
    if state.shutdown.is_cancelled() {
        let close = CloseFrame {
            code: close_code::AWAY,
            reason: "server shutting down".into(),
        };
        let _ = socket_sink.send(Message::Close(Some(close))).await;
    }
    let _ = socket_sink.close().await;
}

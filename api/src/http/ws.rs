//! `/graphql/ws`: subscriptions over graphql-transport-ws (and the legacy graphql-ws).
//! Credentials come once, in `connection_init`: `{ authorization, organizationId }`, and are
//! checked again for every operation and whenever the organization's access changes; when
//! they no longer hold, the connection closes with 4401 (unauthenticated) or 4403
//! (forbidden). On shutdown every connection is closed politely (1001, going away) so
//! clients reconnect to another replica.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::{CloseFrame, Message, WebSocket, close_code};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use futures::{SinkExt as _, StreamExt as _};
use serde_json::Value;
use tokio::sync::{oneshot, watch};

use crate::auth::client::{ClientIp, Peer};
use crate::auth::socket::SocketSession;
use crate::auth::{Auth, Withdrawn};
use crate::graphql::gateway::SocketSlot;
use crate::state::AppState;

pub async fn upgrade(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let tracker = state.connections.clone();
    let ip = ClientIp::from_request(peer, &headers, state.services.trusted_proxy_hops);
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| tracker.track_future(serve(state, protocol, socket, ip)))
}

async fn serve(state: AppState, protocol: GraphQLProtocol, socket: WebSocket, ip: ClientIp) {
    let (mut socket_sink, socket_stream) = socket.split();
    let (withdrawn, mut withdrawn_rx) = watch::channel(None::<Withdrawn>);
    let (established, established_rx) = oneshot::channel::<(Arc<SocketSession>, Auth)>();
    // GraphQL writes into a channel we drain, so the socket is still ours to close at the end.
    let (outgoing, mut outgoing_rx) = futures::channel::mpsc::channel::<Message>(16);
    let stop = {
        let shutdown = state.shutdown.clone();
        let mut withdrawn_rx = withdrawn_rx.clone();
        async move {
            tokio::select! {
                () = shutdown.cancelled() => {}
                _ = withdrawn_rx.wait_for(Option::is_some) => {}
            }
        }
    };
    let operations = Operations::default();
    let incoming = {
        let operations = operations.clone();
        socket_stream
            .inspect(move |message| {
                if let Ok(Message::Text(text)) = message {
                    operations.client_sent(text.as_str());
                }
            })
            .take_until(Box::pin(stop))
    };
    let services = state.services.clone();
    let slot = SocketSlot::default();
    let gateway = state.gateway.for_socket(slot.clone());
    let graphql = GraphQLWebSocket::new_with_pair(outgoing, incoming, gateway, protocol)
        .on_connection_init(move |payload: Value| async move {
            let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
            let session = Arc::new(SocketSession::new(
                services,
                text("authorization")
                    .or_else(|| text("Authorization"))
                    .map(with_scheme),
                text("organizationId"),
                ip,
                withdrawn,
            ));
            let (auth, _) = session.authorize().await;
            if let Auth::Limited { retry_after_secs } = auth {
                return Err(async_graphql::Error::new(format!(
                    "too many requests; try again in {retry_after_secs} s"
                )));
            }
            if let Some(refusal) = refusal(&auth) {
                return Err(async_graphql::Error::new(refusal));
            }
            let _ = slot.set(session.clone());
            let _ = established.send((session, auth));
            Ok(async_graphql::Data::default())
        })
        .serve();
    let guard = async {
        match established_rx.await {
            Ok((session, auth)) => session.guard(&auth).await,
            // The connection ended before it was established: nothing to watch.
            Err(_) => std::future::pending().await,
        }
    };
    let mut close_sent = false;
    {
        let forward = async {
            while let Some(message) = outgoing_rx.next().await {
                let message = match message {
                    // The protocol layer closes with its own code when `connection_init`
                    // fails; say why in graphql-transport-ws terms instead.
                    Message::Close(frame) => {
                        close_sent = true;
                        match *withdrawn_rx.borrow() {
                            // The code says which; the protocol's reason says why.
                            Some(reason) => Message::Close(Some(CloseFrame {
                                code: reason.close_code(),
                                reason: frame
                                    .map(|f| f.reason)
                                    .filter(|text| !text.is_empty())
                                    .unwrap_or_else(|| reason.reason().into()),
                            })),
                            None => Message::Close(frame),
                        }
                    }
                    Message::Text(text) => match operations.server_sent(text.as_str()) {
                        Outgoing::Send => Message::Text(text),
                        Outgoing::Replace(replaced) => Message::Text(replaced.into()),
                        Outgoing::Drop => continue,
                    },
                    other => other,
                };
                if socket_sink.send(message).await.is_err() {
                    break;
                }
            }
        };
        let session = async { tokio::join!(graphql, forward) };
        tokio::pin!(session);
        tokio::select! {
            _ = &mut session => {}
            () = guard => { session.await; }
        }
    }
    let reason = *withdrawn_rx.borrow_and_update();
    if reason.is_some() && !close_sent {
        // Access ended: every operation still running completes before the connection closes.
        for id in operations.take_running() {
            let complete = serde_json::json!({ "type": "complete", "id": id }).to_string();
            let _ = socket_sink.send(Message::Text(complete.into())).await;
        }
    }
    if !close_sent {
        let close = if state.shutdown.is_cancelled() {
            Some(Message::Close(Some(CloseFrame {
                code: close_code::AWAY,
                reason: "server shutting down".into(),
            })))
        } else {
            reason.map(close_message)
        };
        if let Some(close) = close {
            let _ = socket_sink.send(close).await;
        }
    }
    let _ = socket_sink.close().await;
}

/// `connection_init`'s `authorization`, with the `Bearer` scheme added when a client sent the
/// bare token (as many graphql-ws examples do).
fn with_scheme(authorization: String) -> String {
    if authorization.trim().contains(' ') {
        authorization
    } else {
        format!("Bearer {}", authorization.trim())
    }
}

/// Why `connection_init` is refused, said so the client knows what to fix (a close reason
/// holds at most 123 bytes).
fn refusal(auth: &Auth) -> Option<&'static str> {
    match auth {
        Auth::Anonymous => Some(
            "no authorization in connection_init: send {authorization: \"Bearer <token>\", organizationId}",
        ),
        Auth::Rejected => {
            Some("the token in connection_init is invalid or expired: refresh it and reconnect")
        }
        _ => match auth.withdrawn() {
            Some(Withdrawn::Forbidden) => Some(
                "organizationId in connection_init is not an organization of these credentials",
            ),
            Some(Withdrawn::Unauthenticated) => {
                Some("the credentials in connection_init are no longer valid")
            }
            None if !auth.is_authenticated() => Some("connection_init needs a valid token"),
            None => None,
        },
    }
}

fn close_message(reason: Withdrawn) -> Message {
    Message::Close(Some(CloseFrame {
        code: reason.close_code(),
        reason: reason.reason().into(),
    }))
}

/// The ids of the operations running on a connection, as the protocol messages say, and
/// those refused before execution whose `complete` is not sent.
#[derive(Clone, Default)]
struct Operations(Arc<Mutex<Ids>>);

#[derive(Default)]
struct Ids {
    running: HashSet<String>,
    refused: HashSet<String>,
}

/// What to do with a message the protocol layer sends.
enum Outgoing {
    Send,
    Replace(String),
    Drop,
}

impl Operations {
    fn ids(&self) -> std::sync::MutexGuard<'_, Ids> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn client_sent(&self, text: &str) {
        let Some((kind, id)) = kind_and_id(text) else {
            return;
        };
        let mut ids = self.ids();
        match kind.as_str() {
            "subscribe" | "start" => ids.running.insert(id),
            "complete" | "stop" => ids.running.remove(&id),
            _ => false,
        };
    }

    /// Notes operations ending. An operation refused before execution (a `next` without data
    /// whose errors belong to no field) becomes the `error` message graphql-transport-ws has
    /// for it, which ends the operation: its `complete` is not sent.
    fn server_sent(&self, text: &str) -> Outgoing {
        if let Some((id, error)) = refusal_as_error(text) {
            let mut ids = self.ids();
            ids.running.remove(&id);
            ids.refused.insert(id);
            return Outgoing::Replace(error);
        }
        let Some((kind, id)) = kind_and_id(text) else {
            return Outgoing::Send;
        };
        if matches!(kind.as_str(), "complete" | "error") {
            let mut ids = self.ids();
            ids.running.remove(&id);
            if kind == "complete" && ids.refused.remove(&id) {
                return Outgoing::Drop;
            }
        }
        Outgoing::Send
    }

    fn take_running(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.ids().running.drain().collect();
        ids.sort();
        ids
    }
}

/// `text` as a graphql-transport-ws `error` message, when it is a `next` answering an
/// operation that was refused before execution: no data, and no error with a path.
fn refusal_as_error(text: &str) -> Option<(String, String)> {
    // Cheap test first: events are `next` messages with data.
    if !text.contains(r#""payload":{"data":null,"errors":"#) || !text.contains(r#""type":"next""#) {
        return None;
    }
    let mut message: Value = serde_json::from_str(text).ok()?;
    let id = message.get("id")?.as_str()?.to_owned();
    let errors = message.get_mut("payload")?.get_mut("errors")?.take();
    let refused = errors
        .as_array()
        .is_some_and(|errors| errors.iter().all(|error| error.get("path").is_none()));
    refused.then(|| {
        let error = serde_json::json!({ "id": id, "type": "error", "payload": errors });
        (id, error.to_string())
    })
}

fn kind_and_id(text: &str) -> Option<(String, String)> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(rename = "type")]
        kind: String,
        id: Option<String>,
    }
    let envelope: Envelope = serde_json::from_str(text).ok()?;
    Some((envelope.kind, envelope.id?))
}

//! A graphql-transport-ws client.

use std::time::Duration;

use futures::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::TestApp;

pub struct WsClient {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// The close code, once the server closed the connection.
    closed: Option<u16>,
    /// The close frame's reason, once the server closed the connection.
    pub close_reason: String,
}

impl TestApp {
    /// Opens `/graphql/ws` and sends `connection_init` with `payload`; returns the client and
    /// the server's first answer (`connection_ack`, or `None` when it closed the connection).
    pub async fn ws_connect(&self, payload: Value) -> (WsClient, Option<Value>) {
        let mut request = format!("ws://127.0.0.1:{}/graphql/ws", self.port)
            .into_client_request()
            .expect("request");
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().expect("header"),
        );
        // Without Nagle's algorithm, as browsers connect: each frame leaves when it is sent.
        let (socket, _) = tokio_tungstenite::connect_async_with_config(request, None, true)
            .await
            .expect("WebSocket connects");
        let mut client = WsClient {
            socket,
            closed: None,
            close_reason: String::new(),
        };
        client
            .send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        let first = client.next(Duration::from_secs(5)).await;
        (client, first)
    }
}

impl WsClient {
    pub async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .expect("send");
    }

    pub async fn subscribe(&mut self, id: &str, query: &str) {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query } }))
            .await;
    }

    /// Runs one operation (a query or mutation) on the socket and returns the answer for it:
    /// the `next` (or `error`) message with `id`; `None` when the server closed the
    /// connection first. Messages of other operations are skipped.
    pub async fn request(&mut self, id: &str, query: &str, variables: Value) -> Option<Value> {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }))
            .await;
        loop {
            let message = self.next(Duration::from_secs(10)).await?;
            if message["id"] == id && (message["type"] == "next" || message["type"] == "error") {
                return Some(message);
            }
        }
    }

    /// Reads until the server closes; returns the close code.
    pub async fn close_frame(&mut self, wait: Duration) -> Option<u16> {
        if self.closed.is_some() {
            return self.closed;
        }
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .ok()??
            {
                Ok(Message::Close(frame)) => {
                    self.close_reason = frame
                        .as_ref()
                        .map(|f| f.reason.to_string())
                        .unwrap_or_default();
                    return frame.map(|f| u16::from(f.code));
                }
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }

    /// The next JSON message within `wait`, skipping pings; `None` on close or timeout.
    pub async fn next(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let message = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .ok()??
                .ok()?;
            match message {
                Message::Text(text) => {
                    let value: Value = serde_json::from_str(text.as_str()).ok()?;
                    if value["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return Some(value);
                }
                Message::Close(frame) => {
                    self.close_reason = frame
                        .as_ref()
                        .map(|f| f.reason.to_string())
                        .unwrap_or_default();
                    self.closed = frame.map(|f| u16::from(f.code));
                    return None;
                }
                _ => {}
            }
        }
    }
}

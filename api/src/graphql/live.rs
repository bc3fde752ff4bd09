//! Live updates: tenant events published after commit, fanned out through the bus (Redis
//! pub/sub across replicas), each subscriber reading only its own organization's channel.

use async_graphql::Context;
use entity::events::{TenantEvent, channel};
use entity::scope::{OrgId, TenantScope};
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::socket::AccessChanges;
use crate::graphql::context::ContextExt as _;

/// Publishes `event` to `org`'s subscribers. Call after the commit that caused it. A failure
/// costs live clients one update, never data, so it is logged rather than returned.
pub async fn publish(ctx: &Context<'_>, org: OrgId, event: &TenantEvent) {
    let payload = match serde_json::to_string(event) {
        Ok(payload) => payload,
        Err(error) => {
            tracing::error!(error = %error, "event serialization failed");
            return;
        }
    };
    if let Err(error) = ctx.services().bus.publish(&channel(org), &payload).await {
        tracing::warn!(error = format!("{error:#}"), org_id = %org, "event publish failed");
    }
}

/// The events of the subscriber's organization from now on that they may see. The stream
/// ends when their access changes (removed, another role, other locations, key revoked), or
/// when events were missed and it may have.
pub fn tenant_events(
    ctx: &Context<'_>,
    scope: &TenantScope,
) -> impl Stream<Item = TenantEvent> + use<> {
    let mut receiver = ctx.services().bus.subscribe(&channel(scope.org));
    let scope = scope.clone();
    // On a socket, the connection's own checks can end it too (see `SocketSession::guard`).
    let mut access_changes = ctx.data_opt::<AccessChanges>().cloned();
    async_stream::stream! {
        loop {
            let access_changed = async {
                match access_changes.as_mut() {
                    Some(changes) => changes.changed().await,
                    None => std::future::pending().await,
                }
            };
            let received = tokio::select! {
                () = access_changed => break,
                received = receiver.recv() => received,
            };
            match received {
                Ok(payload) => match serde_json::from_str::<TenantEvent>(&payload) {
                    Ok(event) if event.revokes(&scope) => break,
                    Ok(event) if event.visible_to(&scope) => yield event,
                    Ok(_) => {}
                    Err(error) => tracing::warn!(error = %error, "unreadable tenant event"),
                },
                // A skipped event may have changed this subscriber's access: end, so the
                // client subscribes again with what it may see now.
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "subscriber lagged; subscription ended");
                    break;
                }
                Err(RecvError::Closed) => break,
            }
        }
    }
}

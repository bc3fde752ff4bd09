//! Live updates: tenant events published after commit, fanned out through the bus (Redis
//! pub/sub across replicas), each subscriber reading only its own organization's channel.

use async_graphql::Context;
use entity::events::{TenantEvent, channel};
use entity::scope::{OrgId, TenantScope};
use std::time::Instant;

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

/// When the client asked for a subscription: the moment its `subscribe` message arrived.
/// Its events count from then, not from when the subscription was set up (which checks the
/// client's access first), so a change made right after subscribing is never missed.
#[derive(Clone, Copy)]
pub struct AskedAt(pub Instant);

/// The events of the subscriber's organization since they asked (see [`AskedAt`]) that they
/// may see. The stream ends when their access changes (removed, another role, other
/// locations, key revoked), or when events were missed and it may have.
pub fn tenant_events(
    ctx: &Context<'_>,
    scope: &TenantScope,
) -> impl Stream<Item = TenantEvent> + use<> {
    let bus = &ctx.services().bus;
    let channel = channel(scope.org);
    let (backlog, mut receiver) = match ctx.data_opt::<AskedAt>() {
        Some(AskedAt(asked)) => bus.subscribe_since(&channel, *asked),
        None => (Vec::new(), bus.subscribe(&channel)),
    };
    let scope = scope.clone();
    // On a socket, the connection's own checks can end it too (see `SocketSession::guard`).
    let mut access_changes = ctx.data_opt::<AccessChanges>().cloned();
    async_stream::stream! {
        for payload in backlog {
            match read(&payload, &scope) {
                Read::Revokes => return,
                Read::Visible(event) => yield event,
                Read::Hidden => {}
            }
        }
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
                Ok(payload) => match read(&payload, &scope) {
                    Read::Revokes => break,
                    Read::Visible(event) => yield event,
                    Read::Hidden => {}
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

/// What a published event means to one subscriber.
enum Read {
    /// It changed their access: the subscription ends.
    Revokes,
    Visible(TenantEvent),
    /// Not theirs to see, or unreadable.
    Hidden,
}

fn read(payload: &str, scope: &TenantScope) -> Read {
    match serde_json::from_str::<TenantEvent>(payload) {
        Ok(event) if event.revokes(scope) => Read::Revokes,
        Ok(event) if event.visible_to(scope) => Read::Visible(event),
        Ok(_) => Read::Hidden,
        Err(error) => {
            tracing::warn!(error = %error, "unreadable tenant event");
            Read::Hidden
        }
    }
}

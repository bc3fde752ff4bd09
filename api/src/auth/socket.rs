//! A WebSocket connection's credentials, re-checked for every operation started on it, on
//! every access change the organization announces, and every minute in case an announcement
//! was lost; so access ends on a socket when it would end over HTTP.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::events::{TenantEvent, channel};
use entity::scope::{Role, TenantScope};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;

use super::client::ClientIp;
use super::{Auth, Checking, Withdrawn};
use crate::state::Services;

/// How often an open connection's access is checked again without an announcement.
const RECHECK_EVERY: Duration = Duration::from_secs(60);

/// What `connection_init` presented, kept to authorize each operation afresh.
pub struct SocketSession {
    services: Arc<Services>,
    authorization: Option<String>,
    organization: Option<String>,
    ip: ClientIp,
    withdrawn: watch::Sender<Option<Withdrawn>>,
    /// Moves on whenever the connection's access changes (role, locations, membership).
    access_epoch: watch::Sender<u64>,
}

/// Handed to the operations of a socket: resolves once the connection's access has changed
/// since the operation was authorized, so a subscription made under the old access ends.
#[derive(Clone)]
pub struct AccessChanges(watch::Receiver<u64>);

impl AccessChanges {
    /// Resolves when access changes (or the connection is gone).
    pub async fn changed(&mut self) {
        let _ = self.0.changed().await;
    }
}

impl SocketSession {
    pub fn new(
        services: Arc<Services>,
        authorization: Option<String>,
        organization: Option<String>,
        ip: ClientIp,
        withdrawn: watch::Sender<Option<Withdrawn>>,
    ) -> Self {
        Self {
            services,
            authorization,
            organization,
            ip,
            withdrawn,
            access_epoch: watch::channel(0).0,
        }
    }

    pub fn services(&self) -> &Arc<Services> {
        &self.services
    }

    pub fn ip(&self) -> ClientIp {
        self.ip
    }

    /// The caller of an operation starting now, as an HTTP request with these credentials
    /// would be established, with what ends its subscriptions. When the credentials no longer
    /// hold, the connection is told to close.
    pub async fn authorize(&self) -> (Auth, AccessChanges) {
        // Watch before checking, so a change during the check is not missed.
        let changes = AccessChanges(self.access_epoch.subscribe());
        (self.check(Checking::SocketOperation).await, changes)
    }

    /// The server's own check of the connection (not counted against rate limits).
    async fn recheck(&self) -> Auth {
        self.check(Checking::SocketRecheck).await
    }

    async fn check(&self, checking: Checking) -> Auth {
        let auth = Auth::establish(
            &self.services,
            self.authorization.as_deref(),
            self.organization.as_deref(),
            checking,
        )
        .await;
        self.close_if_withdrawn(&auth);
        auth
    }

    fn close_if_withdrawn(&self, auth: &Auth) {
        if let Some(reason) = auth.withdrawn() {
            self.withdrawn.send_if_modified(|current| {
                if current.is_some() {
                    return false;
                }
                *current = Some(reason);
                true
            });
        }
    }

    /// Watches the credentials for as long as the connection lives: at their expiry, or when
    /// a check finds they no longer hold, the connection is told to close; when they hold with
    /// other access (another role, other locations), running subscriptions are ended. Returns
    /// once the connection has been told to close.
    pub async fn guard(&self, initial: &Auth) {
        let mut closed = self.withdrawn.subscribe();
        let mut events = initial
            .org_id()
            .map(|org| self.services.bus.subscribe(&channel(org)));
        let mut known = Known::of(initial);
        // Anything announced between the check at `connection_init` and subscribing above.
        let mut pending_check = true;
        loop {
            if pending_check {
                let auth = self.recheck().await;
                if auth.withdrawn().is_some() {
                    return;
                }
                if known.update(&auth) {
                    self.access_epoch.send_modify(|epoch| *epoch += 1);
                }
            }
            let deadline = known.expires_at;
            let until_expiry = async move {
                match deadline {
                    Some(at) => {
                        tokio::time::sleep((at - Utc::now()).to_std().unwrap_or_default()).await
                    }
                    None => std::future::pending().await,
                }
            };
            let scope = known.scope.clone();
            let access_change = async {
                let Some(events) = events.as_mut() else {
                    return std::future::pending().await;
                };
                loop {
                    match events.recv().await {
                        Ok(payload) => {
                            let Ok(event) = serde_json::from_str::<TenantEvent>(&payload) else {
                                continue;
                            };
                            if scope.as_ref().is_none_or(|scope| event.revokes(scope)) {
                                return;
                            }
                        }
                        // Missed events may have been access changes: check to be sure.
                        Err(RecvError::Lagged(_)) => return,
                        // The bus is gone: the periodic check carries on alone.
                        Err(RecvError::Closed) => std::future::pending::<()>().await,
                    }
                }
            };
            let closing = async {
                let _ = closed.wait_for(Option::is_some).await;
            };
            tokio::select! {
                () = closing => return,
                () = until_expiry => {
                    self.close_if_withdrawn(&Auth::Rejected);
                    return;
                }
                () = access_change => pending_check = true,
                () = tokio::time::sleep(RECHECK_EVERY) => pending_check = true,
            }
        }
    }
}

/// What the guard last found the connection may do.
struct Known {
    scope: Option<TenantScope>,
    expires_at: Option<DateTime<Utc>>,
}

impl Known {
    fn of(auth: &Auth) -> Self {
        Self {
            scope: auth.scope(Role::Viewer).ok(),
            expires_at: auth.expires_at(),
        }
    }

    /// Takes in a fresh check; returns whether the access differs from what was known. A
    /// check that could not complete (database or rate limit) changes nothing, and the
    /// expiry only ever comes closer.
    fn update(&mut self, auth: &Auth) -> bool {
        let expires_at = auth.expires_at();
        self.expires_at = match (self.expires_at, expires_at) {
            (Some(known), Some(new)) => Some(known.min(new)),
            (known, new) => known.or(new),
        };
        if !auth.is_conclusive() {
            return false;
        }
        let scope = auth.scope(Role::Viewer).ok();
        let changed = scope != self.scope;
        self.scope = scope;
        changed
    }
}

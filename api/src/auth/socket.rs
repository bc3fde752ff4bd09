//! A WebSocket connection's credentials, re-checked for every operation started on it and
//! whenever the organization announces an access change, so access ends on a socket exactly
//! when it would end over HTTP.

use std::sync::Arc;

use chrono::Utc;
use entity::events::{TenantEvent, channel};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;

use super::client::ClientIp;
use super::{Auth, Withdrawn};
use crate::state::Services;

/// What `connection_init` presented, kept to authorize each operation afresh.
pub struct SocketSession {
    services: Arc<Services>,
    authorization: Option<String>,
    organization: Option<String>,
    ip: ClientIp,
    withdrawn: watch::Sender<Option<Withdrawn>>,
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
        }
    }

    pub fn services(&self) -> &Arc<Services> {
        &self.services
    }

    pub fn ip(&self) -> ClientIp {
        self.ip
    }

    /// The caller as an HTTP request with these credentials would be established now. When
    /// the credentials no longer hold, the connection is told to close.
    pub async fn authorize(&self) -> Auth {
        let auth = Auth::establish(
            &self.services,
            self.authorization.as_deref(),
            self.organization.as_deref(),
        )
        .await;
        if let Some(withdrawn) = auth.withdrawn() {
            self.withdraw(withdrawn);
        }
        auth
    }

    /// Asks the connection to close for `reason` (the first reason given wins).
    pub fn withdraw(&self, reason: Withdrawn) {
        self.withdrawn.send_if_modified(|current| {
            if current.is_some() {
                return false;
            }
            *current = Some(reason);
            true
        });
    }

    /// Watches the credentials for as long as the connection lives: at their expiry, or when
    /// an access change in the organization makes them fail, the connection is told to close.
    /// Returns once it has been.
    pub async fn guard(&self, initial: &Auth) {
        let mut closed = self.withdrawn.subscribe();
        let mut events = initial
            .org_id()
            .map(|org| self.services.bus.subscribe(&channel(org)));
        let mut expires_at = initial.expires_at();
        loop {
            let deadline = expires_at;
            let until_expiry = async move {
                match deadline {
                    Some(at) => {
                        let left = (at - Utc::now()).to_std().unwrap_or_default();
                        tokio::time::sleep(left).await;
                    }
                    None => std::future::pending().await,
                }
            };
            let access_change = async {
                let Some(events) = events.as_mut() else {
                    return std::future::pending().await;
                };
                loop {
                    match events.recv().await {
                        Ok(payload) => {
                            if let Ok(TenantEvent::AccessChanged { .. }) =
                                serde_json::from_str::<TenantEvent>(&payload)
                            {
                                return;
                            }
                        }
                        // Missed events may have been access changes: check to be sure.
                        Err(RecvError::Lagged(_)) => return,
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
                    self.withdraw(Withdrawn::Unauthenticated);
                    return;
                }
                () = access_change => {
                    let auth = self.authorize().await;
                    if auth.withdrawn().is_some() {
                        return;
                    }
                    expires_at = auth.expires_at();
                }
            }
        }
    }
}

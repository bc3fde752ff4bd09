//! What every request handler and resolver shares.

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use billing::StripeApi;
use entity::billing::Billing;
use platform::Bus;

use crate::auth::AccessTokens;
use crate::auth::limits::RateLimits;
use crate::graphql::gateway::Gateway;
use crate::graphql::limits::DocumentLimits;
use crate::metrics::Metrics;

/// Services reachable from resolvers (stored once in the schema's data).
pub struct Services {
    pub db: DatabaseConnection,
    pub bus: Bus,
    pub tokens: AccessTokens,
    pub limits: RateLimits,
    /// See `TRUSTED_PROXY_HOPS`.
    pub trusted_proxy_hops: usize,
    pub billing: Billing,
    /// The Stripe API, when billing is on.
    pub stripe: Option<StripeApi>,
    pub stripe_webhook_secrets: Vec<String>,
    /// The single-page app's base URL (return URLs of Checkout and the portal).
    pub app_url: String,
    /// What webhook URLs may reach.
    pub webhook_policy: platform::outbound::UrlPolicy,
}

/// Axum state: the services plus the HTTP-only parts.
#[derive(Clone)]
pub struct AppState {
    pub services: Arc<Services>,
    pub gateway: Gateway,
    pub metrics: Arc<Metrics>,
    /// Cancelled when the server is stopping; `/readyz` then answers 503.
    pub shutdown: CancellationToken,
    /// Open WebSocket connections, awaited (briefly) at shutdown.
    pub connections: TaskTracker,
    /// The document checks, for the HTTP layer to run before it parses a GET query.
    pub document_limits: DocumentLimits,
    /// The job loops of the worker running in this process, if one does (`/healthz`).
    pub worker: Option<worker::Health>,
}

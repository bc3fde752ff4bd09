//! What a resolver asks of its context: the services and the caller.

use std::sync::Arc;

use async_graphql::Context;
use entity::DomainError;
use entity::scope::{Role, TenantScope, TenantTx, UserId};

use async_graphql::parser::types::OperationType;
use entity::audit::AuditEntry;
use entity::billing;

use crate::auth::Auth;
use crate::auth::client::ClientIp;
use crate::auth::socket::SocketSession;
use crate::graphql::loaders::{Reuse, TenantLoaders};
use crate::graphql::unit::{ReadTx, Reads, TenantUnit};
use crate::state::Services;

pub trait ContextExt {
    fn services(&self) -> &Services;

    /// # Errors
    /// `UNAUTHENTICATED` without a valid access token.
    fn user(&self) -> Result<UserId, DomainError>;

    /// The single authorization check: the caller's scope when their role is at least `least`.
    ///
    /// # Errors
    /// See [`Auth::access`] and [`TenantUnit::scope`].
    fn scope(&self, least: Role) -> impl Future<Output = Result<TenantScope, DomainError>> + Send;

    /// The request's DataLoaders, when an organization is selected.
    ///
    /// # Errors
    /// As [`Auth::access`].
    fn loaders(&self) -> Result<&TenantLoaders, DomainError>;

    /// Authorizes and opens a transaction on the caller's organization, for a change.
    ///
    /// # Errors
    /// As [`ContextExt::scope`], or when the transaction cannot begin.
    fn tenant_tx(
        &self,
        least: Role,
    ) -> impl Future<Output = Result<(TenantScope, TenantTx), DomainError>> + Send;

    /// Authorizes and returns the transaction to read in (a query's is shared by the whole
    /// request: drop it before using a DataLoader).
    ///
    /// # Errors
    /// As [`ContextExt::scope`], or when the transaction cannot begin.
    fn reader(&self, least: Role) -> impl Future<Output = Result<ReadTx, DomainError>> + Send;

    /// The caller's address, when known.
    fn client_ip(&self) -> ClientIp;

    /// The audit entry of the mutation being resolved (action: the mutation's name, summary:
    /// its arguments without secrets); `None` outside a mutation's own resolver.
    fn audit_entry(&self, scope: &TenantScope) -> Option<AuditEntry>;
}

const ANONYMOUS: Auth = Auth::Anonymous;

/// Changes a read-only organization still accepts: paying, and taking access away.
const ALLOWED_WHILE_READ_ONLY: [&str; 9] = [
    "createCheckoutSession",
    "createBillingPortalSession",
    "deleteWebhookEndpoint",
    "disableWebhookEndpoint",
    "leaveOrganization",
    "removeMember",
    "revokeApiKey",
    "revokeInvitation",
    "setLowStockAlerts",
];

// What every request and WebSocket connection carries: the caller and, when an organization
// is selected, its loaders.

fn with_unit(
    request: async_graphql::Request,
    services: &Services,
    auth: &Auth,
    reads: Reads,
    reuse: Reuse,
) -> (async_graphql::Request, Option<Arc<TenantUnit>>) {
    let Ok(access) = auth.access() else {
        return (request, None);
    };
    let unit = Arc::new(TenantUnit::new(&services.db, access, reads));
    let loaders = TenantLoaders::new(unit.clone(), reuse);
    (request.data(unit.clone()).data(loaders), Some(unit))
}

/// An HTTP request: a query reads through one transaction, which the caller ends with
/// [`TenantUnit::finish`] once the response is complete.
pub fn attach(
    request: async_graphql::Request,
    services: &Services,
    auth: Auth,
    reads: Reads,
) -> (async_graphql::Request, Option<Arc<TenantUnit>>) {
    let (request, unit) = with_unit(request, services, &auth, reads, Reuse::WithinRequest);
    (request.data(auth), unit)
}

/// An operation on a WebSocket: its loaders read fresh rows, since a subscription lives long.
pub fn attach_socket(
    request: async_graphql::Request,
    session: &SocketSession,
    auth: Auth,
) -> async_graphql::Request {
    let services = session.services();
    let (request, _) = with_unit(request, services, &auth, Reads::Separate, Reuse::Never);
    request.data(auth).data(session.ip())
}

fn unit<'a>(ctx: &'a Context<'_>) -> Result<&'a TenantUnit, DomainError> {
    match ctx.data_opt::<Arc<TenantUnit>>() {
        Some(unit) => Ok(unit),
        None => Err(auth(ctx).access().err().unwrap_or_else(|| {
            DomainError::Internal("no unit of work in this context".to_owned())
        })),
    }
}

fn auth<'a>(ctx: &'a Context<'_>) -> &'a Auth {
    ctx.data_opt::<Auth>().unwrap_or(&ANONYMOUS)
}

impl ContextExt for Context<'_> {
    fn services(&self) -> &Services {
        self.data_unchecked::<std::sync::Arc<Services>>()
    }

    fn user(&self) -> Result<UserId, DomainError> {
        auth(self).user()
    }

    async fn scope(&self, least: Role) -> Result<TenantScope, DomainError> {
        unit(self)?.scope(least).await
    }

    fn loaders(&self) -> Result<&TenantLoaders, DomainError> {
        unit(self)?;
        self.data_opt::<TenantLoaders>()
            .ok_or_else(|| DomainError::Internal("no loaders in this context".to_owned()))
    }

    async fn reader(&self, least: Role) -> Result<ReadTx, DomainError> {
        unit(self)?.read(least).await
    }

    async fn tenant_tx(&self, least: Role) -> Result<(TenantScope, TenantTx), DomainError> {
        let (scope, mut tx) = unit(self)?.begin(least).await?;
        // Every mutation that changes tenant data goes through here: its entry commits with it,
        // and an organization made read-only by an unpaid subscription refuses it.
        if let Some(entry) = self.audit_entry(&scope) {
            if !ALLOWED_WHILE_READ_ONLY.contains(&entry.action.as_str()) {
                billing::ensure_writable(&tx, &self.services().billing).await?;
            }
            tx.audit(entry);
        }
        Ok((scope, tx))
    }

    fn client_ip(&self) -> ClientIp {
        self.data_opt::<ClientIp>().copied().unwrap_or_default()
    }

    fn audit_entry(&self, scope: &TenantScope) -> Option<AuditEntry> {
        let is_mutation = self.query_env.operation.node.ty == OperationType::Mutation;
        let top_level = self.path_node.is_some_and(|node| node.parent.is_none());
        if !(is_mutation && top_level) {
            return None;
        }
        let field = self.field();
        let arguments: serde_json::Map<String, serde_json::Value> = field
            .arguments()
            .ok()?
            .into_iter()
            .map(|(name, value)| {
                let json = value.into_json().unwrap_or(serde_json::Value::Null);
                (name.to_string(), json)
            })
            .collect();
        // Updates and archives name their target `id`; creates set theirs once it exists.
        let target = arguments
            .get("id")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        let mut entry = AuditEntry::by(
            scope,
            field.name(),
            serde_json::Value::Object(arguments),
            self.client_ip().text(),
        );
        entry.target_id = target;
        Some(entry)
    }
}

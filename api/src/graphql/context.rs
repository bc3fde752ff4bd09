//! What a resolver asks of its context: the services and the caller.

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
use crate::state::Services;

pub trait ContextExt {
    fn services(&self) -> &Services;

    /// # Errors
    /// `UNAUTHENTICATED` without a valid access token.
    fn user(&self) -> Result<UserId, DomainError>;

    /// The single authorization check: the caller's scope when their role is at least `least`.
    ///
    /// # Errors
    /// See [`Auth::scope`].
    fn scope(&self, least: Role) -> Result<TenantScope, DomainError>;

    /// The request's DataLoaders, when an organization is selected.
    ///
    /// # Errors
    /// As [`ContextExt::scope`] for the viewer role.
    fn loaders(&self) -> Result<&TenantLoaders, DomainError>;

    /// Authorizes and opens a transaction on the caller's organization.
    ///
    /// # Errors
    /// As [`ContextExt::scope`], or when the transaction cannot begin.
    fn tenant_tx(
        &self,
        least: Role,
    ) -> impl Future<Output = Result<(TenantScope, TenantTx), DomainError>> + Send;

    /// The caller's address, when known.
    fn client_ip(&self) -> ClientIp;

    /// The audit entry of the mutation being resolved (action: the mutation's name, summary:
    /// its arguments without secrets); `None` outside a mutation's own resolver.
    fn audit_entry(&self, scope: &TenantScope) -> Option<AuditEntry>;
}

const ANONYMOUS: Auth = Auth::Anonymous;

/// Changes a read-only organization still accepts: paying, and taking access away.
const ALLOWED_WHILE_READ_ONLY: [&str; 7] = [
    "createCheckoutSession",
    "createBillingPortalSession",
    "leaveOrganization",
    "removeMember",
    "revokeApiKey",
    "revokeInvitation",
    "setLowStockAlerts",
];

// What every request and WebSocket connection carries: the caller and, when an organization
// is selected, its loaders.

fn loaders_for(services: &Services, auth: &Auth, reuse: Reuse) -> Option<TenantLoaders> {
    let scope = auth.scope(Role::Viewer).ok()?;
    Some(TenantLoaders::new(&services.db, scope, reuse))
}

pub fn attach(
    request: async_graphql::Request,
    services: &Services,
    auth: Auth,
) -> async_graphql::Request {
    let request = match loaders_for(services, &auth, Reuse::WithinRequest) {
        Some(loaders) => request.data(loaders),
        None => request,
    };
    request.data(auth)
}

/// An operation on a WebSocket: its loaders read fresh rows, since a subscription lives long.
pub fn attach_socket(
    request: async_graphql::Request,
    session: &SocketSession,
    auth: Auth,
) -> async_graphql::Request {
    let request = match loaders_for(session.services(), &auth, Reuse::Never) {
        Some(loaders) => request.data(loaders),
        None => request,
    };
    request.data(auth).data(session.ip())
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

    fn scope(&self, least: Role) -> Result<TenantScope, DomainError> {
        auth(self).scope(least)
    }

    fn loaders(&self) -> Result<&TenantLoaders, DomainError> {
        self.scope(Role::Viewer)?;
        self.data_opt::<TenantLoaders>()
            .ok_or_else(|| DomainError::Internal("no loaders in this context".to_owned()))
    }

    async fn tenant_tx(&self, least: Role) -> Result<(TenantScope, TenantTx), DomainError> {
        let scope = self.scope(least)?;
        let mut tx = TenantTx::begin(&self.services().db, &scope).await?;
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

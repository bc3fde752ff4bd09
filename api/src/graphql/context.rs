//! What a resolver asks of its context: the services and the caller.

use async_graphql::Context;
use entity::DomainError;
use entity::scope::{Role, TenantScope, TenantTx, UserId};

use crate::auth::Auth;
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

    /// Authorizes and opens a transaction on the caller's organization.
    ///
    /// # Errors
    /// As [`ContextExt::scope`], or when the transaction cannot begin.
    fn tenant_tx(
        &self,
        least: Role,
    ) -> impl Future<Output = Result<(TenantScope, TenantTx), DomainError>> + Send;
}

const ANONYMOUS: Auth = Auth::Anonymous;

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

    async fn tenant_tx(&self, least: Role) -> Result<(TenantScope, TenantTx), DomainError> {
        let scope = self.scope(least)?;
        let tx = TenantTx::begin(&self.services().db, &scope).await?;
        Ok((scope, tx))
    }
}

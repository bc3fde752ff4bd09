use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Object, Result};
use entity::audit::{self, AuditFilter};
use entity::scope::Role;
use entity::team;

use super::types::{ApiKey, AuditLogEntry, AuditLogFilter, Invitation};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::parse_optional_id;

#[derive(Default)]
pub struct TeamQuery;

#[Object]
impl TeamQuery {
    /// Invitations not yet accepted, withdrawn or expired. Needs the admin role.
    async fn invitations(&self, ctx: &Context<'_>) -> Result<Vec<Invitation>> {
        let tx = ctx.reader(Role::Admin).await?;
        let invitations = team::pending_invitations(&tx).await?;
        drop(tx);
        Ok(invitations.into_iter().map(Invitation).collect())
    }

    /// The organization's API keys, revoked ones included. Needs the admin role.
    async fn api_keys(&self, ctx: &Context<'_>) -> Result<Vec<ApiKey>> {
        let tx = ctx.reader(Role::Admin).await?;
        let keys = team::list_api_keys(&tx).await?;
        drop(tx);
        Ok(keys.into_iter().map(ApiKey).collect())
    }

    /// Who changed what, newest first (`first` at most 200). Needs the admin role.
    #[graphql(complexity = "first.unwrap_or(50).clamp(1, 200) as usize * child_complexity")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<AuditLogFilter>,
    ) -> Result<Connection<String, AuditLogEntry, EmptyFields, EmptyFields>> {
        let filter = filter.unwrap_or_default();
        let domain = AuditFilter {
            action: filter.action,
            actor_id: parse_optional_id("filter.actorId", filter.actor_id.as_ref())?,
            target_id: filter.target_id,
            from: filter.from,
            to: filter.to,
        };
        let first = u64::try_from(first.unwrap_or(50)).unwrap_or(1);
        let tx = ctx.reader(Role::Admin).await?;
        let page = audit::list(&tx, &domain, first, after.as_deref()).await?;
        drop(tx);
        let mut connection = Connection::new(after.is_some(), page.has_next_page);
        connection.edges.extend(
            page.entries
                .into_iter()
                .map(|entry| Edge::new(entry.id.to_string(), AuditLogEntry(entry))),
        );
        Ok(connection)
    }
}

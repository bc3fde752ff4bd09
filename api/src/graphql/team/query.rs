use async_graphql::{Context, Object, Result};
use entity::audit::{self, AuditFilter};
use entity::scope::Role;
use entity::team;

use super::types::{ApiKey, AuditLogEntry, AuditLogFilterInput, Invitation};
use crate::graphql::context::ContextExt as _;
use crate::graphql::paging::{Listing, connection};
use crate::graphql::scalars::parse_optional_id;
use entity::paging::Window;

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

    /// Who changed what, newest first (`first` or `last` at most 200). Needs the admin role.
    #[graphql(
        complexity = "first.or(last).unwrap_or(50).clamp(1, 200) as usize * child_complexity"
    )]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AuditLogFilterInput>,
    ) -> Result<Listing<AuditLogEntry>> {
        let filter = filter.unwrap_or_default();
        let domain = AuditFilter {
            action: filter.action,
            actor_id: parse_optional_id("filter.actorId", filter.actor_id.as_ref())?,
            target_id: filter.target_id,
            from: filter.from.map(|t| t.0),
            to: filter.to.map(|t| t.0),
        };
        let window = Window::new(first, after, last, before)?;
        let tx = ctx.reader(Role::Admin).await?;
        let page = audit::list(&tx, &domain, &window).await?;
        drop(tx);
        let entries = page.entries.map(|entry| {
            let cursor = entry.id.to_string();
            (entry, cursor)
        });
        Ok(connection(entries, page.total_count, AuditLogEntry))
    }
}

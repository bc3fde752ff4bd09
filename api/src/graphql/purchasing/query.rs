use async_graphql::{Context, ID, Object, Result};
use entity::paging::Window;
use entity::purchasing::{self, OrderFilter};
use entity::scope::Role;

use super::types::{PurchaseOrder, PurchaseOrderFilterInput, ReorderSuggestionGroup};
use crate::graphql::context::ContextExt as _;
use crate::graphql::paging::{Listing, connection};
use crate::graphql::scalars::{parse_id, parse_optional_id};

#[derive(Default)]
pub struct PurchasingQuery;

#[Object]
impl PurchasingQuery {
    /// Purchase orders, newest first (`first` or `last` at most 200). A location-restricted
    /// member sees the orders of their locations.
    #[graphql(
        complexity = "first.or(last).unwrap_or(50).clamp(1, 200) as usize * child_complexity"
    )]
    async fn purchase_orders(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<PurchaseOrderFilterInput>,
    ) -> Result<Listing<PurchaseOrder>> {
        let filter = filter.unwrap_or_default();
        let filter = OrderFilter {
            status: filter.status.map(Into::into),
            supplier_id: parse_optional_id("filter.supplierId", filter.supplier_id.as_ref())?,
            item_id: parse_optional_id("filter.itemId", filter.item_id.as_ref())?,
            from: filter.from.map(|t| t.0),
            to: filter.to.map(|t| t.0),
        };
        let window = Window::new(first, after, last, before)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let page = purchasing::list_orders(&tx, &filter, &window).await?;
        drop(tx);
        let rows = page.orders.map(|order| {
            let cursor = order.id.to_string();
            (order, cursor)
        });
        Ok(connection(rows, page.total_count, PurchaseOrder))
    }

    /// One purchase order.
    async fn purchase_order(&self, ctx: &Context<'_>, id: ID) -> Result<PurchaseOrder> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let order = purchasing::get_order(&tx, id).await?;
        drop(tx);
        Ok(PurchaseOrder(order))
    }

    /// Items to reorder at a location, by preferred supplier: those whose stock there plus
    /// what is on order, less the sales of their lead time, is at or below their reorder
    /// point. Not for location-restricted members (the sales rate is organization-wide).
    async fn reorder_suggestions(
        &self,
        ctx: &Context<'_>,
        location_id: ID,
    ) -> Result<Vec<ReorderSuggestionGroup>> {
        let location = parse_id("locationId", &location_id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let groups = purchasing::suggestions(&tx, location).await?;
        drop(tx);
        Ok(groups.into_iter().map(ReorderSuggestionGroup).collect())
    }
}

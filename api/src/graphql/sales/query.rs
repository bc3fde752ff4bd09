use async_graphql::{Context, ID, Object, Result};
use entity::paging::Window;
use entity::sales::{self, InvoiceFilter, OrderFilter};
use entity::scope::Role;

use super::invoice_types::{CustomerStatement, Invoice, InvoiceFilterInput};
use super::types::{SalesOrder, SalesOrderFilterInput, TaxRate};
use crate::graphql::context::ContextExt as _;
use crate::graphql::paging::{Listing, connection};
use crate::graphql::scalars::{Timestamp, parse_id, parse_optional_id};

#[derive(Default)]
pub struct SalesQuery;

#[Object]
impl SalesQuery {
    /// Sales orders, newest first (`first` or `last` at most 200). A location-restricted
    /// member sees the orders of their locations.
    #[graphql(
        complexity = "first.or(last).unwrap_or(50).clamp(1, 200) as usize * child_complexity"
    )]
    async fn sales_orders(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<SalesOrderFilterInput>,
    ) -> Result<Listing<SalesOrder>> {
        let filter = filter.unwrap_or_default();
        let filter = OrderFilter {
            status: filter.status.map(Into::into),
            customer_id: parse_optional_id("filter.customerId", filter.customer_id.as_ref())?,
            item_id: parse_optional_id("filter.itemId", filter.item_id.as_ref())?,
            from: filter.from.map(|t| t.0),
            to: filter.to.map(|t| t.0),
        };
        let window = Window::new(first, after, last, before)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let page = sales::list_orders(&tx, &filter, &window).await?;
        drop(tx);
        let rows = page.orders.map(|order| {
            let cursor = order.id.to_string();
            (order, cursor)
        });
        Ok(connection(rows, page.total_count, SalesOrder))
    }

    /// One sales order.
    async fn sales_order(&self, ctx: &Context<'_>, id: ID) -> Result<SalesOrder> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let order = sales::get_order(&tx, id).await?;
        drop(tx);
        Ok(SalesOrder(order))
    }

    /// Invoices and credit notes, newest first (`first` or `last` at most 200).
    #[graphql(
        complexity = "first.or(last).unwrap_or(50).clamp(1, 200) as usize * child_complexity"
    )]
    async fn invoices(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<InvoiceFilterInput>,
    ) -> Result<Listing<Invoice>> {
        let filter = filter.unwrap_or_default();
        let filter = InvoiceFilter {
            kind: filter.kind.map(Into::into),
            status: filter.status.map(Into::into),
            customer_id: parse_optional_id("filter.customerId", filter.customer_id.as_ref())?,
            sales_order_id: parse_optional_id(
                "filter.salesOrderId",
                filter.sales_order_id.as_ref(),
            )?,
        };
        let window = Window::new(first, after, last, before)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let page = sales::list_invoices(&tx, &filter, &window).await?;
        drop(tx);
        let rows = page.invoices.map(|invoice| {
            let cursor = invoice.id.to_string();
            (invoice, cursor)
        });
        Ok(connection(rows, page.total_count, Invoice))
    }

    /// One invoice or credit note.
    async fn invoice(&self, ctx: &Context<'_>, id: ID) -> Result<Invoice> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let invoice = sales::get_invoice(&tx, id).await?;
        drop(tx);
        Ok(Invoice(invoice))
    }

    /// The organization's tax rates by name.
    async fn tax_rates(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_archived: bool,
    ) -> Result<Vec<TaxRate>> {
        let tx = ctx.reader(Role::Viewer).await?;
        let rates = sales::list_tax_rates(&tx, include_archived).await?;
        drop(tx);
        Ok(rates.into_iter().map(TaxRate).collect())
    }

    /// A customer's invoices, credit notes and payments in `[from, to)` and the balance owed
    /// before and after. Not for members restricted to some locations (it spans them all).
    async fn customer_statement(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        from: Option<Timestamp>,
        to: Option<Timestamp>,
    ) -> Result<CustomerStatement> {
        let customer = parse_id("customerId", &customer_id)?;
        let scope = ctx.scope(Role::Viewer).await?;
        let tx = ctx.reader(Role::Viewer).await?;
        let statement =
            sales::customer_statement(&tx, &scope, customer, from.map(|t| t.0), to.map(|t| t.0))
                .await?;
        drop(tx);
        Ok(CustomerStatement(statement))
    }
}

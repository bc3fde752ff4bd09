//! Reading sales orders, their lines, shipments, returns and invoices.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _, Query};
use sea_orm::{QueryFilter, QueryOrder as _};

use super::{InvoiceKind, InvoiceStatus, Status};
use crate::entities::{
    invoice_lines, invoices, sales_order_lines, sales_orders, sales_returns, stock_transactions,
};
use crate::error::{DomainError, DomainResult};
use crate::paging::{Page, Window};
use crate::scope::TenantTx;
use crate::stock::{Kind, SourceKind};

#[derive(Clone, Debug, Default)]
pub struct OrderFilter {
    pub status: Option<Status>,
    pub customer_id: Option<Uuid>,
    /// Orders with a line of this item.
    pub item_id: Option<Uuid>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
}

pub struct OrderPage {
    pub orders: Page<sales_orders::Model>,
    pub total_count: u64,
}

#[derive(Clone, Debug, Default)]
pub struct InvoiceFilter {
    pub kind: Option<InvoiceKind>,
    pub status: Option<InvoiceStatus>,
    pub customer_id: Option<Uuid>,
    pub sales_order_id: Option<Uuid>,
}

pub struct InvoicePage {
    pub invoices: Page<invoices::Model>,
    pub total_count: u64,
}

/// An order the caller may see.
///
/// # Errors
/// `NOT_FOUND` (also for an order at a location hidden from the caller).
#[tracing::instrument(skip_all)]
pub async fn get_order(tx: &TenantTx, id: Uuid) -> DomainResult<sales_orders::Model> {
    tx.select::<sales_orders::Entity>()
        .filter(sales_orders::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|order| tx.locations().allows(order.location_id))
        .ok_or(DomainError::not_found("sales order"))
}

/// Orders, newest first.
///
/// # Errors
/// `BAD_USER_INPUT` on a foreign cursor.
#[tracing::instrument(skip_all)]
pub async fn list_orders(
    tx: &TenantTx,
    filter: &OrderFilter,
    window: &Window,
) -> DomainResult<OrderPage> {
    use sales_orders::Column as C;
    let mut query = tx.select::<sales_orders::Entity>();
    if let Some(status) = filter.status {
        query = query.filter(C::Status.eq(status.as_str()));
    }
    if let Some(customer) = filter.customer_id {
        query = query.filter(C::CustomerId.eq(customer));
    }
    if let Some(item) = filter.item_id {
        use sales_order_lines::Column as L;
        let with_item = Query::select()
            .expr(Expr::val(1))
            .from(sales_order_lines::Entity)
            .and_where(
                Expr::col((sales_order_lines::Entity, L::OrganizationId))
                    .equals((sales_orders::Entity, C::OrganizationId)),
            )
            .and_where(
                Expr::col((sales_order_lines::Entity, L::SalesOrderId))
                    .equals((sales_orders::Entity, C::Id)),
            )
            .and_where(Expr::col((sales_order_lines::Entity, L::ItemId)).eq(item))
            .to_owned();
        query = query.filter(Expr::exists(with_item));
    }
    if let Some(from) = filter.from {
        query = query.filter(C::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(C::CreatedAt.lt(to));
    }
    if let Some(allowed) = tx.locations().restricted_to() {
        query = query.filter(C::LocationId.is_in(allowed.iter().copied()));
    }
    let total_count = query.clone().count(tx.conn()).await?;
    let orders = crate::paging::newest_first_by_id(query, C::Id, window, tx.conn()).await?;
    Ok(OrderPage {
        orders,
        total_count,
    })
}

/// The lines of these orders, in line order.
///
/// # Errors
/// On database failure.
pub async fn lines_of_orders(
    tx: &TenantTx,
    orders: &[Uuid],
) -> DomainResult<Vec<sales_order_lines::Model>> {
    use sales_order_lines::Column as C;
    Ok(tx
        .select::<sales_order_lines::Entity>()
        .filter(C::SalesOrderId.is_in(orders.iter().copied()))
        .order_by_asc(C::SalesOrderId)
        .order_by_asc(C::LineNo)
        .all(tx.conn())
        .await?)
}

/// The shipments (stock-out transactions) of these orders, oldest first.
///
/// # Errors
/// On database failure.
pub async fn shipments_of_orders(
    tx: &TenantTx,
    orders: &[Uuid],
) -> DomainResult<Vec<stock_transactions::Model>> {
    use stock_transactions::Column as C;
    Ok(tx
        .select::<stock_transactions::Entity>()
        .filter(C::SourceType.eq(SourceKind::SalesOrder.as_str()))
        .filter(C::SourceId.is_in(orders.iter().copied()))
        .filter(C::Kind.eq(Kind::Out))
        .order_by_asc(C::Id)
        .all(tx.conn())
        .await?)
}

/// The returns of these orders, oldest first.
///
/// # Errors
/// On database failure.
pub async fn returns_of_orders(
    tx: &TenantTx,
    orders: &[Uuid],
) -> DomainResult<Vec<sales_returns::Model>> {
    use sales_returns::Column as C;
    Ok(tx
        .select::<sales_returns::Entity>()
        .filter(C::SalesOrderId.is_in(orders.iter().copied()))
        .order_by_asc(C::Id)
        .all(tx.conn())
        .await?)
}

/// The invoices and credit notes of these orders, in number order.
///
/// # Errors
/// On database failure.
pub async fn invoices_of_orders(
    tx: &TenantTx,
    orders: &[Uuid],
) -> DomainResult<Vec<invoices::Model>> {
    use invoices::Column as C;
    Ok(tx
        .select::<invoices::Entity>()
        .filter(C::SalesOrderId.is_in(orders.iter().copied()))
        // `invoice` after `credit_note` alphabetically: invoices first.
        .order_by_desc(C::Kind)
        .order_by_asc(C::Sequence)
        .all(tx.conn())
        .await?)
}

/// An invoice or credit note the caller may see (one of an order at a hidden location is not
/// found).
///
/// # Errors
/// `NOT_FOUND`.
pub async fn get_invoice(tx: &TenantTx, id: Uuid) -> DomainResult<invoices::Model> {
    let invoice = tx
        .select::<invoices::Entity>()
        .filter(invoices::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("invoice"))?;
    if tx.locations().restricted_to().is_some() {
        get_order(tx, invoice.sales_order_id)
            .await
            .map_err(|_| DomainError::not_found("invoice"))?;
    }
    Ok(invoice)
}

/// Invoices and credit notes, newest first.
///
/// # Errors
/// `BAD_USER_INPUT` on a foreign cursor.
pub async fn list_invoices(
    tx: &TenantTx,
    filter: &InvoiceFilter,
    window: &Window,
) -> DomainResult<InvoicePage> {
    use invoices::Column as C;
    let mut query = tx.select::<invoices::Entity>();
    if let Some(kind) = filter.kind {
        query = query.filter(C::Kind.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(C::Status.eq(status.as_str()));
    }
    if let Some(customer) = filter.customer_id {
        query = query.filter(C::CustomerId.eq(customer));
    }
    if let Some(order) = filter.sales_order_id {
        query = query.filter(C::SalesOrderId.eq(order));
    }
    if let Some(allowed) = tx.locations().restricted_to() {
        use sales_orders::Column as O;
        let visible = Query::select()
            .column(O::Id)
            .from(sales_orders::Entity)
            .and_where(Expr::col(O::OrganizationId).eq(tx.org().0))
            .and_where(Expr::col(O::LocationId).is_in(allowed.iter().copied()))
            .to_owned();
        query = query.filter(C::SalesOrderId.in_subquery(visible));
    }
    let total_count = query.clone().count(tx.conn()).await?;
    let invoices = crate::paging::newest_first_by_id(query, C::Id, window, tx.conn()).await?;
    Ok(InvoicePage {
        invoices,
        total_count,
    })
}

/// The lines of these invoices, in line order.
///
/// # Errors
/// On database failure.
pub async fn lines_of_invoices(
    tx: &TenantTx,
    invoices: &[Uuid],
) -> DomainResult<Vec<invoice_lines::Model>> {
    use invoice_lines::Column as C;
    Ok(tx
        .select::<invoice_lines::Entity>()
        .filter(C::InvoiceId.is_in(invoices.iter().copied()))
        .order_by_asc(C::InvoiceId)
        .order_by_asc(C::LineNo)
        .all(tx.conn())
        .await?)
}

/// Whether the organization has made any invoice or credit note that stands.
///
/// # Errors
/// On database failure.
pub async fn has_invoices(tx: &TenantTx) -> DomainResult<bool> {
    Ok(tx
        .select::<invoices::Entity>()
        .filter(invoices::Column::Status.ne(InvoiceStatus::Void.as_str()))
        .one(tx.conn())
        .await?
        .is_some())
}

/// The credit notes of these returns, in number order.
///
/// # Errors
/// On database failure.
pub async fn credit_notes_of_returns(
    tx: &TenantTx,
    returns: &[Uuid],
) -> DomainResult<Vec<invoices::Model>> {
    use invoices::Column as C;
    Ok(tx
        .select::<invoices::Entity>()
        .filter(C::SalesReturnId.is_in(returns.iter().copied()))
        .order_by_asc(C::Sequence)
        .all(tx.conn())
        .await?)
}

/// The credit notes of these invoices, in number order.
///
/// # Errors
/// On database failure.
pub async fn credit_notes_of_invoices(
    tx: &TenantTx,
    invoices: &[Uuid],
) -> DomainResult<Vec<invoices::Model>> {
    use invoices::Column as C;
    Ok(tx
        .select::<invoices::Entity>()
        .filter(C::CreditsInvoiceId.is_in(invoices.iter().copied()))
        .order_by_asc(C::Sequence)
        .all(tx.conn())
        .await?)
}

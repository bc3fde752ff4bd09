//! DataLoaders of sales: orders and invoices by id, an order's lines, shipments, returns and
//! invoices, an invoice's lines, and tax rates.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use entity::DomainError;
use entity::entities::{
    invoice_lines, invoices, sales_order_lines, sales_orders, sales_returns, stock_transactions,
    tax_rates,
};
use entity::sales;
use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;

use crate::graphql::loaders::{ByTenant, Load, Reuse, Tenant, group};

pub struct SalesLoaders {
    pub orders: Load<VisibleOrders>,
    pub lines: Load<LinesOfOrder>,
    pub shipments: Load<ShipmentsOfOrder>,
    pub returns: Load<ReturnsOfOrder>,
    pub invoices_of_order: Load<InvoicesOfOrder>,
    pub invoices: Load<ByTenant<invoices::Entity>>,
    pub invoice_lines: Load<LinesOfInvoice>,
    pub order_lines: Load<ByTenant<sales_order_lines::Entity>>,
    pub tax_rates: Load<ByTenant<tax_rates::Entity>>,
    pub credit_notes_of_return: Load<CreditNotesOfReturn>,
    pub credit_notes_of_invoice: Load<CreditNotesOfInvoice>,
}

impl SalesLoaders {
    pub fn new(tenant: &Tenant, reuse: Reuse) -> Self {
        Self {
            orders: Load::new(VisibleOrders(tenant.clone()), reuse),
            lines: Load::new(LinesOfOrder(tenant.clone()), reuse),
            shipments: Load::new(ShipmentsOfOrder(tenant.clone()), reuse),
            returns: Load::new(ReturnsOfOrder(tenant.clone()), reuse),
            invoices_of_order: Load::new(InvoicesOfOrder(tenant.clone()), reuse),
            invoices: Load::new(ByTenant::new(tenant.clone(), invoices::Column::Id), reuse),
            invoice_lines: Load::new(LinesOfInvoice(tenant.clone()), reuse),
            order_lines: Load::new(
                ByTenant::new(tenant.clone(), sales_order_lines::Column::Id),
                reuse,
            ),
            tax_rates: Load::new(ByTenant::new(tenant.clone(), tax_rates::Column::Id), reuse),
            credit_notes_of_return: Load::new(CreditNotesOfReturn(tenant.clone()), reuse),
            credit_notes_of_invoice: Load::new(CreditNotesOfInvoice(tenant.clone()), reuse),
        }
    }
}

/// Orders by id, leaving out those at locations hidden from the caller.
pub struct VisibleOrders(Tenant);

impl Loader<Uuid> for VisibleOrders {
    type Value = sales_orders::Model;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = tx
            .select::<sales_orders::Entity>()
            .filter(sales_orders::Column::Id.is_in(keys.iter().copied()))
            .all(tx.conn())
            .await
            .map_err(|e| Arc::new(e.into()))?;
        let access = tx.locations().clone();
        drop(tx);
        Ok(rows
            .into_iter()
            .filter(|order| access.allows(order.location_id))
            .map(|order| (order.id, order))
            .collect())
    }
}

macro_rules! grouped_loader {
    ($(#[$meta:meta])* $name:ident, $row:ty, $query:path, $key:expr) => {
        $(#[$meta])*
        pub struct $name(Tenant);

        impl Loader<Uuid> for $name {
            type Value = Vec<$row>;
            type Error = Arc<DomainError>;

            async fn load(
                &self,
                keys: &[Uuid],
            ) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
                let tx = self.0.tx().await?;
                let rows = $query(&tx, keys).await.map_err(Arc::new)?;
                drop(tx);
                Ok(group(keys, rows, $key))
            }
        }
    };
}

grouped_loader!(
    /// An order's lines, in line order.
    LinesOfOrder,
    sales_order_lines::Model,
    sales::lines_of_orders,
    |line| line.sales_order_id
);
grouped_loader!(
    /// An order's shipments, oldest first.
    ShipmentsOfOrder,
    stock_transactions::Model,
    sales::shipments_of_orders,
    |shipment| shipment.source_id.unwrap_or_default()
);
grouped_loader!(
    /// An order's returns, oldest first.
    ReturnsOfOrder,
    sales_returns::Model,
    sales::returns_of_orders,
    |row| row.sales_order_id
);
grouped_loader!(
    /// An order's invoices and credit notes.
    InvoicesOfOrder,
    invoices::Model,
    sales::invoices_of_orders,
    |invoice| invoice.sales_order_id
);
grouped_loader!(
    /// An invoice's lines, in line order.
    LinesOfInvoice,
    invoice_lines::Model,
    sales::lines_of_invoices,
    |line| line.invoice_id
);
grouped_loader!(
    /// A return's credit notes.
    CreditNotesOfReturn,
    invoices::Model,
    sales::credit_notes_of_returns,
    |note| note.sales_return_id.unwrap_or_default()
);
grouped_loader!(
    /// An invoice's credit notes (void ones too).
    CreditNotesOfInvoice,
    invoices::Model,
    sales::credit_notes_of_invoices,
    |note| note.credits_invoice_id.unwrap_or_default()
);

//! DataLoaders of purchasing: orders by id, their lines and receipts, and what is on order.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use entity::DomainError;
use entity::entities::{purchase_order_lines, purchase_orders, stock_transactions};
use entity::purchasing;
use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;

use crate::graphql::loaders::{Load, Reuse, Tenant, group};

pub struct PurchasingLoaders {
    pub orders: Load<VisibleOrders>,
    pub lines: Load<LinesOfOrder>,
    pub receipts: Load<ReceiptsOfOrder>,
    pub on_order: Load<OnOrderOfItem>,
}

impl PurchasingLoaders {
    pub fn new(tenant: &Tenant, reuse: Reuse) -> Self {
        Self {
            orders: Load::new(VisibleOrders(tenant.clone()), reuse),
            lines: Load::new(LinesOfOrder(tenant.clone()), reuse),
            receipts: Load::new(ReceiptsOfOrder(tenant.clone()), reuse),
            on_order: Load::new(OnOrderOfItem(tenant.clone()), reuse),
        }
    }
}

/// Orders by id, leaving out those at locations hidden from the caller.
pub struct VisibleOrders(Tenant);

impl Loader<Uuid> for VisibleOrders {
    type Value = purchase_orders::Model;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = tx
            .select::<purchase_orders::Entity>()
            .filter(purchase_orders::Column::Id.is_in(keys.iter().copied()))
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

/// An order's lines, in line order.
pub struct LinesOfOrder(Tenant);

impl Loader<Uuid> for LinesOfOrder {
    type Value = Vec<purchase_order_lines::Model>;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = purchasing::lines_of_orders(&tx, keys)
            .await
            .map_err(Arc::new)?;
        drop(tx);
        Ok(group(keys, rows, |line| line.purchase_order_id))
    }
}

/// An order's receipts, oldest first.
pub struct ReceiptsOfOrder(Tenant);

impl Loader<Uuid> for ReceiptsOfOrder {
    type Value = Vec<stock_transactions::Model>;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = purchasing::receipts_of_orders(&tx, keys)
            .await
            .map_err(Arc::new)?;
        drop(tx);
        Ok(group(keys, rows, |receipt| {
            receipt.source_id.unwrap_or_default()
        }))
    }
}

/// What of an item is on order, per location (those the caller may see), scaled.
pub struct OnOrderOfItem(Tenant);

impl Loader<Uuid> for OnOrderOfItem {
    type Value = Vec<(Uuid, i64)>;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = purchasing::on_order(&tx, keys).await.map_err(Arc::new)?;
        drop(tx);
        let mut grouped: HashMap<Uuid, Vec<(Uuid, i64)>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (item, location, quantity) in rows {
            grouped.entry(item).or_default().push((location, quantity));
        }
        Ok(grouped)
    }
}

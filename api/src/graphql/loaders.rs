//! Per-request DataLoaders bound to the caller's organization: lists load related rows in one
//! query per kind, never one per row. Batches read through the request's unit of work.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::DomainError;
use entity::entities::{
    attribute_definitions, categories, invoices, item_attribute_values, items, locations, partners,
    sales_order_lines, tax_rates,
};
use entity::entities::{stock_levels, stock_movements};
use entity::scope::Role;
use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;

use crate::graphql::unit::{ReadTx, TenantUnit};

/// The loaders of one request or WebSocket connection.
pub struct TenantLoaders {
    pub items: Load<ByTenant<items::Entity>>,
    pub categories: Load<ByTenant<categories::Entity>>,
    pub locations: Load<VisibleLocations>,
    pub partners: Load<ByTenant<partners::Entity>>,
    pub levels: Load<LevelsOfItem>,
    pub attributes: Load<AttributesOfItem>,
    pub movements: Load<MovementsOfTransaction>,
    pub recent_sales: Load<RecentSalesOfItem>,
    pub purchasing: crate::graphql::purchasing::PurchasingLoaders,
    pub sales: crate::graphql::sales::SalesLoaders,
}

/// How long loaded rows may be reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reuse {
    /// For the lifetime of one HTTP request: lists prefetch, fields then hit the cache.
    WithinRequest,
    /// Never: a WebSocket connection lives long, and every event must read fresh rows.
    Never,
}

impl TenantLoaders {
    pub fn new(unit: Arc<TenantUnit>, reuse: Reuse) -> Self {
        let tenant = Tenant(unit);
        Self {
            items: Load::new(ByTenant::new(tenant.clone(), items::Column::Id), reuse),
            categories: Load::new(ByTenant::new(tenant.clone(), categories::Column::Id), reuse),
            locations: Load::new(VisibleLocations(tenant.clone()), reuse),
            partners: Load::new(ByTenant::new(tenant.clone(), partners::Column::Id), reuse),
            levels: Load::new(LevelsOfItem(tenant.clone()), reuse),
            attributes: Load::new(AttributesOfItem(tenant.clone()), reuse),
            movements: Load::new(MovementsOfTransaction(tenant.clone()), reuse),
            recent_sales: Load::new(RecentSalesOfItem(tenant.clone()), reuse),
            purchasing: crate::graphql::purchasing::PurchasingLoaders::new(&tenant, reuse),
            sales: crate::graphql::sales::SalesLoaders::new(&tenant, reuse),
        }
    }
}

/// A DataLoader that caches within a request, or not at all.
pub enum Load<T: Loader<Uuid>> {
    Cached(DataLoader<T, HashMapCache>),
    Fresh(DataLoader<T>),
}

impl<T: Loader<Uuid>> Load<T> {
    pub(crate) fn new(loader: T, reuse: Reuse) -> Self {
        match reuse {
            Reuse::WithinRequest => Self::Cached(DataLoader::with_cache(
                loader,
                tokio::spawn,
                HashMapCache::default(),
            )),
            Reuse::Never => Self::Fresh(DataLoader::new(loader, tokio::spawn)),
        }
    }

    /// # Errors
    /// When the batch fails.
    pub async fn load_one(&self, key: Uuid) -> Result<Option<T::Value>, T::Error> {
        match self {
            Self::Cached(loader) => loader.load_one(key).await,
            Self::Fresh(loader) => loader.load_one(key).await,
        }
    }

    /// Loads `keys` in one batch; within a request, later `load_one`s of them are free.
    ///
    /// # Errors
    /// When the batch fails.
    pub async fn load_many(
        &self,
        keys: impl IntoIterator<Item = Uuid>,
    ) -> Result<HashMap<Uuid, T::Value>, T::Error> {
        match self {
            Self::Cached(loader) => loader.load_many(keys).await,
            Self::Fresh(loader) => loader.load_many(keys).await,
        }
    }
}

#[derive(Clone)]
pub struct Tenant(Arc<TenantUnit>);

impl Tenant {
    pub(crate) async fn tx(&self) -> Result<ReadTx, Arc<DomainError>> {
        self.0.read(Role::Viewer).await.map_err(Arc::new)
    }
}

fn shared(error: impl Into<DomainError>) -> Arc<DomainError> {
    Arc::new(error.into())
}

/// Rows of a tenant table by their `id`.
pub struct ByTenant<E: EntityTrait> {
    tenant: Tenant,
    id: E::Column,
}

impl<E: EntityTrait> ByTenant<E> {
    pub(crate) fn new(tenant: Tenant, id: E::Column) -> Self {
        Self { tenant, id }
    }
}

/// Models whose id can be read back for keying the batch.
pub trait HasId {
    fn id(&self) -> Uuid;
}

macro_rules! has_id {
    ($($module:ident),*) => {$(
        impl HasId for $module::Model {
            fn id(&self) -> Uuid {
                self.id
            }
        }
    )*};
}
has_id!(
    items,
    categories,
    partners,
    invoices,
    sales_order_lines,
    tax_rates
);

impl<E> Loader<Uuid> for ByTenant<E>
where
    E: entity::scope::TenantOwned + Send + Sync,
    E::Model: HasId + Clone + Send + Sync,
    E::Column: Send + Sync,
{
    type Value = E::Model;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.tenant.tx().await?;
        let rows = tx
            .select::<E>()
            .filter(self.id.is_in(keys.iter().copied()))
            .all(tx.conn())
            .await
            .map_err(shared)?;
        drop(tx);
        Ok(rows.into_iter().map(|row| (row.id(), row)).collect())
    }
}

/// Locations by id, leaving out those hidden from a location-restricted member.
pub struct VisibleLocations(Tenant);

impl Loader<Uuid> for VisibleLocations {
    type Value = locations::Model;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = entity::catalogue::visible_locations(&tx, keys)
            .await
            .map_err(Arc::new)?;
        drop(tx);
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

/// Rows grouped under the key they belong to; every key gets an entry, empty or not.
pub(crate) fn group<T>(
    keys: &[Uuid],
    rows: Vec<T>,
    key_of: impl Fn(&T) -> Uuid,
) -> HashMap<Uuid, Vec<T>> {
    let mut grouped: HashMap<Uuid, Vec<T>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows {
        grouped.entry(key_of(&row)).or_default().push(row);
    }
    grouped
}

/// Every stock level of an item.
pub struct LevelsOfItem(Tenant);

impl Loader<Uuid> for LevelsOfItem {
    type Value = Vec<stock_levels::Model>;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = entity::stock::levels_of_items(&tx, keys)
            .await
            .map_err(Arc::new)?;
        drop(tx);
        Ok(group(keys, rows, |row| row.item_id))
    }
}

/// An item's attribute values with their definitions.
pub struct AttributesOfItem(Tenant);

impl Loader<Uuid> for AttributesOfItem {
    type Value = Vec<(attribute_definitions::Model, String)>;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = tx
            .select::<item_attribute_values::Entity>()
            .filter(item_attribute_values::Column::ItemId.is_in(keys.iter().copied()))
            .all(tx.conn())
            .await
            .map_err(shared)?;
        let definitions: HashMap<Uuid, attribute_definitions::Model> =
            entity::catalogue::list_attributes(&tx)
                .await
                .map_err(Arc::new)?
                .into_iter()
                .map(|d| (d.id, d))
                .collect();
        drop(tx);
        let mut grouped: HashMap<Uuid, Self::Value> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            if let Some(definition) = definitions.get(&row.attribute_id) {
                grouped
                    .entry(row.item_id)
                    .or_default()
                    .push((definition.clone(), row.value));
            }
        }
        for values in grouped.values_mut() {
            values.sort_by(|a, b| a.0.key.cmp(&b.0.key));
        }
        Ok(grouped)
    }
}

/// The movements of a stock transaction, in line order.
pub struct MovementsOfTransaction(Tenant);

impl Loader<Uuid> for MovementsOfTransaction {
    type Value = Vec<stock_movements::Model>;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let rows = entity::stock::movements_of_transactions(&tx, keys)
            .await
            .map_err(Arc::new)?;
        drop(tx);
        Ok(group(keys, rows, |row| row.transaction_id))
    }
}

/// Units of an item sold in the last 30 days (from the daily roll-ups).
pub struct RecentSalesOfItem(Tenant);

/// The window behind days of cover and turnover.
pub const RECENT_DAYS: i64 = 30;

impl Loader<Uuid> for RecentSalesOfItem {
    type Value = i64;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let tx = self.0.tx().await?;
        let sold = entity::analytics::recent_sales(&tx, keys, RECENT_DAYS)
            .await
            .map_err(Arc::new)?;
        drop(tx);
        Ok(keys
            .iter()
            .map(|k| (*k, sold.get(k).copied().unwrap_or(0)))
            .collect())
    }
}

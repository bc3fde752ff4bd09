use sea_orm::entity::prelude::*;

/// Something the organization stocks. Money and quantities are scaled by 10^4.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub barcode: Option<String>,
    pub category_id: Option<Uuid>,
    pub unit: String,
    pub cost: i64,
    pub price: i64,
    pub safety_stock: i64,
    pub image_url: Option<String>,
    pub archived: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The partner it is usually bought from.
    pub preferred_supplier_id: Option<Uuid>,
    /// Days from ordering to receiving.
    pub lead_time_days: Option<i32>,
    /// Reorder at or below this (scaled); none: the location's threshold or the safety stock.
    pub reorder_point: Option<i64>,
    /// The least quantity to order (scaled).
    pub reorder_quantity: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

use sea_orm::entity::prelude::*;

/// One item of a sales order: quantities, price and discount scaled like the ledger's.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales_order_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sales_order_id: Uuid,
    pub line_no: i32,
    pub item_id: Uuid,
    pub quantity: i64,
    pub shipped: i64,
    pub returned: i64,
    /// On invoices that stand (not void).
    pub invoiced: i64,
    /// On credit notes that stand.
    pub credited: i64,
    pub unit_price: i64,
    pub discount_percent: i64,
    pub tax_rate_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

use sea_orm::entity::prelude::*;

/// One line of an invoice, frozen as invoiced; amounts exact to the currency's minor unit.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub invoice_id: Uuid,
    pub line_no: i32,
    pub sales_order_line_id: Uuid,
    pub item_id: Uuid,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub discount_percent: i64,
    pub tax_rate_id: Option<Uuid>,
    pub tax_name: Option<String>,
    pub tax_percent: i64,
    pub net: i64,
    pub tax: i64,
    /// Of an invoice's line: the quantity credit notes that stand gave back.
    pub credited: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

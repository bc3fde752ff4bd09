use sea_orm::entity::prelude::*;

/// One day of one item's movements for one category and partner (nil UUID: none). Quantities
/// and money are scaled by 10^4; revenue = Σ sold × unit price, cost = Σ bought × unit cost.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "daily_item_stats")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_key: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub partner_key: Uuid,
    pub sold_quantity: i64,
    pub revenue: i64,
    pub purchased_quantity: i64,
    pub purchase_cost: i64,
    pub net_quantity: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

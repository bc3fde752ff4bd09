use sea_orm::entity::prelude::*;

/// The quantity of an item at a location now: always the sum of its movements.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stock_levels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub location_id: Uuid,
    pub quantity: i64,
    /// Promised to confirmed sales orders and not yet shipped: not available to take.
    pub reserved: i64,
    pub updated_at: DateTimeUtc,
    /// The latest `occurred_at` of the level's movements: a write dated before it is backdated.
    pub last_occurred_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

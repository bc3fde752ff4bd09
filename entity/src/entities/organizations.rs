use sea_orm::entity::prelude::*;

/// A tenant: a company using Stockroom. Its own row is global; every row it owns carries its id.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// Whether stock may go below zero (otherwise a short stock-out is refused).
    pub allow_negative_stock: bool,
    /// Local time (`HH:MM`) of the daily low-stock digest.
    pub digest_time: String,
    /// IANA time zone of `digest_time`, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// The local day the digest last went out.
    pub digest_sent_on: Option<chrono::NaiveDate>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::memberships::Entity")]
    Memberships,
}

impl Related<super::memberships::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Memberships.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

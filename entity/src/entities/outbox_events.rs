use sea_orm::entity::prelude::*;

/// An event written in the same transaction as the change that caused it, delivered by a
/// worker: claimed under a lease, retried with back-off, parked after too many attempts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub topic: String,
    /// JSON.
    pub payload: String,
    pub created_at: DateTimeUtc,
    pub available_at: DateTimeUtc,
    /// Claims so far, counted when the event is claimed.
    pub attempts: i32,
    pub last_error: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub processed_at: Option<DateTimeUtc>,
    pub parked_at: Option<DateTimeUtc>,
    /// Claims whose lease ran out with no outcome recorded: the worker died holding it.
    pub crashes: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

use sea_orm::entity::prelude::*;

/// One attempt to deliver an event to an endpoint (or a redelivery waiting to be sent).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub sequence: i64,
    pub event_id: Uuid,
    pub event_type: String,
    /// 1 for the first attempt at this event, counting on through retries.
    pub attempt: i32,
    /// Asked for by a person (`redeliverWebhookEvent`), outside the endpoint's order.
    pub redelivery: bool,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    pub status_code: Option<i32>,
    pub latency_ms: Option<i32>,
    pub error: Option<String>,
    pub response_body: Option<String>,
    pub created_at: DateTimeUtc,
    pub attempted_at: Option<DateTimeUtc>,
    pub lease_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

use sea_orm::entity::prelude::*;

/// One recorded stock event (append-only); its movements say what changed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stock_transactions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: crate::stock::Kind,
    pub location_id: Uuid,
    pub to_location_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub note: Option<String>,
    pub occurred_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub author_user_id: Uuid,
    pub voids_transaction_id: Option<Uuid>,
    pub idempotency_key: Option<String>,
    pub request_hash: Option<String>,
    /// What the transaction belongs to (`purchase_order`), with `source_id`.
    pub source_type: Option<String>,
    pub source_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

use sea_orm::entity::prelude::*;

/// An order to a supplier; its lines say what, its receipts are ledger transactions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "purchase_orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Gapless per organization, from 1.
    pub sequence: i64,
    /// The number people use: the organization's prefix and the sequence (`PO-00001`).
    pub number: String,
    pub supplier_id: Uuid,
    pub location_id: Uuid,
    pub status: String,
    pub expected_at: Option<DateTimeUtc>,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

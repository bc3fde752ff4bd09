use sea_orm::entity::prelude::*;

/// An invoice or a credit note (`kind`); an issued one never changes but to be paid or voided.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub sequence: i64,
    pub number: String,
    pub sales_order_id: Uuid,
    pub customer_id: Uuid,
    pub credits_invoice_id: Option<Uuid>,
    /// The return a credit note credits (none: a cancellation).
    pub sales_return_id: Option<Uuid>,
    pub status: String,
    pub currency: String,
    pub subtotal: i64,
    pub tax_total: i64,
    pub total: i64,
    pub due_date: Option<chrono::NaiveDate>,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub issued_at: Option<DateTimeUtc>,
    pub paid_at: Option<DateTimeUtc>,
    /// What the payment settled: the total less what was credited by then.
    pub amount_paid: Option<i64>,
    pub voided_at: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

use sea_orm::entity::prelude::*;

/// Who changed what in an organization, when and from where. Written in the transaction of
/// the change; never holds secrets.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    /// UUIDv7: ordered by time.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key_id: Option<Uuid>,
    /// The actor's e-mail or the key's name at the time.
    pub actor_label: String,
    /// The GraphQL mutation, e.g. `stockOut`.
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// JSON: the mutation's arguments with secrets removed.
    pub summary: String,
    pub ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::tenant_owned!();

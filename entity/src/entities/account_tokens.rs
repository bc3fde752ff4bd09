use sea_orm::entity::prelude::*;

/// A single-use token e-mailed to a user (address verification, password reset). Global, like
/// users. Its e-mail is an outbox event (topic `account_mail`); the worker generates the token
/// when it mails the row and stores only its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// `verify_email` or `reset_password`.
    pub purpose: String,
    #[sea_orm(unique)]
    pub token_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub mailed_at: Option<DateTimeUtc>,
    /// Legacy, kept for one release so a rolling upgrade from before migration
    /// `m20261208_000023` sends nothing twice: a worker of the previous version claims rows
    /// whose lease is unset or over, so every row is written leased until it expires.
    pub lease_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

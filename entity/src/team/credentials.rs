//! Ending an account's sessions when its password changes: every refresh token and every
//! outstanding password-reset link stop working in the transaction that sets the password.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, QueryFilter, Statement, TransactionTrait,
};

use super::account_email::Purpose;
use super::{Session, password, refresh};
use crate::entities::{account_tokens, refresh_tokens, users};
use crate::error::{DomainError, DomainResult};
use crate::scope::UserId;
use crate::types::NewPassword;

/// Locks the user's row until the transaction ends (PostgreSQL; SQLite has one writer):
/// exclusively to change the password, shared to rotate a refresh token, so a rotation never
/// slips a new token past a password change that is ending every session.
pub(crate) async fn lock_user<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
    exclusive: bool,
) -> DomainResult<()> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let sql = if exclusive {
        "SELECT id FROM users WHERE id = $1 FOR UPDATE"
    } else {
        "SELECT id FROM users WHERE id = $1 FOR SHARE"
    };
    conn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        [user.0.into()],
    ))
    .await?;
    Ok(())
}

/// Whether `user`'s password hash is still `checked`, read under the user's row lock (taken by
/// the caller): a password changed since it was checked must not let the old one through.
async fn still_checked<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
    checked: &str,
) -> DomainResult<bool> {
    Ok(users::Entity::find_by_id(user.0)
        .one(conn)
        .await?
        .is_some_and(|account| account.password_hash == checked))
}

/// Starts a session for `user` whose password was just verified against `checked`, unless
/// the password changed meanwhile (then `UNAUTHENTICATED`, as for a wrong password).
///
/// # Errors
/// `UNAUTHENTICATED` as said; on database failure.
pub(crate) async fn start_session(
    db: &DatabaseConnection,
    user: UserId,
    checked: &str,
) -> DomainResult<String> {
    let txn = db.begin().await?;
    lock_user(&txn, user, false).await?;
    if !still_checked(&txn, user, checked).await? {
        return Err(DomainError::Unauthenticated("wrong e-mail or password"));
    }
    let token = refresh::issue(&txn, user, Uuid::now_v7()).await?;
    txn.commit().await?;
    Ok(token)
}

/// Sets `password_hash` and ends every session and reset link of `user`. The caller holds
/// the user's row lock ([`lock_user`], exclusive).
pub(crate) async fn replace_password<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
    password_hash: String,
) -> DomainResult<()> {
    let now = Utc::now();
    users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user.0))
        .exec(conn)
        .await?;
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::UserId.eq(user.0))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    // Reset links mailed (or still queued) before the change must not set it again.
    account_tokens::Entity::update_many()
        .col_expr(account_tokens::Column::UsedAt, Expr::value(now))
        .filter(account_tokens::Column::UserId.eq(user.0))
        .filter(account_tokens::Column::Purpose.eq(Purpose::ResetPassword.as_str()))
        .filter(account_tokens::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Changes the password of a logged-in user who knows the current one. Every other session
/// and every outstanding reset link ends; the answer is a new session for the caller.
///
/// # Errors
/// `UNAUTHENTICATED` for a wrong current password; `BAD_USER_INPUT` on `newPassword`; nothing
/// changes then.
#[tracing::instrument(skip_all)]
pub async fn change_password(
    db: &DatabaseConnection,
    user: UserId,
    current_password: &str,
    new_password: &str,
) -> DomainResult<Session> {
    let new_password = NewPassword::parse(new_password)?;
    let account = super::current_user(db, user).await?;
    if !password::verify(
        current_password.to_owned(),
        Some(account.password_hash.clone()),
    )
    .await
    {
        return Err(DomainError::Unauthenticated(
            "the current password is wrong",
        ));
    }
    let password_hash = password::hash(new_password.expose().to_owned()).await?;
    let txn = db.begin().await?;
    lock_user(&txn, user, true).await?;
    if !still_checked(&txn, user, &account.password_hash).await? {
        return Err(DomainError::Unauthenticated(
            "the current password is wrong",
        ));
    }
    replace_password(&txn, user, password_hash).await?;
    let refresh_token = refresh::issue(&txn, user, Uuid::now_v7()).await?;
    txn.commit().await?;
    tracing::info!(user_id = %user, "password changed; every other session ended");
    let organization = super::memberships_of(db, user)
        .await?
        .into_iter()
        .next()
        .map(|m| m.organization);
    Ok(Session {
        user: account,
        organization,
        refresh_token,
    })
}

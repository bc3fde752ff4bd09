//! E-mailed account tokens: address verification and password reset. A request writes a row
//! and, in the same transaction, an outbox event (topic `account_mail`, of no organization);
//! the worker handling it issues the token (only its hash is stored) and mails it, with the
//! outbox's leases, retries and parking. Each token works once and expires; a reset ends every
//! session of the account. The same path carries notices without a token, such as "log-ins to
//! your account were throttled".

use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbBackend, QueryFilter,
    QuerySelect as _, TransactionTrait,
};

use super::password;
use crate::entities::{account_tokens, users};
use crate::error::{DomainError, DomainResult};
use crate::scope::UserId;
use crate::types::{Email, NewPassword};

/// What a token lets its holder do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    /// A notice: log-in attempts on the account were refused (no token).
    LoginThrottled,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::LoginThrottled => "login_throttled",
        }
    }

    /// Whether the e-mail carries a token (a notice does not).
    pub fn has_token(self) -> bool {
        self != Self::LoginThrottled
    }

    fn ttl(self) -> Duration {
        match self {
            Self::VerifyEmail => Duration::days(2),
            Self::ResetPassword | Self::LoginThrottled => Duration::hours(1),
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::VerifyEmail, Self::ResetPassword, Self::LoginThrottled]
            .into_iter()
            .find(|p| p.as_str() == text)
    }
}

fn invalid() -> DomainError {
    DomainError::bad_input("token", "is invalid, used or expired; ask for a new e-mail")
}

/// Asks for a token e-mail to `user`, in the caller's transaction.
pub(crate) async fn request<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
    purpose: Purpose,
) -> DomainResult<()> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    account_tokens::ActiveModel {
        id: Set(id),
        user_id: Set(user.0),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(None),
        created_at: Set(now),
        expires_at: Set(now + purpose.ttl()),
        used_at: Set(None),
        mailed_at: Set(None),
        // Out of reach of a previous version's worker (see the column).
        lease_until: Set(Some(now + purpose.ttl())),
    }
    .insert(conn)
    .await?;
    crate::outbox::enqueue_account_mail(conn, AccountMailQueued { token_id: id }).await
}

/// Asks for a token e-mail in a transaction of its own, and wakes this process's workers
/// once it has committed.
async fn queue(db: &DatabaseConnection, user: UserId, purpose: Purpose) -> DomainResult<()> {
    let txn = db.begin().await?;
    request(&txn, user, purpose).await?;
    txn.commit().await?;
    crate::outbox::wake_workers();
    Ok(())
}

/// Sends a new verification e-mail. Returns `false` when the address is already verified.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn resend_verification(db: &DatabaseConnection, user: UserId) -> DomainResult<bool> {
    let account = super::current_user(db, user).await?;
    if account.email_verified_at.is_some() {
        return Ok(false);
    }
    queue(db, user, Purpose::VerifyEmail).await?;
    Ok(true)
}

/// Mails a reset link when an account has this address. The answer never tells whether one
/// has (that would let anyone probe for accounts).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(db: &DatabaseConnection, email: &str) -> DomainResult<()> {
    request_for_address(db, email, Purpose::ResetPassword).await
}

/// Tells the owner of the account with this address, if there is one, that log-in attempts
/// were refused (the caller sends it at most once a day).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn notify_login_throttled(db: &DatabaseConnection, email: &str) -> DomainResult<()> {
    request_for_address(db, email, Purpose::LoginThrottled).await
}

/// Queues a `purpose` e-mail to the account with this address; nothing when there is none.
async fn request_for_address(
    db: &DatabaseConnection,
    email: &str,
    purpose: Purpose,
) -> DomainResult<()> {
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    if let Some(user) = user {
        queue(db, UserId(user.id), purpose).await?;
    }
    Ok(())
}

/// An unused, unexpired token of `purpose`, not yet claimed.
async fn find_token<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    purpose: Purpose,
) -> DomainResult<account_tokens::Model> {
    use account_tokens::Column as C;
    let now = Utc::now();
    account_tokens::Entity::find()
        .filter(C::TokenHash.eq(crate::secret::hash(token.trim())))
        .filter(C::Purpose.eq(purpose.as_str()))
        .one(conn)
        .await?
        .filter(|row| row.used_at.is_none() && row.expires_at > now)
        .ok_or_else(invalid)
}

/// Uses `row` up (once: of concurrent uses one wins).
async fn claim<C: ConnectionTrait>(conn: &C, row: &account_tokens::Model) -> DomainResult<UserId> {
    use account_tokens::Column as C;
    let claimed = account_tokens::Entity::update_many()
        .col_expr(C::UsedAt, Expr::value(Utc::now()))
        .filter(C::Id.eq(row.id))
        .filter(C::UsedAt.is_null())
        .exec(conn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    Ok(UserId(row.user_id))
}

/// Takes an unused, unexpired token of `purpose` (once: of concurrent uses one wins).
async fn redeem<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    purpose: Purpose,
) -> DomainResult<UserId> {
    let row = find_token(conn, token, purpose).await?;
    claim(conn, &row).await
}

async fn mark_verified<C: ConnectionTrait>(conn: &C, user: UserId) -> DomainResult<()> {
    users::Entity::update_many()
        .col_expr(users::Column::EmailVerifiedAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user.0))
        .filter(users::Column::EmailVerifiedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Confirms the user's address with a token from the verification e-mail.
///
/// # Errors
/// `BAD_USER_INPUT` for an unknown, used or expired token.
#[tracing::instrument(skip_all)]
pub async fn verify_email(db: &DatabaseConnection, token: &str) -> DomainResult<UserId> {
    let txn = db.begin().await?;
    let user = redeem(&txn, token, Purpose::VerifyEmail).await?;
    mark_verified(&txn, user).await?;
    txn.commit().await?;
    Ok(user)
}

/// Sets a new password with a token from the reset e-mail and ends every session of the
/// account (all refresh tokens are revoked) and every other reset link. It also proves the
/// address.
///
/// # Errors
/// `BAD_USER_INPUT` for the token or a weak password; nothing changes then.
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    new_password: &str,
) -> DomainResult<UserId> {
    let new_password = NewPassword::parse(new_password)?;
    let password_hash = password::hash(new_password.expose().to_owned()).await?;
    let txn = db.begin().await?;
    // The user's row first, then the token's: the order a password change takes them in.
    let row = find_token(&txn, token, Purpose::ResetPassword).await?;
    super::credentials::lock_user(&txn, UserId(row.user_id), true).await?;
    let user = claim(&txn, &row).await?;
    // Ends every session and every other reset link of the account with the old password.
    super::credentials::replace_password(&txn, user, password_hash).await?;
    mark_verified(&txn, user).await?;
    txn.commit().await?;
    tracing::info!(user_id = %user, "password reset; every session ended");
    Ok(user)
}

/// The outbox payload of an account e-mail (topic [`crate::outbox::Topic::AccountMail`]).
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct AccountMailQueued {
    pub token_id: Uuid,
}

/// A token e-mail ready to send.
pub struct AccountMail {
    pub id: Uuid,
    pub purpose: Purpose,
    pub email: String,
    pub name: String,
    pub token: String,
    pub expires_at: DateTimeUtc,
}

/// Issues a fresh token for a queued account e-mail and returns the e-mail to send; `None`
/// when there is nothing to send any more (the token was used, ended by a password change,
/// expired, or its account deleted). Each attempt issues a new token and forgets the last,
/// so only the e-mail that went out last works.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn account_mail(
    db: &DatabaseConnection,
    queued: AccountMailQueued,
) -> DomainResult<Option<AccountMail>> {
    use account_tokens::Column as C;
    let txn = db.begin().await?;
    let mut find = account_tokens::Entity::find_by_id(queued.token_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        // A second worker (its lease lapsed) waits, then sees this one's outcome.
        find = find.lock_exclusive();
    }
    let Some(row) = find.one(&txn).await? else {
        return Ok(None);
    };
    if row.used_at.is_some() || row.mailed_at.is_some() || row.expires_at <= Utc::now() {
        return Ok(None);
    }
    let purpose = Purpose::parse(&row.purpose).ok_or_else(|| {
        DomainError::Internal(format!("account token of unknown purpose {}", row.purpose))
    })?;
    let Some(user) = users::Entity::find_by_id(row.user_id).one(&txn).await? else {
        return Ok(None);
    };
    let token = if purpose.has_token() {
        let token = crate::secret::random_token()?;
        account_tokens::Entity::update_many()
            .col_expr(C::TokenHash, Expr::value(crate::secret::hash(&token)))
            .filter(C::Id.eq(row.id))
            .exec(&txn)
            .await?;
        token
    } else {
        String::new()
    };
    txn.commit().await?;
    Ok(Some(AccountMail {
        id: row.id,
        purpose,
        email: user.email,
        name: user.name,
        token,
        expires_at: row.expires_at,
    }))
}

/// Marks a token e-mail sent.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn mail_sent(db: &DatabaseConnection, id: Uuid) -> DomainResult<()> {
    account_tokens::Entity::update_many()
        .col_expr(account_tokens::Column::MailedAt, Expr::value(Utc::now()))
        .filter(account_tokens::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

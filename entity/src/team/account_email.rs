//! E-mailed account tokens: address verification and password reset. A request writes a row;
//! the worker claims it, issues the token (only its hash is stored) and mails it. Each token
//! works once and expires; a reset ends every session of the account. The same path carries
//! notices without a token, such as "log-ins to your account were throttled".

use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait as _, LockBehavior, LockType, Order, Query};
use sea_orm::{
    ActiveValue::Set, Condition, ConnectionTrait, DatabaseConnection, DbBackend, QueryFilter,
    QueryOrder as _, TransactionTrait,
};

use super::password;
use crate::entities::{account_tokens, users};
use crate::error::{DomainError, DomainResult};
use crate::outbox::{MAX_ATTEMPTS, retry_delay};
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
    account_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user.0),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(None),
        created_at: Set(now),
        expires_at: Set(now + purpose.ttl()),
        used_at: Set(None),
        mailed_at: Set(None),
        lease_until: Set(None),
        attempts: Set(0),
        last_error: Set(None),
    }
    .insert(conn)
    .await?;
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
    request(db, user, Purpose::VerifyEmail).await?;
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
        request(db, UserId(user.id), purpose).await?;
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

/// A token e-mail ready to send.
pub struct AccountMail {
    pub id: Uuid,
    pub purpose: Purpose,
    pub email: String,
    pub name: String,
    pub token: String,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    /// Attempts including this one.
    pub attempts: i32,
}

/// An account e-mail parked after [`MAX_ATTEMPTS`] failures of its own.
#[derive(Clone, Debug)]
pub struct ParkedMail {
    pub id: Uuid,
    pub purpose: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub attempts: i32,
    pub last_error: Option<String>,
}

/// Account e-mails parked after their attempts whose tokens have not expired (what
/// `worker parked` lists beside the outbox's events).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn parked_mail(db: &DatabaseConnection) -> DomainResult<Vec<ParkedMail>> {
    use account_tokens::Column as C;
    let rows = account_tokens::Entity::find()
        .filter(C::MailedAt.is_null())
        .filter(C::UsedAt.is_null())
        .filter(C::Attempts.gte(MAX_ATTEMPTS))
        .filter(C::ExpiresAt.gt(Utc::now()))
        .order_by_asc(C::CreatedAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| ParkedMail {
            id: row.id,
            purpose: row.purpose,
            created_at: row.created_at,
            expires_at: row.expires_at,
            attempts: row.attempts,
            last_error: row.last_error,
        })
        .collect())
}

/// Queues a parked account e-mail again (`worker retry <id>`); false when `id` names none.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn retry_parked_mail(db: &DatabaseConnection, id: Uuid) -> DomainResult<bool> {
    use account_tokens::Column as C;
    let result = account_tokens::Entity::update_many()
        .col_expr(C::Attempts, Expr::value(0))
        .col_expr(C::LeaseUntil, Expr::value(Option::<DateTimeUtc>::None))
        .filter(C::Id.eq(id))
        .filter(C::MailedAt.is_null())
        .filter(C::UsedAt.is_null())
        .filter(C::Attempts.gte(MAX_ATTEMPTS))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Claims up to `limit` token e-mails that are due, issues their tokens and returns them to
/// mail. A claim lasts `lease`; a worker that dies leaves the row to be claimed again.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn claim_mail(
    db: &DatabaseConnection,
    limit: u64,
    lease: Duration,
) -> DomainResult<Vec<AccountMail>> {
    use account_tokens::Column as C;
    let now = Utc::now();
    let mut due = Query::select();
    due.column(C::Id)
        .from(account_tokens::Entity)
        .and_where(Expr::col(C::MailedAt).is_null())
        .and_where(Expr::col(C::UsedAt).is_null())
        .and_where(Expr::col(C::Attempts).lt(MAX_ATTEMPTS))
        .and_where(Expr::col(C::ExpiresAt).gt(now))
        .cond_where(
            Condition::any()
                .add(Expr::col(C::LeaseUntil).is_null())
                .add(Expr::col(C::LeaseUntil).lt(now)),
        )
        .order_by(C::CreatedAt, Order::Asc)
        .limit(limit);
    if db.get_database_backend() == DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let txn = db.begin().await?;
    let rows = account_tokens::Entity::update_many()
        .col_expr(C::LeaseUntil, Expr::value(now + lease))
        .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
        .filter(C::Id.in_subquery(due))
        .exec_with_returning(&txn)
        .await?;
    let mut mails = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(purpose) = Purpose::parse(&row.purpose) else {
            continue;
        };
        let Some(user) = users::Entity::find_by_id(row.user_id).one(&txn).await? else {
            continue;
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
        mails.push(AccountMail {
            id: row.id,
            purpose,
            email: user.email,
            name: user.name,
            token,
            expires_at: row.expires_at,
            created_at: row.created_at,
            attempts: row.attempts,
        });
    }
    txn.commit().await?;
    Ok(mails)
}

/// Extends the claim of `ids` (mails this worker claimed and has not finished) to `lease`
/// from now, so a slow batch is not taken by another worker and sent twice.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn extend_mail_lease(
    db: &DatabaseConnection,
    ids: &[Uuid],
    lease: Duration,
) -> DomainResult<()> {
    use account_tokens::Column as C;
    account_tokens::Entity::update_many()
        .col_expr(C::LeaseUntil, Expr::value(Utc::now() + lease))
        .filter(C::Id.is_in(ids.iter().copied()))
        .filter(C::MailedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
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

/// The longest wait between two tries of an account e-mail whose SMTP server is down.
const MAX_TRANSIENT_DELAY: Duration = Duration::minutes(10);

/// Records a failed send; the row is claimed again after a back-off. Like the outbox's
/// events: a failure of the mail itself (or a worker dying with it: its claim counted) uses
/// up one of [`MAX_ATTEMPTS`], after which the mail is parked (see [`parked_mail`]); a
/// transient failure (the SMTP server down) gives its attempt back and is retried, waiting
/// longer as the outage goes on (up to 10 minutes), until the token expires.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn mail_failed(
    db: &DatabaseConnection,
    mail: &AccountMail,
    kind: crate::outbox::Failure,
    error: &str,
) -> DomainResult<()> {
    let error: String = error.chars().take(2000).collect();
    let now = Utc::now();
    let (attempts, delay) = match kind {
        crate::outbox::Failure::Permanent => (mail.attempts, retry_delay(mail.attempts)),
        crate::outbox::Failure::Transient => {
            // A quarter of the outage so far: tries thin out as it goes on.
            let waited = (now - mail.created_at) / 4;
            let delay = waited.clamp(Duration::seconds(2), MAX_TRANSIENT_DELAY);
            (std::cmp::Ord::max(mail.attempts - 1, 0), delay)
        }
    };
    account_tokens::Entity::update_many()
        .col_expr(account_tokens::Column::Attempts, Expr::value(attempts))
        .col_expr(account_tokens::Column::LeaseUntil, Expr::value(now + delay))
        .col_expr(account_tokens::Column::LastError, Expr::value(error))
        .col_expr(
            account_tokens::Column::TokenHash,
            Expr::value(Option::<String>::None),
        )
        .filter(account_tokens::Column::Id.eq(mail.id))
        .exec(db)
        .await?;
    Ok(())
}

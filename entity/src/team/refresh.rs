//! Rotating refresh tokens with reuse detection.
//!
//! Each login starts a family. Using a token marks it used and issues its successor in the
//! same family; presenting a token that was already used (stolen, or replayed) revokes the
//! whole family, so both the thief and the victim must log in again, unless it comes back
//! within [`REUSE_GRACE`] of its first use: two tabs refreshing one session at once both get
//! the same successor. The used token keeps its successor sealed with itself, so only who
//! presents it can have the successor again.

use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, QueryFilter, TransactionTrait,
};

use crate::entities::refresh_tokens;
use crate::error::{DomainError, DomainResult};
use crate::scope::UserId;

pub const REFRESH_TOKEN_TTL: Duration = Duration::days(30);
/// How long after its first use a refresh token still gives the same successor.
pub const REUSE_GRACE: Duration = Duration::seconds(30);
const INVALID: DomainError = DomainError::Unauthenticated("invalid or expired refresh token");

use crate::secret::hash as token_hash;

/// Issues a new token in `family` and returns its plain text (shown to the client once).
pub(crate) async fn issue<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
    family: Uuid,
) -> DomainResult<String> {
    let token = crate::secret::random_token()?;
    insert(conn, user, family, &token).await?;
    Ok(token)
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
    family: Uuid,
    token: &str,
) -> DomainResult<()> {
    let now = Utc::now();
    refresh_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user.0),
        family_id: Set(family),
        token_hash: Set(token_hash(token)),
        created_at: Set(now),
        expires_at: Set(now + REFRESH_TOKEN_TTL),
        used_at: Set(None),
        revoked_at: Set(None),
        successor_sealed: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Exchanges a refresh token for its successor.
///
/// # Errors
/// `UNAUTHENTICATED` when the token is unknown, expired or revoked, or was already used more
/// than [`REUSE_GRACE`] ago; in the last case the whole family is revoked before the error
/// is returned.
#[tracing::instrument(skip_all)]
pub async fn rotate_refresh_token(
    db: &DatabaseConnection,
    token: &str,
) -> DomainResult<(UserId, String)> {
    let txn = db.begin().await?;
    let Some(row) = find(&txn, token).await? else {
        return Err(INVALID);
    };
    let now = Utc::now();
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(INVALID);
    }
    let user = UserId(row.user_id);
    // A password change in progress ends every session: wait for it, then find this one gone.
    super::credentials::lock_user(&txn, user, false).await?;
    // Claim the token atomically: of two concurrent uses exactly one sees a row change. The
    // successor is sealed into the token's row in the same statement, so a second use that
    // finds the token claimed also finds its successor.
    let successor = crate::secret::random_token()?;
    let sealed = crate::secret::seal(&successor, token);
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .col_expr(refresh_tokens::Column::SuccessorSealed, Expr::value(sealed))
        .filter(refresh_tokens::Column::Id.eq(row.id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 1 {
        insert(&txn, user, row.family_id, &successor).await?;
        txn.commit().await?;
        return Ok((user, successor));
    }
    // Used already (or revoked meanwhile: a password change ended every session).
    let Some(used) = refresh_tokens::Entity::find_by_id(row.id).one(&txn).await? else {
        return Err(INVALID);
    };
    if used.revoked_at.is_some() {
        return Err(INVALID);
    }
    if let Some(successor) = successor_in_grace(&txn, &used, token, now).await? {
        return Ok((user, successor));
    }
    revoke_family(&txn, row.family_id).await?;
    txn.commit().await?;
    tracing::warn!(user_id = %row.user_id, family_id = %row.family_id, "refresh token reused; family revoked");
    Err(DomainError::Unauthenticated(
        "refresh token was already used; the session has been revoked",
    ))
}

async fn find<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> DomainResult<Option<refresh_tokens::Model>> {
    Ok(refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(token_hash(token)))
        .one(conn)
        .await?)
}

/// The successor `used` (presented as `token`) was exchanged for, when that was less than
/// [`REUSE_GRACE`] ago and the successor is still valid.
async fn successor_in_grace<C: ConnectionTrait>(
    conn: &C,
    used: &refresh_tokens::Model,
    token: &str,
    now: chrono::DateTime<Utc>,
) -> DomainResult<Option<String>> {
    let within_grace = used.used_at.is_some_and(|at| now - at <= REUSE_GRACE);
    let Some(sealed) = used.successor_sealed.as_deref().filter(|_| within_grace) else {
        return Ok(None);
    };
    let Some(successor) = crate::secret::seal(sealed, token) else {
        return Ok(None);
    };
    let valid = find(conn, &successor).await?.is_some_and(|row| {
        row.family_id == used.family_id && row.revoked_at.is_none() && row.expires_at > now
    });
    Ok(valid.then_some(successor))
}

/// Ends the session the token belongs to (log out). Unknown tokens are ignored.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn revoke_refresh_family(db: &DatabaseConnection, token: &str) -> DomainResult<bool> {
    let Some(row) = find(db, token).await? else {
        return Ok(false);
    };
    revoke_family(db, row.family_id).await?;
    Ok(true)
}

async fn revoke_family<C: ConnectionTrait>(conn: &C, family: Uuid) -> DomainResult<()> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_tokens::Column::FamilyId.eq(family))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Deletes up to `batch` tokens that expired more than a day ago; returns how many.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn purge_expired_refresh_tokens(
    db: &DatabaseConnection,
    batch: u64,
) -> DomainResult<u64> {
    let cutoff = Utc::now() - Duration::days(1);
    Ok(crate::db::delete_batch::<refresh_tokens::Entity>(
        db,
        refresh_tokens::Column::Id,
        sea_orm::Condition::all().add(refresh_tokens::Column::ExpiresAt.lt(cutoff)),
        batch,
    )
    .await?)
}

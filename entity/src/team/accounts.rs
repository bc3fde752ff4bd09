//! Signing up, logging in, and who the current user is.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter, QueryOrder};

use super::account_email::{self, Purpose};
use super::organizations::{MembershipView, audit_creation, insert_organization_with_owner};
use super::{password, refresh};
use crate::entities::{memberships, organizations, users};
use crate::error::{DomainError, DomainResult};
use crate::scope::{OrgId, TenantTx, UserId, begin_for_user};
use crate::types::{Email, Name, NewPassword};

pub struct SignUp<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub name: &'a str,
    pub organization_name: &'a str,
    /// Where the request came from, for the new organization's audit log.
    pub ip: Option<String>,
}

/// A fresh login: the user, the organization to start in, and a new refresh token.
pub struct Session {
    pub user: users::Model,
    pub organization: Option<organizations::Model>,
    pub refresh_token: String,
}

/// Creates a user, their first organization (as owner) and a login session, in one transaction.
///
/// # Errors
/// `BAD_USER_INPUT` on the offending field; `CONFLICT` on `email` when it is taken.
#[tracing::instrument(skip_all)]
pub async fn sign_up(db: &DatabaseConnection, input: SignUp<'_>) -> DomainResult<Session> {
    let email = Email::parse(input.email)?;
    let password = NewPassword::parse(input.password)?;
    let name = Name::parse("name", input.name)?;
    let org_name = Name::parse("organizationName", input.organization_name)?;
    let password_hash = password::hash(password.expose().to_owned()).await?;

    let now = Utc::now();
    let user_id = UserId(Uuid::now_v7());
    let org_id = OrgId(Uuid::now_v7());
    let tx = TenantTx::begin_for(db, org_id, Some(user_id)).await?;
    let user = users::ActiveModel {
        id: Set(user_id.0),
        email: Set(email.as_str().to_owned()),
        name: Set(name.into_inner()),
        password_hash: Set(password_hash),
        email_verified_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        DomainError::on_unique_violation(e, "email", "an account with this e-mail already exists")
    })?;
    let organization = insert_organization_with_owner(&tx, org_name, user_id).await?;
    audit_creation(&tx, user_id, "signUp", input.ip).await?;
    let refresh_token = refresh::issue(tx.conn(), user_id, Uuid::now_v7()).await?;
    account_email::request(tx.conn(), user_id, Purpose::VerifyEmail).await?;
    tx.note_enqueued();
    tx.commit().await?;
    tracing::info!(user_id = %user_id, org_id = %org_id, "signed up");
    Ok(Session {
        user,
        organization: Some(organization),
        refresh_token,
    })
}

/// Checks an e-mail and password and starts a session in the user's first organization.
///
/// # Errors
/// `UNAUTHENTICATED` with one message for an unknown e-mail and a wrong password alike; both
/// take the time of one password verification.
#[tracing::instrument(skip_all)]
pub async fn log_in(db: &DatabaseConnection, email: &str, password: &str) -> DomainResult<Session> {
    const WRONG: DomainError = DomainError::Unauthenticated("wrong e-mail or password");
    let user = match Email::parse(email) {
        Ok(email) => {
            users::Entity::find()
                .filter(users::Column::Email.eq(email.as_str()))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    if !password::verify(password.to_owned(), stored).await {
        return Err(WRONG);
    }
    let user = user.ok_or(WRONG)?;
    let user_id = UserId(user.id);
    let organization = memberships_of(db, user_id)
        .await?
        .into_iter()
        .next()
        .map(|m| m.organization);
    let refresh_token = super::credentials::start_session(db, user_id, &user.password_hash).await?;
    Ok(Session {
        user,
        organization,
        refresh_token,
    })
}

/// # Errors
/// `UNAUTHENTICATED` when the user no longer exists.
#[tracing::instrument(skip_all)]
pub async fn current_user(db: &DatabaseConnection, user: UserId) -> DomainResult<users::Model> {
    users::Entity::find_by_id(user.0)
        .one(db)
        .await?
        .ok_or(DomainError::Unauthenticated("the account no longer exists"))
}

/// Every organization the user belongs to, oldest membership first.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn memberships_of(
    db: &DatabaseConnection,
    user: UserId,
) -> DomainResult<Vec<MembershipView>> {
    let txn = begin_for_user(db, user).await?;
    let rows = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user.0))
        .find_also_related(organizations::Entity)
        .order_by_asc(memberships::Column::CreatedAt)
        .order_by_asc(memberships::Column::OrganizationId)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows
        .into_iter()
        .filter_map(|(membership, organization)| {
            organization.map(|organization| MembershipView {
                role: membership.role,
                organization,
            })
        })
        .collect())
}

//! Invitations: an admin invites an e-mail address with a role; the worker e-mails a
//! single-use link that expires; accepting it makes the invitee a member — an existing user
//! or a new one who sets a password.

use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::{password, refresh};
use crate::audit::{AuditEntry, record};
use crate::entities::{invitations, memberships, organizations, users};
use crate::error::{DomainError, DomainResult};
use crate::outbox::{Topic, enqueue};
use crate::scope::{OrgId, Role, TenantScope, TenantTx, UserId};
use crate::types::{Email, Name, NewPassword};

pub const INVITATION_TTL: Duration = Duration::days(7);
const INVALID: DomainError = DomainError::BadInput {
    field: std::borrow::Cow::Borrowed("token"),
    message: std::borrow::Cow::Borrowed("is not a valid invitation"),
};

/// The outbox payload asking the worker to e-mail an invitation.
#[derive(Debug, Serialize, Deserialize)]
pub struct InvitationCreated {
    pub invitation_id: Uuid,
}

/// Invites `email` with `role`, replacing a pending invitation of the same address.
///
/// # Errors
/// `FORBIDDEN` below admin or for the owner role without being owner; `BAD_USER_INPUT` on
/// `email`; `CONFLICT` when the address already belongs to a member.
#[tracing::instrument(skip_all)]
pub async fn invite_member(
    tx: &TenantTx,
    scope: &TenantScope,
    email: &str,
    role: Role,
) -> DomainResult<invitations::Model> {
    scope.require(Role::Admin)?;
    if role == Role::Owner && scope.role < Role::Owner {
        return Err(DomainError::forbidden("only an owner can invite owners"));
    }
    let email = Email::parse(email)?;
    // Two admins inviting one address at once leave one pending invitation.
    tx.lock_organization().await?;
    let existing = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(tx.conn())
        .await?;
    if let Some(user) = existing {
        let member = tx
            .select::<memberships::Entity>()
            .filter(memberships::Column::UserId.eq(user.id))
            .one(tx.conn())
            .await?;
        if member.is_some() {
            return Err(DomainError::conflict(
                "email",
                "this person is already a member of the organization",
            ));
        }
    }
    let now = Utc::now();
    invitations::Entity::update_many()
        .col_expr(invitations::Column::RevokedAt, Expr::value(now))
        .filter(invitations::Column::OrganizationId.eq(tx.org().0))
        .filter(invitations::Column::Email.eq(email.as_str()))
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?;
    let invitation = invitations::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(Uuid::now_v7()),
        email: Set(email.as_str().to_owned()),
        role: Set(role),
        invited_by: Set(scope.user.0),
        token_hash: Set(None),
        created_at: Set(now),
        expires_at: Set(now + INVITATION_TTL),
        mailed_at: Set(None),
        accepted_at: Set(None),
        accepted_by: Set(None),
        revoked_at: Set(None),
    }
    .insert(tx.conn())
    .await?;
    enqueue(
        tx,
        Topic::Invitation,
        &InvitationCreated {
            invitation_id: invitation.id,
        },
    )
    .await?;
    Ok(invitation)
}

/// Invitations not yet accepted, withdrawn or expired, newest first.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn pending_invitations(tx: &TenantTx) -> DomainResult<Vec<invitations::Model>> {
    Ok(tx
        .select::<invitations::Entity>()
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .filter(invitations::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(invitations::Column::CreatedAt)
        .all(tx.conn())
        .await?)
}

/// Withdraws a pending invitation; its link stops working.
///
/// # Errors
/// `FORBIDDEN` below admin; `NOT_FOUND` unless pending.
#[tracing::instrument(skip_all)]
pub async fn revoke_invitation(tx: &TenantTx, scope: &TenantScope, id: Uuid) -> DomainResult<()> {
    scope.require(Role::Admin)?;
    let result = invitations::Entity::update_many()
        .col_expr(invitations::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(invitations::Column::OrganizationId.eq(tx.org().0))
        .filter(invitations::Column::Id.eq(id))
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?;
    if result.rows_affected == 0 {
        return Err(DomainError::not_found("invitation"));
    }
    Ok(())
}

/// What the worker e-mails for one invitation.
pub struct InvitationMail {
    pub email: String,
    pub organization: String,
    pub inviter: String,
    pub role: Role,
    pub token: String,
    pub expires_at: DateTimeUtc,
}

/// Issues the token of a pending invitation for its e-mail (a retry issues a new one; only
/// the last one mailed works). `None` when the invitation is no longer pending.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn invitation_mail(
    db: &DatabaseConnection,
    org: OrgId,
    invitation_id: Uuid,
) -> DomainResult<Option<InvitationMail>> {
    let tx = TenantTx::begin_for(db, org, None).await?;
    let Some(invitation) = tx
        .select::<invitations::Entity>()
        .filter(invitations::Column::Id.eq(invitation_id))
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .filter(invitations::Column::ExpiresAt.gt(Utc::now()))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let secret = crate::secret::random_token()?;
    invitations::Entity::update_many()
        .col_expr(
            invitations::Column::TokenHash,
            Expr::value(crate::secret::hash(&secret)),
        )
        .col_expr(invitations::Column::MailedAt, Expr::value(Utc::now()))
        .filter(invitations::Column::OrganizationId.eq(org.0))
        .filter(invitations::Column::Id.eq(invitation.id))
        .exec(tx.conn())
        .await?;
    let organization = organizations::Entity::find_by_id(org.0)
        .one(tx.conn())
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let inviter = users::Entity::find_by_id(invitation.invited_by)
        .one(tx.conn())
        .await?
        .map(|u| u.name)
        .unwrap_or_else(|| "A colleague".to_owned());
    tx.commit().await?;
    Ok(Some(InvitationMail {
        email: invitation.email,
        organization,
        inviter,
        role: invitation.role,
        token: format!("{}.{}.{secret}", org.0.simple(), invitation.id.simple()),
        expires_at: invitation.expires_at,
    }))
}

/// Who accepts an invitation.
pub enum Acceptor<'a> {
    /// A logged-in user; the invitation must be for their address.
    User(UserId),
    /// Someone not logged in: the password of the account with the invited address, or, when
    /// there is none yet, a name and password for a new account.
    Credentials {
        name: Option<&'a str>,
        password: &'a str,
    },
}

/// The membership an accepted invitation created.
pub struct Accepted {
    pub user: users::Model,
    pub organization: organizations::Model,
    pub role: Role,
    /// A new login session when the acceptor was not logged in.
    pub refresh_token: Option<String>,
}

fn parse_token(token: &str) -> Option<(OrgId, Uuid, &str)> {
    let mut parts = token.trim().splitn(3, '.');
    let org = Uuid::parse_str(parts.next()?).ok()?;
    let id = Uuid::parse_str(parts.next()?).ok()?;
    Some((OrgId(org), id, parts.next()?))
}

/// Accepts an invitation: once, before it expires, for the invited address.
///
/// # Errors
/// `BAD_USER_INPUT` for an unknown, expired or withdrawn invitation or a bad new password;
/// `CONFLICT` when it was already used or the user is already a member; `FORBIDDEN` when
/// it is for another address; `UNAUTHENTICATED` for a wrong password. Nothing is written then.
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &str,
    acceptor: Acceptor<'_>,
    ip: Option<String>,
    billing: &crate::billing::Billing,
) -> DomainResult<Accepted> {
    let (org, id, secret) = parse_token(token).ok_or(INVALID)?;
    let tx = TenantTx::begin_for(db, org, None).await?;
    let invitation = tx
        .select::<invitations::Entity>()
        .filter(invitations::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .filter(|i| {
            i.token_hash
                .as_deref()
                .is_some_and(|stored| crate::secret::matches(secret, stored))
        })
        .ok_or(INVALID)?;
    if invitation.accepted_at.is_some() {
        return Err(DomainError::conflict(
            "token",
            "this invitation has already been used",
        ));
    }
    if invitation.revoked_at.is_some() {
        return Err(DomainError::bad_input(
            "token",
            "this invitation was withdrawn",
        ));
    }
    if invitation.expires_at <= Utc::now() {
        return Err(DomainError::bad_input(
            "token",
            "this invitation has expired; ask for a new one",
        ));
    }
    let (user, new_session) = acceptor_user(&tx, &invitation, acceptor).await?;
    // The claim: of concurrent acceptances exactly one updates the row.
    let claimed = invitations::Entity::update_many()
        .col_expr(invitations::Column::AcceptedAt, Expr::value(Utc::now()))
        .col_expr(invitations::Column::AcceptedBy, Expr::value(user.id))
        .filter(invitations::Column::OrganizationId.eq(org.0))
        .filter(invitations::Column::Id.eq(id))
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?;
    if claimed.rows_affected != 1 {
        return Err(DomainError::conflict(
            "token",
            "this invitation has already been used",
        ));
    }
    // Accepted now, so no longer counted as pending: one more member must fit the plan.
    crate::billing::ensure_can_add(&tx, billing, crate::billing::Resource::Members).await?;
    memberships::ActiveModel {
        organization_id: Set(org.0),
        user_id: Set(user.id),
        role: Set(invitation.role),
        low_stock_alerts: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| {
        DomainError::on_unique_violation(
            e,
            "token",
            "you are already a member of this organization",
        )
    })?;
    let scope = TenantScope::member(org, UserId(user.id), invitation.role);
    let summary =
        serde_json::json!({ "email": invitation.email, "role": format!("{:?}", invitation.role) });
    record(
        &tx,
        AuditEntry::by(&scope, "acceptInvitation", summary, ip).target("member", user.id),
    )
    .await?;
    let refresh_token = if new_session {
        Some(refresh::issue(tx.conn(), UserId(user.id), Uuid::now_v7()).await?)
    } else {
        None
    };
    let organization = super::get_organization(&tx).await?;
    tx.commit().await?;
    tracing::info!(org_id = %org, user_id = %user.id, "invitation accepted");
    Ok(Accepted {
        user,
        organization,
        role: invitation.role,
        refresh_token,
    })
}

/// The user who accepts, created when new; and whether they need a new session.
async fn acceptor_user(
    tx: &TenantTx,
    invitation: &invitations::Model,
    acceptor: Acceptor<'_>,
) -> DomainResult<(users::Model, bool)> {
    let existing = users::Entity::find()
        .filter(users::Column::Email.eq(invitation.email.as_str()))
        .one(tx.conn())
        .await?;
    match (acceptor, existing) {
        (Acceptor::User(user), existing) => match existing {
            Some(found) if found.id == user.0 => Ok((found, false)),
            _ => Err(DomainError::forbidden(
                "this invitation is for another e-mail address",
            )),
        },
        (
            Acceptor::Credentials {
                password: given, ..
            },
            Some(found),
        ) => {
            if password::verify(given.to_owned(), Some(found.password_hash.clone())).await {
                Ok((found, true))
            } else {
                Err(DomainError::Unauthenticated(
                    "an account with this e-mail exists: enter its password or log in first",
                ))
            }
        }
        (
            Acceptor::Credentials {
                name,
                password: given,
            },
            None,
        ) => {
            let name = Name::parse("name", name.unwrap_or_default())?;
            let given = NewPassword::parse(given)?;
            let password_hash = password::hash(given.expose().to_owned()).await?;
            let now = Utc::now();
            let user = users::ActiveModel {
                id: Set(Uuid::now_v7()),
                email: Set(invitation.email.clone()),
                name: Set(name.into_inner()),
                password_hash: Set(password_hash),
                // The invitation reached this address.
                email_verified_at: Set(Some(now)),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(tx.conn())
            .await
            .map_err(|e| {
                DomainError::on_unique_violation(
                    e,
                    "email",
                    "an account with this e-mail already exists",
                )
            })?;
            Ok((user, true))
        }
    }
}

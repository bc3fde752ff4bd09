use async_graphql::{ID, InputObject, Object, SimpleObject};
use entity::entities::{audit_log, invitations};
use entity::team::{ApiKeyView, KeyCreator};

use crate::graphql::account::types::Role;
use crate::graphql::scalars::Timestamp;

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// An invitation waiting to be accepted.
pub struct Invitation(pub invitations::Model);

#[Object]
impl Invitation {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    async fn invited_by_id(&self) -> ID {
        id(self.0.invited_by)
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
    async fn expires_at(&self) -> Timestamp {
        self.0.expires_at.into()
    }
    /// When the e-mail went out (null while it is queued).
    async fn mailed_at(&self) -> Option<Timestamp> {
        self.0.mailed_at.map(Timestamp)
    }
}

/// A key an integration authenticates with. The key itself is shown only at creation. It
/// never acts with more than its creator has now: demoting the creator caps its role, and
/// removing them revokes it.
pub struct ApiKey(pub ApiKeyView);

#[Object]
impl ApiKey {
    async fn id(&self) -> ID {
        id(self.0.key.id)
    }
    async fn name(&self) -> &str {
        &self.0.key.name
    }
    /// The most it may do (the creator's current role may limit it further).
    async fn role(&self) -> Role {
        self.0.key.role.into()
    }
    async fn created_by_id(&self) -> ID {
        id(self.0.key.created_by)
    }
    /// The member who made it; its access follows theirs.
    async fn created_by(&self) -> Option<ApiKeyCreator> {
        self.0.creator.clone().map(ApiKeyCreator)
    }
    async fn created_at(&self) -> Timestamp {
        self.0.key.created_at.into()
    }
    async fn expires_at(&self) -> Option<Timestamp> {
        self.0.key.expires_at.map(Timestamp)
    }
    /// Updated at most once a minute.
    async fn last_used_at(&self) -> Option<Timestamp> {
        self.0.key.last_used_at.map(Timestamp)
    }
    async fn revoked_at(&self) -> Option<Timestamp> {
        self.0.key.revoked_at.map(Timestamp)
    }
}

/// Who made an API key, as they are now.
pub struct ApiKeyCreator(KeyCreator);

#[Object]
impl ApiKeyCreator {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Their role in the organization; null when they are no longer a member.
    async fn role(&self) -> Option<Role> {
        self.0.role.map(Into::into)
    }
}

#[derive(SimpleObject)]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    /// Send as `Authorization: Bearer <key>`. Shown this once; only a hash is kept.
    pub key: String,
}

/// One change in the organization: who, what, when, from where.
pub struct AuditLogEntry(pub audit_log::Model);

#[Object]
impl AuditLogEntry {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn occurred_at(&self) -> Timestamp {
        self.0.occurred_at.into()
    }
    /// The user who acted (for an API key: the member who created it).
    async fn actor_user_id(&self) -> Option<ID> {
        self.0.actor_user_id.map(id)
    }
    async fn actor_api_key_id(&self) -> Option<ID> {
        self.0.actor_api_key_id.map(id)
    }
    /// The user's e-mail or the key's name at the time.
    async fn actor(&self) -> &str {
        &self.0.actor_label
    }
    /// The mutation, e.g. `stockOut`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    async fn target_type(&self) -> Option<&str> {
        self.0.target_type.as_deref()
    }
    async fn target_id(&self) -> Option<&str> {
        self.0.target_id.as_deref()
    }
    /// The mutation's arguments as JSON, secrets removed.
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    async fn ip(&self) -> Option<&str> {
        self.0.ip.as_deref()
    }
}

#[derive(InputObject, Default)]
pub struct AuditLogFilterInput {
    pub action: Option<String>,
    /// A user or API key id.
    pub actor_id: Option<ID>,
    pub target_id: Option<String>,
    /// At or after.
    pub from: Option<Timestamp>,
    /// Before.
    pub to: Option<Timestamp>,
}

#[derive(InputObject)]
pub struct InviteMemberInput {
    pub email: String,
    pub role: Role,
}

#[derive(InputObject)]
pub struct UpdateMemberRoleInput {
    pub user_id: ID,
    pub role: Role,
}

#[derive(InputObject)]
pub struct SetMemberLocationsInput {
    pub user_id: ID,
    /// The only locations the member may see and move stock at; empty: all of them.
    pub location_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct ReissueApiKeyInput {
    pub id: ID,
    /// Defaults to the old key's expiry when that is still ahead.
    pub expires_at: Option<Timestamp>,
}

#[derive(InputObject)]
pub struct CreateApiKeyInput {
    pub name: String,
    /// Viewer, member or admin.
    pub role: Role,
    pub expires_at: Option<Timestamp>,
}

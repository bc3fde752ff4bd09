use async_graphql::{Context, ID, Object, Result};
use entity::billing::{self, Resource};
use entity::events::TenantEvent;
use entity::scope::{Role, TenantScope};
use entity::team;

use super::types::{
    ApiKey, CreateApiKeyInput, CreatedApiKey, Invitation, InviteMemberInput, ReissueApiKeyInput,
    SetMemberLocationsInput, UpdateMemberRoleInput,
};
use crate::graphql::context::ContextExt as _;
use crate::graphql::live;
use crate::graphql::organization::Member;
use crate::graphql::scalars::parse_id;

#[derive(Default)]
pub struct TeamMutation;

/// Ends the open subscriptions of whoever lost or changed access.
async fn access_changed(
    ctx: &Context<'_>,
    scope: &TenantScope,
    user: Option<uuid::Uuid>,
    key: Option<uuid::Uuid>,
) {
    let event = TenantEvent::AccessChanged {
        user_id: user,
        api_key_id: key,
    };
    live::publish(ctx, scope.org, &event).await;
}

#[Object]
impl TeamMutation {
    /// E-mails `email` a link to join the selected organization with `role` (valid 7 days,
    /// once). A pending invitation of the same address is replaced. Needs the admin role;
    /// inviting an owner needs the owner role.
    async fn invite_member(
        &self,
        ctx: &Context<'_>,
        input: InviteMemberInput,
    ) -> Result<Invitation> {
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        billing::ensure_can_add(&tx, &ctx.services().billing, Resource::Members).await?;
        let invitation = team::invite_member(&tx, &scope, &input.email, input.role.into()).await?;
        tx.audit_target("invitation", invitation.id);
        tx.commit().await?;
        Ok(Invitation(invitation))
    }

    /// Withdraws a pending invitation. Needs the admin role.
    async fn revoke_invitation(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        team::revoke_invitation(&tx, &scope, id).await?;
        tx.audit_target("invitation", id);
        tx.commit().await?;
        Ok(true)
    }

    /// Gives a member another role. Needs the admin role; owners' roles need the owner role.
    /// The last owner cannot be demoted.
    async fn update_member_role(
        &self,
        ctx: &Context<'_>,
        input: UpdateMemberRoleInput,
    ) -> Result<Member> {
        let user = parse_id("userId", &input.user_id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let capped = team::update_member_role(&tx, &scope, user, input.role.into()).await?;
        let member = team::member(&tx, user).await?;
        tx.audit_target("member", user);
        if !capped.is_empty() {
            tx.audit_note("apiKeysCappedToRole", &capped);
        }
        tx.commit().await?;
        access_changed(ctx, &scope, Some(user), None).await;
        Ok(Member(member))
    }

    /// Removes a member: their access to this organization ends with their next request.
    /// Needs the admin role; removing an owner needs the owner role.
    async fn remove_member(&self, ctx: &Context<'_>, user_id: ID) -> Result<bool> {
        let user = parse_id("userId", &user_id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let revoked = team::remove_member(&tx, &scope, user).await?;
        tx.audit_target("member", user);
        if !revoked.is_empty() {
            tx.audit_note("apiKeysRevoked", &revoked);
        }
        tx.commit().await?;
        access_changed(ctx, &scope, Some(user), None).await;
        Ok(true)
    }

    /// Leaves the selected organization. The last owner must transfer ownership first.
    async fn leave_organization(&self, ctx: &Context<'_>) -> Result<bool> {
        let (scope, mut tx) = ctx.tenant_tx(Role::Viewer).await?;
        let revoked = team::leave_organization(&tx, &scope).await?;
        tx.audit_target("member", scope.user);
        if !revoked.is_empty() {
            tx.audit_note("apiKeysRevoked", &revoked);
        }
        tx.commit().await?;
        access_changed(ctx, &scope, Some(scope.user.0), None).await;
        Ok(true)
    }

    /// Makes another member an owner; you become an admin. Needs the owner role.
    async fn transfer_ownership(&self, ctx: &Context<'_>, user_id: ID) -> Result<bool> {
        let user = parse_id("userId", &user_id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Owner).await?;
        team::transfer_ownership(&tx, &scope, user).await?;
        tx.audit_target("member", user);
        tx.commit().await?;
        access_changed(ctx, &scope, Some(user), None).await;
        access_changed(ctx, &scope, Some(scope.user.0), None).await;
        Ok(true)
    }

    /// Restricts a member or viewer to some locations (an empty list lifts the restriction):
    /// they see and move stock only there. Needs the admin role.
    async fn set_member_locations(
        &self,
        ctx: &Context<'_>,
        input: SetMemberLocationsInput,
    ) -> Result<Member> {
        let user = parse_id("userId", &input.user_id)?;
        let locations = input
            .location_ids
            .iter()
            .map(|id| parse_id("locationIds", id))
            .collect::<Result<Vec<_>, _>>()?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        team::set_member_locations(&tx, &scope, user, &locations).await?;
        let member = team::member(&tx, user).await?;
        tx.audit_target("member", user);
        tx.commit().await?;
        access_changed(ctx, &scope, Some(user), None).await;
        Ok(Member(member))
    }

    /// Creates an API key with a role (at most admin, at most yours) and an optional expiry.
    /// The key is in the answer, this once. Needs the admin role.
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        input: CreateApiKeyInput,
    ) -> Result<CreatedApiKey> {
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let created = team::create_api_key(
            &tx,
            &scope,
            &input.name,
            input.role.into(),
            input.expires_at.map(|t| t.0),
        )
        .await?;
        tx.audit_target("apiKey", created.key.id);
        created_key(tx, created).await
    }

    /// Replaces a key with a new one of the same name and role, made by you (you become its
    /// creator), and revokes the old one if it still works: for keeping an integration whose
    /// creator left, or rotating its secret. The new key is in the answer, this once. Needs
    /// the admin role.
    async fn reissue_api_key(
        &self,
        ctx: &Context<'_>,
        input: ReissueApiKeyInput,
    ) -> Result<CreatedApiKey> {
        let id = parse_id("id", &input.id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let created = team::reissue_api_key(&tx, &scope, id, input.expires_at.map(|t| t.0)).await?;
        tx.audit_target("apiKey", created.key.id);
        tx.audit_note("replacesApiKey", id);
        let answer = created_key(tx, created).await?;
        access_changed(ctx, &scope, None, Some(id)).await;
        Ok(answer)
    }

    /// Revokes an API key: requests with it are refused from now on. Needs the admin role.
    async fn revoke_api_key(&self, ctx: &Context<'_>, id: ID) -> Result<ApiKey> {
        let id = parse_id("id", &id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let key = team::revoke_api_key(&tx, &scope, id).await?;
        tx.audit_target("apiKey", id);
        let key = team::with_creators(&tx, vec![key]).await?;
        tx.commit().await?;
        access_changed(ctx, &scope, None, Some(id)).await;
        Ok(key
            .into_iter()
            .next()
            .map(ApiKey)
            .ok_or(entity::DomainError::not_found("API key"))?)
    }
}

/// Commits a new key and answers with it, its creator and its secret.
async fn created_key(
    tx: entity::scope::TenantTx,
    created: team::CreatedKey,
) -> Result<CreatedApiKey> {
    let view = team::with_creators(&tx, vec![created.key]).await?;
    tx.commit().await?;
    let api_key = view
        .into_iter()
        .next()
        .map(ApiKey)
        .ok_or(entity::DomainError::not_found("API key"))?;
    Ok(CreatedApiKey {
        api_key,
        key: created.secret,
    })
}

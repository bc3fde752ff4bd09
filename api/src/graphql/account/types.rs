use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use entity::entities::{organizations, users};
use entity::scope::Role as DomainRole;
use entity::team::MembershipView;

use crate::graphql::billing::{PlanLimits, PlanUsage};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::Timestamp;

/// A person who can log in.
pub struct User(pub users::Model);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn email(&self) -> &str {
        &self.0.email
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Whether the user proved they read mail at `email`.
    async fn email_verified(&self) -> bool {
        self.0.email_verified_at.is_some()
    }

    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
}

/// A company using Stockroom.
pub struct Organization(pub organizations::Model);

#[Object]
impl Organization {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Whether stock may go below zero.
    async fn allow_negative_stock(&self) -> bool {
        self.0.allow_negative_stock
    }

    /// The closed period ends before this date (see `closePeriod`): nothing can be recorded
    /// before it. `null`: no period is closed.
    async fn closed_before(&self) -> Option<crate::graphql::scalars::Date> {
        self.0.closed_before.map(Into::into)
    }

    /// What new purchase order numbers start with.
    async fn purchase_order_prefix(&self) -> &str {
        &self.0.purchase_order_prefix
    }

    /// Whether a purchase order line may be received beyond what was ordered.
    async fn allow_over_receipt(&self) -> bool {
        self.0.allow_over_receipt
    }

    /// Days of sales a reorder suggestion covers beyond the lead time.
    async fn reorder_cover_days(&self) -> i32 {
        self.0.reorder_cover_days
    }

    /// What new sales order numbers start with.
    async fn sales_order_prefix(&self) -> &str {
        &self.0.sales_order_prefix
    }

    /// What new invoice numbers start with.
    async fn invoice_prefix(&self) -> &str {
        &self.0.invoice_prefix
    }

    /// What new credit note numbers start with.
    async fn credit_note_prefix(&self) -> &str {
        &self.0.credit_note_prefix
    }

    /// ISO 4217 code of the currency prices and new invoices are in.
    async fn currency(&self) -> &str {
        &self.0.currency
    }

    /// Days from an invoice's issue to its due date.
    async fn payment_terms_days(&self) -> i32 {
        self.0.payment_terms_days
    }

    /// Printed on invoices.
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }

    /// An https address of the logo shown on invoices.
    async fn logo_url(&self) -> Option<&str> {
        self.0.logo_url.as_deref()
    }

    /// Local time of the daily low-stock digest, `HH:MM`.
    async fn digest_time(&self) -> &str {
        &self.0.digest_time
    }

    /// IANA time zone of the digest time.
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }

    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }

    /// The plan's id (`self-hosted` when billing is off, `free` without a subscription).
    async fn plan(&self, ctx: &Context<'_>) -> String {
        ctx.services().billing.plan_of(&self.0).id.clone()
    }

    async fn plan_name(&self, ctx: &Context<'_>) -> String {
        ctx.services().billing.plan_of(&self.0).name.clone()
    }

    /// Stripe's subscription status (`active`, `past_due`, `canceled`, …); null without one.
    async fn subscription_status(&self) -> Option<&str> {
        self.0.subscription_status.as_deref()
    }

    async fn current_period_end(&self) -> Option<Timestamp> {
        self.0.current_period_end.map(Timestamp)
    }

    /// What the plan allows; null is unlimited.
    async fn limits(&self, ctx: &Context<'_>) -> PlanLimits {
        ctx.services().billing.plan_of(&self.0).limits.into()
    }

    /// How much of the plan is used. Only for the organization selected with
    /// `X-Organization-Id`.
    async fn usage(&self, ctx: &Context<'_>) -> async_graphql::Result<PlanUsage> {
        let tx = ctx.reader(entity::scope::Role::Viewer).await?;
        if tx.org().0 != self.0.id {
            return Err(entity::DomainError::bad_input(
                "X-Organization-Id",
                "usage is shown for the selected organization only",
            )
            .into());
        }
        let usage = entity::billing::usage(&tx).await?;
        drop(tx);
        Ok(PlanUsage {
            members: usage.members,
            items: usage.items,
            locations: usage.locations,
        })
    }

    /// True when an unpaid subscription has made the organization read-only.
    async fn read_only(&self, ctx: &Context<'_>) -> bool {
        ctx.services()
            .billing
            .read_only_since(&self.0, Utc::now())
            .is_some()
    }
}

/// What a member may do: a viewer reads; a member records stock and edits items; an admin
/// also manages locations, partners, settings and members; an owner also billing.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Viewer,
    Member,
    Admin,
    Owner,
}

impl From<Role> for DomainRole {
    fn from(role: Role) -> Self {
        match role {
            Role::Viewer => Self::Viewer,
            Role::Member => Self::Member,
            Role::Admin => Self::Admin,
            Role::Owner => Self::Owner,
        }
    }
}

impl From<DomainRole> for Role {
    fn from(role: DomainRole) -> Self {
        match role {
            DomainRole::Viewer => Self::Viewer,
            DomainRole::Member => Self::Member,
            DomainRole::Admin => Self::Admin,
            DomainRole::Owner => Self::Owner,
        }
    }
}

/// One of the current user's organizations.
pub struct Membership(pub MembershipView);

#[Object]
impl Membership {
    async fn role(&self) -> Role {
        self.0.role.into()
    }

    async fn organization(&self) -> Organization {
        Organization(self.0.organization.clone())
    }
}

#[derive(SimpleObject)]
pub struct Me {
    pub user: User,
    pub memberships: Vec<Membership>,
}

/// A new session: send `accessToken` as `Authorization: Bearer …`; exchange `refreshToken`
/// for a new pair before the access token expires.
#[derive(SimpleObject)]
pub struct AuthPayload {
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub refresh_token: String,
    pub user: User,
    /// The organization to start in (for `logIn`, the user's first one).
    pub organization: Option<Organization>,
}

#[derive(InputObject)]
pub struct SignUpInput {
    pub email: String,
    pub password: String,
    pub name: String,
    pub organization_name: String,
}

#[derive(InputObject)]
pub struct LogInInput {
    pub email: String,
    pub password: String,
}

#[derive(InputObject)]
pub struct CreateOrganizationInput {
    pub name: String,
}

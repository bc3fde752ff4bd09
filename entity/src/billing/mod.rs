//! Plans, their limits, and each organization's subscription state as Stripe reports it.
//!
//! With billing off (no Stripe key) every organization has the self-hosted plan without
//! limits. With billing on, an organization starts on the free plan; its subscription moves it
//! to a paid one. Over a limit (after a downgrade, say) it keeps recording stock but cannot
//! add items, locations or members; unpaid past the grace period, it becomes read-only.

mod events;
mod plans;

pub use events::{
    Applied, EVENT_RETENTION, StripeEvent, apply_stripe_event, payment_failed_notice,
    purge_stripe_events,
};
pub use plans::{Billing, DEFAULT_PLANS, Limits, Plan};

use chrono::Utc;
use sea_orm::QueryFilter;
use sea_orm::entity::prelude::*;

use crate::entities::{invitations, items, locations, memberships, organizations};
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;

/// What a plan limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Members,
    Items,
    Locations,
}

impl Resource {
    pub fn name(self) -> &'static str {
        match self {
            Self::Members => "members",
            Self::Items => "items",
            Self::Locations => "locations",
        }
    }
}

/// How much of each limited resource an organization uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Members plus pending invitations.
    pub members: u64,
    /// Active (not archived) items.
    pub items: u64,
    /// Active locations.
    pub locations: u64,
}

impl Usage {
    pub fn of(self, resource: Resource) -> u64 {
        match resource {
            Resource::Members => self.members,
            Resource::Items => self.items,
            Resource::Locations => self.locations,
        }
    }
}

/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn usage(tx: &TenantTx) -> DomainResult<Usage> {
    let members = tx.select::<memberships::Entity>().count(tx.conn()).await?;
    let pending = tx
        .select::<invitations::Entity>()
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .filter(invitations::Column::ExpiresAt.gt(Utc::now()))
        .count(tx.conn())
        .await?;
    let items = tx
        .select::<items::Entity>()
        .filter(items::Column::Archived.eq(false))
        .count(tx.conn())
        .await?;
    let locations = tx
        .select::<locations::Entity>()
        .filter(locations::Column::Archived.eq(false))
        .count(tx.conn())
        .await?;
    Ok(Usage {
        members: members + pending,
        items,
        locations,
    })
}

fn writable(billing: &Billing, organization: &organizations::Model) -> DomainResult<()> {
    match billing.read_only_since(organization, Utc::now()) {
        Some(since) => Err(DomainError::ReadOnly { since }),
        None => Ok(()),
    }
}

/// Refuses changes to an organization that is read-only (unpaid past the grace period).
///
/// # Errors
/// `FORBIDDEN` with reason `SUBSCRIPTION_UNPAID`.
#[tracing::instrument(skip_all)]
pub async fn ensure_writable(tx: &TenantTx, billing: &Billing) -> DomainResult<()> {
    if !billing.enabled() {
        return Ok(());
    }
    writable(billing, &tx.organization().await?)
}

/// Checks that one more `resource` fits the organization's plan. Call it in the transaction
/// that adds it: the organization stays locked until that commits.
///
/// # Errors
/// `PLAN_LIMIT_REACHED` with the resource, limit and usage; `FORBIDDEN` when read-only.
#[tracing::instrument(skip_all)]
pub async fn ensure_can_add(
    tx: &TenantTx,
    billing: &Billing,
    resource: Resource,
) -> DomainResult<()> {
    if !billing.enabled() {
        return Ok(());
    }
    // Concurrent additions are counted one after another.
    tx.lock_organization().await?;
    let organization = crate::team::get_organization(tx).await?;
    writable(billing, &organization)?;
    let Some(limit) = billing.plan_of(&organization).limits.of(resource) else {
        return Ok(());
    };
    let usage = usage(tx).await?.of(resource);
    if usage >= limit {
        return Err(DomainError::PlanLimitReached {
            resource: resource.name(),
            limit,
            usage,
        });
    }
    Ok(())
}

/// Records the Stripe customer created for the organization (once; a racing request that
/// created the same customer through the same idempotency key writes the same id).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn set_customer(tx: &TenantTx, customer: &str) -> DomainResult<()> {
    organizations::Entity::update_many()
        .col_expr(
            organizations::Column::StripeCustomerId,
            sea_orm::sea_query::Expr::value(customer),
        )
        .filter(organizations::Column::Id.eq(tx.org().0))
        .filter(organizations::Column::StripeCustomerId.is_null())
        .exec(tx.conn())
        .await?;
    Ok(())
}

//! Billing: the plans on offer, the organization's plan and usage, and Stripe Checkout and
//! Customer Portal sessions (owners only).

use async_graphql::{Context, Object, Result, SimpleObject};
use entity::DomainError;
use entity::billing::{self, Limits, Plan as DomainPlan};
use entity::scope::{Role, TenantScope};

use crate::graphql::context::ContextExt as _;

/// What a plan allows; null is unlimited.
#[derive(SimpleObject)]
pub struct PlanLimits {
    pub members: Option<u64>,
    pub items: Option<u64>,
    pub locations: Option<u64>,
}

impl From<Limits> for PlanLimits {
    fn from(limits: Limits) -> Self {
        Self {
            members: limits.members,
            items: limits.items,
            locations: limits.locations,
        }
    }
}

/// How much of its plan an organization uses.
#[derive(SimpleObject)]
pub struct PlanUsage {
    /// Members and pending invitations.
    pub members: u64,
    pub items: u64,
    pub locations: u64,
}

#[derive(SimpleObject)]
pub struct Plan {
    pub id: String,
    pub name: String,
    pub limits: PlanLimits,
}

impl From<&DomainPlan> for Plan {
    fn from(plan: &DomainPlan) -> Self {
        Self {
            id: plan.id.clone(),
            name: plan.name.clone(),
            limits: plan.limits.into(),
        }
    }
}

/// Where to send the user's browser.
#[derive(SimpleObject)]
pub struct BillingSession {
    pub url: String,
}

#[derive(Default)]
pub struct BillingQuery;

#[Object]
impl BillingQuery {
    /// The plans this server offers (only the self-hosted one when billing is off).
    async fn plans(&self, ctx: &Context<'_>) -> Vec<Plan> {
        ctx.services()
            .billing
            .plans()
            .iter()
            .map(Plan::from)
            .collect()
    }
}

#[derive(Default)]
pub struct BillingMutation;

fn stripe_error(error: anyhow::Error) -> DomainError {
    DomainError::Internal(format!("Stripe: {error:#}"))
}

fn billing_off() -> DomainError {
    DomainError::bad_input("plan", "billing is not enabled on this server")
}

/// The organization's Stripe customer, created on first use. The Stripe call runs outside
/// any database transaction; its idempotency key is the organization's, so racing first uses
/// create one customer.
async fn customer(ctx: &Context<'_>, scope: &TenantScope) -> Result<String, DomainError> {
    let services = ctx.services();
    let stripe = services.stripe.as_ref().ok_or_else(billing_off)?;
    let tx = entity::scope::TenantTx::begin(&services.db, scope).await?;
    let organization = entity::team::get_organization(&tx).await?;
    tx.commit().await?;
    if let Some(customer) = organization.stripe_customer_id {
        return Ok(customer);
    }
    let email = entity::team::current_user(&services.db, scope.user)
        .await
        .ok()
        .map(|u| u.email);
    let created = stripe
        .create_customer(
            &organization.id.to_string(),
            &organization.name,
            email.as_deref(),
        )
        .await
        .map_err(stripe_error)?;
    let (_, mut tx) = ctx.tenant_tx(Role::Owner).await?;
    billing::set_customer(&tx, &created).await?;
    tx.audit_target("organization", scope.org);
    let stored = entity::team::get_organization(&tx)
        .await?
        .stripe_customer_id
        .unwrap_or(created);
    tx.commit().await?;
    Ok(stored)
}

/// Identical requests within a minute are one operation to Stripe.
fn minute() -> i64 {
    chrono::Utc::now().timestamp() / 60
}

#[Object]
impl BillingMutation {
    /// A Stripe Checkout page subscribing the selected organization to `plan`. Needs the
    /// owner role; creates the organization's Stripe customer on first use.
    async fn create_checkout_session(
        &self,
        ctx: &Context<'_>,
        plan: String,
    ) -> Result<BillingSession> {
        let scope = ctx.scope(Role::Owner).await?;
        let services = ctx.services();
        let stripe = services.stripe.as_ref().ok_or_else(billing_off)?;
        let price = services
            .billing
            .plan(&plan)
            .and_then(|p| p.price_id.clone())
            .ok_or_else(|| DomainError::bad_input("plan", "is not a paid plan of this server"))?;
        let customer = customer(ctx, &scope).await?;
        let org = scope.org.to_string();
        let success = format!("{}/settings/billing?checkout=success", services.app_url);
        let cancel = format!("{}/settings/billing?checkout=cancelled", services.app_url);
        let key = format!("checkout-{org}-{plan}-{}", minute());
        let url = stripe
            .create_checkout_session(::billing::CheckoutRequest {
                customer: &customer,
                price: &price,
                organization_id: &org,
                plan: &plan,
                success_url: &success,
                cancel_url: &cancel,
                idempotency_key: &key,
            })
            .await
            .map_err(stripe_error)?;
        Ok(BillingSession { url })
    }

    /// A Stripe Customer Portal page to change plan, payment method or cancel. Needs the
    /// owner role; works while the organization is read-only, so it can pay.
    async fn create_billing_portal_session(&self, ctx: &Context<'_>) -> Result<BillingSession> {
        let scope = ctx.scope(Role::Owner).await?;
        let services = ctx.services();
        let stripe = services.stripe.as_ref().ok_or_else(billing_off)?;
        let customer = customer(ctx, &scope).await?;
        let key = format!("portal-{}-{}", scope.org, minute());
        let url = stripe
            .create_portal_session(
                &customer,
                &format!("{}/settings/billing", services.app_url),
                &key,
            )
            .await
            .map_err(stripe_error)?;
        Ok(BillingSession { url })
    }
}

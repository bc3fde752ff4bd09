//! Outgoing Stripe calls. Every call carries an idempotency key derived from our own operation
//! (so a retried request, or two racing ones, make one customer or session in Stripe), and
//! only the fields we use are read from the answers.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context as _;
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeRequest as _};
use stripe_billing::billing_portal_session::CreateBillingPortalSession;
use stripe_checkout::CheckoutSessionMode;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionSubscriptionData,
};
use stripe_core::customer::CreateCustomer;

/// The part of a created Stripe object we keep.
#[derive(Debug, miniserde::Deserialize)]
pub struct SessionUrl {
    pub id: String,
    pub url: Option<String>,
}

/// A subscription Checkout for one organization and plan.
pub struct CheckoutRequest<'a> {
    pub customer: &'a str,
    pub price: &'a str,
    pub organization_id: &'a str,
    pub plan: &'a str,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    pub idempotency_key: &'a str,
}

pub struct StripeApi {
    client: Client,
}

fn strategy(key: &str) -> anyhow::Result<RequestStrategy> {
    Ok(RequestStrategy::Idempotent(
        IdempotencyKey::new(key).context("idempotency key")?,
    ))
}

impl StripeApi {
    /// A client for `secret_key`, at `api_base` (a local stand-in) or Stripe itself.
    ///
    /// # Errors
    /// When the base URL is invalid.
    pub fn new(secret_key: &str, api_base: Option<&str>) -> anyhow::Result<Self> {
        let mut builder = ClientBuilder::new(secret_key).timeout(Duration::from_secs(20));
        if let Some(base) = api_base {
            builder = builder.url(format!("{}/", base.trim_end_matches('/')));
        }
        Ok(Self {
            client: builder.build().context("STRIPE_API_BASE")?,
        })
    }

    /// Creates the Stripe customer of an organization. The key is the organization's, so
    /// concurrent first uses create one customer.
    ///
    /// # Errors
    /// When Stripe refuses or cannot be reached.
    pub async fn create_customer(
        &self,
        organization_id: &str,
        name: &str,
        email: Option<&str>,
    ) -> anyhow::Result<String> {
        let mut request = CreateCustomer::new().name(name).metadata(HashMap::from([(
            "organization_id".to_owned(),
            organization_id.to_owned(),
        )]));
        if let Some(email) = email {
            request = request.email(email);
        }
        let created: SessionUrl = request
            .build()
            .customize()
            .request_strategy(strategy(&format!("customer-{organization_id}"))?)
            .send(&self.client)
            .await
            .context("creating the Stripe customer")?;
        Ok(created.id)
    }

    /// A Checkout session subscribing the customer to the plan's price.
    ///
    /// # Errors
    /// When Stripe refuses or cannot be reached, or answers without a URL.
    pub async fn create_checkout_session(
        &self,
        checkout: CheckoutRequest<'_>,
    ) -> anyhow::Result<String> {
        let metadata = HashMap::from([
            (
                "organization_id".to_owned(),
                checkout.organization_id.to_owned(),
            ),
            ("plan".to_owned(), checkout.plan.to_owned()),
        ]);
        let mut line = CreateCheckoutSessionLineItems::new();
        line.price = Some(checkout.price.to_owned());
        line.quantity = Some(1);
        let mut subscription = CreateCheckoutSessionSubscriptionData::new();
        subscription.metadata = Some(metadata.clone());
        let created: SessionUrl = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Subscription)
            .customer(checkout.customer)
            .client_reference_id(checkout.organization_id)
            .line_items(vec![line])
            .metadata(metadata)
            .subscription_data(subscription)
            .success_url(checkout.success_url)
            .cancel_url(checkout.cancel_url)
            .build()
            .customize()
            .request_strategy(strategy(checkout.idempotency_key)?)
            .send(&self.client)
            .await
            .context("creating the Checkout session")?;
        created
            .url
            .context("Stripe answered without a Checkout URL")
    }

    /// A Customer Portal session where the customer manages their subscription.
    ///
    /// # Errors
    /// When Stripe refuses or cannot be reached, or answers without a URL.
    pub async fn create_portal_session(
        &self,
        customer: &str,
        return_url: &str,
        idempotency_key: &str,
    ) -> anyhow::Result<String> {
        let created: SessionUrl = CreateBillingPortalSession::new()
            .customer(customer)
            .return_url(return_url)
            .build()
            .customize()
            .request_strategy(strategy(idempotency_key)?)
            .send(&self.client)
            .await
            .context("creating the Customer Portal session")?;
        created.url.context("Stripe answered without a portal URL")
    }
}

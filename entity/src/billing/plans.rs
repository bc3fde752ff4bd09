//! The plans on offer, from configuration.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::Resource;
use crate::entities::organizations;

/// What a plan allows; `None` is unlimited.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct Limits {
    pub members: Option<u64>,
    pub items: Option<u64>,
    pub locations: Option<u64>,
}

impl Limits {
    pub fn of(self, resource: Resource) -> Option<u64> {
        match resource {
            Resource::Members => self.members,
            Resource::Items => self.items,
            Resource::Locations => self.locations,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub id: String,
    pub name: String,
    /// The Stripe price a subscription to the plan uses (none for free plans).
    pub price_id: Option<String>,
    pub limits: Limits,
}

/// Plans a server offers when `BILLING_PLANS` does not say otherwise.
pub const DEFAULT_PLANS: &str = r#"[
  {"id": "starter", "name": "Starter", "priceId": "price_starter",
   "limits": {"members": 5, "items": 2000, "locations": 3}},
  {"id": "business", "name": "Business", "priceId": "price_business",
   "limits": {"members": null, "items": null, "locations": null}}
]"#;

/// How billing works on this server.
#[derive(Clone, Debug)]
pub struct Billing {
    enabled: bool,
    plans: Vec<Plan>,
    grace: Duration,
}

fn free() -> Plan {
    Plan {
        id: "free".to_owned(),
        name: "Free".to_owned(),
        price_id: None,
        limits: Limits {
            members: Some(1),
            items: Some(100),
            locations: Some(1),
        },
    }
}

fn self_hosted() -> Plan {
    Plan {
        id: "self-hosted".to_owned(),
        name: "Self-hosted".to_owned(),
        price_id: None,
        limits: Limits::default(),
    }
}

impl Billing {
    /// Billing off: every organization has the self-hosted plan without limits.
    pub fn off() -> Self {
        Self {
            enabled: false,
            plans: vec![self_hosted()],
            grace: Duration::zero(),
        }
    }

    /// Billing through Stripe with the plans in `plans_json` (a JSON array of
    /// `{id, name, priceId, limits: {members, items, locations}}`; a `free` plan is added
    /// unless given) and `grace_days` before an unpaid organization turns read-only.
    ///
    /// # Errors
    /// A message naming what is wrong with the plans.
    pub fn stripe(plans_json: &str, grace_days: u32) -> Result<Self, String> {
        let mut plans: Vec<Plan> =
            serde_json::from_str(plans_json).map_err(|e| format!("not a list of plans: {e}"))?;
        if !plans.iter().any(|p| p.id == "free") {
            plans.insert(0, free());
        }
        for (i, plan) in plans.iter().enumerate() {
            if plans[..i].iter().any(|p| p.id == plan.id) {
                return Err(format!("plan {} is listed twice", plan.id));
            }
            if plan.id != "free" && plan.price_id.is_none() {
                return Err(format!("plan {} has no priceId", plan.id));
            }
        }
        Ok(Self {
            enabled: true,
            plans,
            grace: Duration::days(i64::from(grace_days)),
        })
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    pub fn plan_by_price(&self, price: &str) -> Option<&Plan> {
        self.plans
            .iter()
            .find(|p| p.price_id.as_deref() == Some(price))
    }

    /// The plan an organization is on now.
    pub fn plan_of(&self, organization: &organizations::Model) -> &Plan {
        let fallback = &self.plans[0];
        if !self.enabled {
            return fallback;
        }
        let ended = matches!(
            organization.subscription_status.as_deref(),
            Some("canceled" | "incomplete_expired")
        );
        let id = if ended { "free" } else { &organization.plan };
        self.plan(id)
            .or_else(|| self.plan("free"))
            .unwrap_or(fallback)
    }

    /// When an unpaid subscription made the organization read-only, if it has.
    pub fn read_only_since(
        &self,
        organization: &organizations::Model,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let unpaid = matches!(
            organization.subscription_status.as_deref(),
            Some("past_due" | "unpaid")
        );
        let since = organization.unpaid_since?;
        (self.enabled && unpaid && since + self.grace <= now).then_some(since)
    }
}

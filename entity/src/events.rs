//! Events about one organization, published after commit and fanned out to subscribers.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::scope::OrgId;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TenantEvent {
    OrganizationUpdated {
        id: Uuid,
        name: String,
    },
    /// A level changed; `quantity` is the new quantity as a decimal string.
    StockChanged {
        item_id: Uuid,
        location_id: Uuid,
        quantity: String,
    },
    StockTransactionCreated {
        id: Uuid,
    },
    /// A member's role, locations or membership changed, or an API key was revoked: their
    /// open subscriptions end, so a client reconnects with what it may see now. Neither set:
    /// everyone's access changed (the organization was deleted).
    AccessChanged {
        user_id: Option<Uuid>,
        api_key_id: Option<Uuid>,
    },
}

impl TenantEvent {
    /// Whether this event ends the subscriptions of `scope`. A key's access follows its
    /// creator's, so a change of the creator's access ends the key's subscriptions too.
    pub fn revokes(&self, scope: &crate::scope::TenantScope) -> bool {
        match self {
            Self::AccessChanged {
                user_id: None,
                api_key_id: None,
            } => true,
            Self::AccessChanged {
                user_id,
                api_key_id,
            } => {
                *user_id == Some(scope.user.0)
                    || scope.api_key.is_some_and(|key| *api_key_id == Some(key))
            }
            _ => false,
        }
    }

    /// Whether a subscriber restricted to some locations may see this event.
    pub fn visible_to(&self, scope: &crate::scope::TenantScope) -> bool {
        match self {
            Self::StockChanged { location_id, .. } => scope.locations.allows(*location_id),
            _ => true,
        }
    }
}

/// The bus channel that carries one organization's events.
pub fn channel(org: OrgId) -> String {
    format!("events.{}", org.0)
}

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
}

/// The bus channel that carries one organization's events.
pub fn channel(org: OrgId) -> String {
    format!("events.{}", org.0)
}

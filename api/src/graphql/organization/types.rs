use async_graphql::{InputObject, Object};
use chrono::{DateTime, Utc};
use entity::team;

use crate::graphql::account::types::{Role, User};

/// A member of the current organization.
pub struct Member(pub team::Member);

#[Object]
impl Member {
    async fn user(&self) -> User {
        User(self.0.user.clone())
    }

    async fn role(&self) -> Role {
        self.0.role.into()
    }

    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.joined_at
    }
}

#[derive(InputObject)]
pub struct UpdateOrganizationInput {
    pub name: Option<String>,
    /// Allow stock to go below zero instead of refusing short stock-outs.
    pub allow_negative_stock: Option<bool>,
    /// Local time of the daily low-stock digest, `HH:MM`.
    pub digest_time: Option<String>,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: Option<String>,
}

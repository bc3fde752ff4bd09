//! One module per table: columns, keys and relations only — no behaviour.

pub mod memberships;
pub mod organizations;
pub mod refresh_tokens;
pub mod users;

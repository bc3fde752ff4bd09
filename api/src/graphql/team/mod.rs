//! The team of the selected organization: invitations, roles, location scopes, API keys, and
//! the audit log of who changed what.

mod mutation;
mod query;
mod types;

pub use mutation::TeamMutation;
pub use query::TeamQuery;

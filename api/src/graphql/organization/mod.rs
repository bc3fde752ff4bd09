//! The current organization, its members, and live changes to it.

mod mutation;
mod query;
mod subscription;
mod types;

pub use mutation::OrganizationMutation;
pub use query::OrganizationQuery;
pub use subscription::OrganizationSubscription;
pub use types::Member;

//! Sign-up, log-in, sessions and the current user.

mod mutation;
mod query;
pub mod types;

pub use mutation::AccountMutation;
pub use query::AccountQuery;

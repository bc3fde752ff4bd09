//! Sign-up, log-in, sessions and the current user.

mod mutation;
mod password;
mod query;
pub mod types;

pub use mutation::AccountMutation;
pub use password::PasswordMutation;
pub use query::AccountQuery;

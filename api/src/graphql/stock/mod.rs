//! The stock ledger: recording movements, reading history and levels, live changes.

mod mutation;
mod query;
mod subscription;
mod types;

pub use mutation::StockMutation;
pub(crate) use mutation::published;
pub use query::StockQuery;
pub use subscription::StockSubscription;
pub use types::StockTransaction;

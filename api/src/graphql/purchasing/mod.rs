//! Purchasing: purchase orders from draft to received, receipts into the ledger, what is on
//! order, and reorder suggestions that become draft orders in one step.

mod loaders;
mod mutation;
mod query;
mod types;

pub use loaders::PurchasingLoaders;
pub use mutation::PurchasingMutation;
pub use query::PurchasingQuery;
pub use types::{PurchaseOrder, StockTransactionSource};

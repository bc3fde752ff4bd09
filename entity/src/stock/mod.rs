//! The stock ledger. A stock transaction is append-only; its movements are signed changes of
//! one item at one location, and `stock_levels` always equals their sum. Mistakes are undone
//! by a reversing (void) transaction, never by editing history.

mod command;
mod history_check;
mod level;
mod period;
mod queries;
mod record;
mod reserve;

pub(crate) use command::idempotency_key;
pub use command::{Command, CommandLine, Kind, MAX_LINES, Source, SourceKind};
pub use period::close_period;
pub use queries::{
    InventorySummary, TransactionFilter, TransactionPage, inventory_summary, levels_of_items,
    low_stock_items, movements_of_transactions, past_quantity, transaction, transactions,
    transactions_with_ids,
};
pub use record::{Recorded, find_by_key, record, void};
pub(crate) use reserve::{release, reserve};

//! Sales: orders from customers that reserve stock, shipments and returns through the
//! ledger, invoices and credit notes (PDF and HTML behind short-lived signed links), tax
//! rates and customer statements.

mod invoice_types;
mod loaders;
mod mutation;
mod query;
mod types;

pub use loaders::SalesLoaders;
pub use mutation::SalesMutation;
pub use query::SalesQuery;
pub use types::SalesOrder;

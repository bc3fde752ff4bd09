//! Items, categories, locations, partners and custom attributes.

mod mutation;
mod query;
pub mod types;

pub use mutation::CatalogueMutation;
pub use query::CatalogueQuery;

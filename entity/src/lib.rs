//! Stockroom's persistent model and the domain rules that act on it.
//!
//! `entities` holds one schema-only file per table. Behaviour lives in the domain modules
//! (`team`, …), which take the caller's transaction so that a mutation is one transaction.
//! Tenant tables are reached only through [`scope::TenantTx`].

pub mod alerts;
pub mod analytics;
pub mod audit;
pub mod billing;
pub mod catalogue;
pub mod db;
mod deferred;
pub mod digests;
pub mod entities;
pub mod error;
pub mod events;
mod numbers;
pub mod outbox;
pub mod paging;
pub mod purchasing;
pub mod sales;
pub mod scope;
pub mod secret;
pub mod stock;
pub mod team;
pub mod types;
pub mod webhooks;

pub use error::DomainError;
pub use sea_orm;

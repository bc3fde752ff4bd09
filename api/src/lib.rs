//! Stockroom's api: configuration, the HTTP surface and the GraphQL schema.

pub mod app;
pub mod auth;
pub mod config;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod state;

pub use app::Application;
pub use config::Config;

//! Stockroom's background work, and the infrastructure the api shares with it: configuration
//! of the process, telemetry, and the cache/bus (Redis or in-process).

pub mod bus;
pub mod jobs;
pub mod mail;
pub mod runner;
pub mod shutdown;
pub mod telemetry;
pub mod wake;

pub use bus::{Bus, RateLimit};
pub use runner::{Job, Outcome, Runner};

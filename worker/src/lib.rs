//! Stockroom's background work: the job loop, the jobs, and the outbox wake-ups. It runs as
//! the `worker` binary or inside the api (embedded mode); the infrastructure it uses (bus,
//! mail, telemetry, configuration) comes from `platform`.

pub mod health;
pub mod jobs;
pub mod runner;
pub mod wake;

pub use health::Health;
pub use runner::{Job, Outcome, Runner};

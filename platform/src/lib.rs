//! What every Stockroom process shares, whatever it does: the configuration the api and the
//! worker both read, telemetry, the cache/bus (Redis or in-process), sending e-mail, and
//! waiting for the signal to stop. Nothing here knows the domain.

mod backoff;
pub mod bus;
pub mod config;
pub mod mail;
pub mod outbound;
mod secret;
pub mod shutdown;
pub mod telemetry;
pub mod tls;

pub use backoff::backoff;
pub use bus::{Bus, RateLimit};
pub use config::Config;
pub use secret::Secret;

//! How the jobs behave, wherever they run: the `worker` binary and the api's in-process
//! worker both flatten these options into their command lines.

use std::time::Duration;

#[derive(Clone, Copy, Debug, clap::Args)]
#[group(skip)]
pub struct Settings {
    /// Hours processed outbox events are kept before they are pruned.
    #[arg(
        long = "outbox-retention-hours",
        env = "OUTBOX_RETENTION_HOURS",
        value_name = "OUTBOX_RETENTION_HOURS",
        default_value = "168",
        value_parser = hours
    )]
    pub outbox_retention: Duration,
    /// Milliseconds between an idle outbox worker's polls; new events wake it at once.
    #[arg(
        long = "outbox-poll-interval-ms",
        env = "OUTBOX_POLL_INTERVAL_MS",
        value_name = "OUTBOX_POLL_INTERVAL_MS",
        default_value = "1000",
        value_parser = millis
    )]
    pub outbox_poll_interval: Duration,
    /// Minutes over which the daily digests of organizations sharing a digest time are
    /// spread (each keeps a fixed offset within them, drawn from its id); `0`: all at once.
    #[arg(
        long = "digest-spread-minutes",
        env = "DIGEST_SPREAD_MINUTES",
        value_name = "DIGEST_SPREAD_MINUTES",
        default_value = "60",
        value_parser = minutes
    )]
    pub digest_spread: Duration,
}

fn hours(value: &str) -> Result<Duration, String> {
    let hours: u64 = value.parse().map_err(|e| format!("{e}"))?;
    Ok(Duration::from_secs(hours.saturating_mul(3600)))
}

fn minutes(value: &str) -> Result<Duration, String> {
    let minutes: u64 = value.parse().map_err(|e| format!("{e}"))?;
    if minutes > 24 * 60 {
        return Err("at most a day (1440)".to_owned());
    }
    Ok(Duration::from_secs(minutes * 60))
}

fn millis(value: &str) -> Result<Duration, String> {
    let millis: u64 = value.parse().map_err(|e| format!("{e}"))?;
    Ok(Duration::from_millis(millis))
}

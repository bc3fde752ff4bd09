//! How the jobs behave, wherever they run: the `worker` binary and the api's in-process
//! worker both flatten these options into their command lines.

use std::time::Duration;

#[derive(Clone, Copy, Debug, clap::Args)]
#[group(skip)]
pub struct Settings {
    /// Seconds events claimed by a worker stay its own without news from it; a working worker
    /// extends them every third of this, so it is how long a killed worker's events wait.
    #[arg(
        long = "outbox-lease-secs",
        env = "OUTBOX_LEASE_SECS",
        value_name = "OUTBOX_LEASE_SECS",
        default_value = "30",
        value_parser = seconds
    )]
    pub outbox_lease: Duration,
    /// Seconds an event failing for a passing reason (the SMTP server down) is retried, from
    /// when it was made, before it is parked for an operator.
    #[arg(
        long = "outbox-retry-for-secs",
        env = "OUTBOX_RETRY_FOR_SECS",
        value_name = "OUTBOX_RETRY_FOR_SECS",
        default_value = "86400",
        value_parser = seconds
    )]
    pub outbox_retry_for: Duration,
    /// Longest wait, in seconds, between two attempts at a failing event (the wait doubles
    /// from 2 s up to this).
    #[arg(
        long = "outbox-retry-max-delay-secs",
        env = "OUTBOX_RETRY_MAX_DELAY_SECS",
        value_name = "OUTBOX_RETRY_MAX_DELAY_SECS",
        default_value = "600",
        value_parser = seconds
    )]
    pub outbox_retry_max_delay: Duration,
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
    /// Seconds an endpoint may keep failing (its queue held back, retried with back-off)
    /// before it is disabled and its organization's admins are e-mailed.
    #[arg(
        long = "webhook-retry-for-secs",
        env = "WEBHOOK_RETRY_FOR_SECS",
        value_name = "WEBHOOK_RETRY_FOR_SECS",
        default_value = "259200",
        value_parser = seconds
    )]
    pub webhook_retry_for: Duration,
    /// Longest wait, in seconds, between two attempts at a failing endpoint (the wait doubles
    /// from 5 s up to this).
    #[arg(
        long = "webhook-retry-max-interval-secs",
        env = "WEBHOOK_RETRY_MAX_INTERVAL_SECS",
        value_name = "WEBHOOK_RETRY_MAX_INTERVAL_SECS",
        default_value = "3600",
        value_parser = seconds
    )]
    pub webhook_retry_max_interval: Duration,
    /// Days webhook events and delivery logs are kept for replay and inspection.
    #[arg(
        long = "webhook-retention-days",
        env = "WEBHOOK_RETENTION_DAYS",
        value_name = "WEBHOOK_RETENTION_DAYS",
        default_value = "30",
        value_parser = days
    )]
    pub webhook_retention: Duration,
    /// Allow `http://` webhook URLs (development only).
    #[arg(
        long = "webhook-allow-http",
        env = "WEBHOOK_ALLOW_HTTP",
        value_name = "WEBHOOK_ALLOW_HTTP",
        default_value_t = false,
        action = clap::ArgAction::Set
    )]
    pub webhook_allow_http: bool,
    /// Allow webhook URLs that resolve to loopback, private or link-local addresses
    /// (development, or receivers inside the cluster).
    #[arg(
        long = "webhook-allow-private-addresses",
        env = "WEBHOOK_ALLOW_PRIVATE_ADDRESSES",
        value_name = "WEBHOOK_ALLOW_PRIVATE_ADDRESSES",
        default_value_t = false,
        action = clap::ArgAction::Set
    )]
    pub webhook_allow_private_addresses: bool,
}

impl Settings {
    /// How failing outbox events are retried.
    pub fn outbox_retries(&self) -> entity::outbox::RetryPolicy {
        let delta = |duration: Duration| {
            chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX)
        };
        entity::outbox::RetryPolicy {
            retry_for: delta(self.outbox_retry_for),
            max_delay: delta(self.outbox_retry_max_delay),
        }
    }

    /// How failing webhook endpoints are retried.
    pub fn retries(&self) -> super::Retries {
        super::Retries {
            retry_for: self.webhook_retry_for,
            max_interval: self.webhook_retry_max_interval,
        }
    }

    /// What webhook URLs may reach.
    pub fn webhook_policy(&self) -> platform::outbound::UrlPolicy {
        platform::outbound::UrlPolicy {
            allow_http: self.webhook_allow_http,
            allow_private: self.webhook_allow_private_addresses,
        }
    }
}

fn seconds(value: &str) -> Result<Duration, String> {
    let seconds: u64 = value.parse().map_err(|e| format!("{e}"))?;
    Ok(Duration::from_secs(seconds))
}

fn days(value: &str) -> Result<Duration, String> {
    let days: u64 = value.parse().map_err(|e| format!("{e}"))?;
    Ok(Duration::from_secs(days.saturating_mul(86_400)))
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

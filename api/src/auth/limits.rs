//! Rate limits on authentication, counted in the cache/bus (Redis in production, so every
//! replica shares the counts). When the counter store is down, requests pass: an outage of
//! Redis must not lock every user out.

use std::net::IpAddr;
use std::time::Duration;

use entity::DomainError;
use entity::scope::OrgId;
use worker::Bus;
use worker::bus::RateLimit;

use crate::config::Config;

const MINUTE: Duration = Duration::from_secs(60);
const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The longest pause a failing account's log-in attempt is held for.
const MAX_SLOWDOWN: Duration = Duration::from_secs(3);

#[derive(Clone, Copy, Debug)]
pub struct RateLimits {
    pub login_per_account: u64,
    pub auth_per_ip: u64,
    pub api_key_per_org: u64,
}

impl RateLimits {
    pub fn from_config(config: &Config) -> Self {
        Self {
            login_per_account: config.login_attempts_per_account,
            auth_per_ip: config.auth_requests_per_ip,
            api_key_per_org: config.api_key_requests_per_org,
        }
    }
}

fn limited(retry_after: Duration) -> DomainError {
    DomainError::RateLimited {
        retry_after_secs: retry_after.as_secs().max(1),
    }
}

/// Counts a hit on `key`; the count, or `None` when the store is unavailable.
async fn hit(bus: &Bus, key: &str, limit: RateLimit) -> Option<Result<(), Duration>> {
    match bus.check_rate(key, limit).await {
        Ok(outcome) => Some(outcome),
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), key, "rate limit not checked");
            None
        }
    }
}

/// One authentication request from `ip`.
///
/// # Errors
/// `RATE_LIMITED` past [`RateLimits::auth_per_ip`] in a minute.
pub async fn authentication(
    bus: &Bus,
    limits: RateLimits,
    ip: Option<IpAddr>,
) -> Result<(), DomainError> {
    let Some(ip) = ip else { return Ok(()) };
    let limit = RateLimit {
        limit: limits.auth_per_ip,
        window: MINUTE,
    };
    match hit(bus, &format!("ratelimit.auth.ip.{ip}"), limit).await {
        Some(Err(retry_after)) => Err(limited(retry_after)),
        _ => Ok(()),
    }
}

/// One log-in attempt for `email`: slowed once half the account's allowance is used, refused
/// when all of it is.
///
/// # Errors
/// `RATE_LIMITED` past [`RateLimits::login_per_account`] in 15 minutes.
pub async fn log_in_attempt(bus: &Bus, limits: RateLimits, email: &str) -> Result<(), DomainError> {
    let account = email.trim().to_lowercase();
    let key = format!("ratelimit.login.account.{}", entity::secret::hash(&account));
    let window = LOGIN_WINDOW;
    let (count, reset_in) = match bus.hit(&key, window).await {
        Ok(counted) => counted,
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), "log-in limit not checked");
            return Ok(());
        }
    };
    if count > limits.login_per_account {
        return Err(limited(reset_in));
    }
    let free = limits.login_per_account / 2;
    if count > free {
        let pause = Duration::from_millis(500 * (count - free)).min(MAX_SLOWDOWN);
        tokio::time::sleep(pause).await;
    }
    Ok(())
}

/// One request with an API key of `org`.
///
/// # Errors
/// `RATE_LIMITED` past [`RateLimits::api_key_per_org`] in a minute.
pub async fn api_key_request(bus: &Bus, limits: RateLimits, org: OrgId) -> Result<(), DomainError> {
    let limit = RateLimit {
        limit: limits.api_key_per_org,
        window: MINUTE,
    };
    match hit(bus, &format!("ratelimit.apikey.org.{org}"), limit).await {
        Some(Err(retry_after)) => Err(limited(retry_after)),
        _ => Ok(()),
    }
}

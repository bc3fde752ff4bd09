//! Rate limits on authentication, counted in the cache/bus (Redis in production, so every
//! replica shares the counts). When the counter store is down, requests pass: an outage of
//! Redis must not lock every user out.
//!
//! Log-in attempts are counted per (account, client address), so a guesser at one address
//! cannot lock the owner out from theirs, and per account across all addresses with a much
//! higher ceiling against guessing from many addresses. When either trips, the account's
//! owner is e-mailed, at most once per window.

use std::net::IpAddr;
use std::time::Duration;

use entity::DomainError;
use entity::scope::OrgId;
use worker::Bus;
use worker::bus::RateLimit;

use crate::config::Config;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(60 * 60);
const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The longest pause a failing account's log-in attempt is held for.
const MAX_SLOWDOWN: Duration = Duration::from_secs(3);

#[derive(Clone, Copy, Debug)]
pub struct RateLimits {
    /// Per account and client address, per 15 minutes.
    pub login_per_account: u64,
    /// Per account across all addresses, per 15 minutes.
    pub login_per_account_all_addresses: u64,
    pub organizations_per_user: u64,
    pub auth_per_ip: u64,
    pub api_key_per_org: u64,
}

impl RateLimits {
    pub fn from_config(config: &Config) -> Self {
        Self {
            login_per_account: config.login_attempts_per_account,
            login_per_account_all_addresses: config.login_attempts_per_account_all_addresses,
            organizations_per_user: config.organizations_per_user_per_hour,
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

/// Counts a hit on `key` in the log-in window: `(count, reset_in)`, or `None` when the store
/// is unavailable.
async fn login_hit(bus: &Bus, key: &str) -> Option<(u64, Duration)> {
    match bus.hit(key, LOGIN_WINDOW).await {
        Ok(counted) => Some(counted),
        Err(error) => {
            tracing::warn!(error = format!("{error:#}"), "log-in limit not checked");
            None
        }
    }
}

/// What a refused log-in attempt means for the account's owner.
#[derive(Debug)]
pub struct Throttled {
    pub error: DomainError,
    /// The first refusal of this window: the owner should hear about it.
    pub notify_owner: bool,
}

/// One log-in attempt for `email` from `ip`: slowed once half the allowance of this account
/// at this address is used, refused when all of it is, or when the account's ceiling across
/// all addresses is reached. Attempts refused at one address do not count toward the ceiling.
///
/// # Errors
/// [`Throttled`] (`RATE_LIMITED`) past [`RateLimits::login_per_account`] attempts from one
/// address or [`RateLimits::login_per_account_all_addresses`] from all in 15 minutes.
pub async fn log_in_attempt(
    bus: &Bus,
    limits: RateLimits,
    email: &str,
    ip: Option<IpAddr>,
) -> Result<(), Throttled> {
    let account = entity::secret::hash(&email.trim().to_lowercase());
    let address = ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let pair = format!("ratelimit.login.account.{account}.ip.{address}");
    let Some((count, reset_in)) = login_hit(bus, &pair).await else {
        return Ok(());
    };
    if count > limits.login_per_account {
        return Err(throttled(bus, &account, reset_in).await);
    }
    let all = format!("ratelimit.login.account.{account}.all");
    if let Some((total, reset_in)) = login_hit(bus, &all).await
        && total > limits.login_per_account_all_addresses
    {
        return Err(throttled(bus, &account, reset_in).await);
    }
    let free = limits.login_per_account / 2;
    if count > free {
        let pause = Duration::from_millis(500 * (count - free)).min(MAX_SLOWDOWN);
        tokio::time::sleep(pause).await;
    }
    Ok(())
}

/// The refusal, and whether it is the account's first of the window (one notice per window,
/// whichever throttle tripped).
async fn throttled(bus: &Bus, account: &str, reset_in: Duration) -> Throttled {
    let notice = format!("ratelimit.login.account.{account}.notice");
    let first = matches!(login_hit(bus, &notice).await, Some((1, _)));
    Throttled {
        error: limited(reset_in),
        notify_owner: first,
    }
}

/// One `createOrganization` by `user`.
///
/// # Errors
/// `RATE_LIMITED` past [`RateLimits::organizations_per_user`] in an hour.
pub async fn organization_creation(
    bus: &Bus,
    limits: RateLimits,
    user: entity::scope::UserId,
) -> Result<(), DomainError> {
    let limit = RateLimit {
        limit: limits.organizations_per_user,
        window: HOUR,
    };
    match hit(bus, &format!("ratelimit.organizations.user.{user}"), limit).await {
        Some(Err(retry_after)) => Err(limited(retry_after)),
        _ => Ok(()),
    }
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

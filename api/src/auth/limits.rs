//! Rate limits on authentication, counted in the cache/bus (Redis in production, so every
//! replica shares the counts). When the counter store is down, requests pass: an outage of
//! Redis must not lock every user out.
//!
//! Log-in attempts are counted per (account, client address), so a guesser at one address
//! cannot lock the owner out from theirs, and per account across all addresses with a much
//! higher ceiling against guessing from many addresses. The ceiling does not apply at an
//! address the account logged in from successfully in the last 30 days, so guessing from
//! many addresses cannot lock the owner out either. IPv6 clients are counted by their /64,
//! which one subscriber usually holds whole. When a throttle trips, the account's owner is
//! e-mailed, at most once a day.

use std::net::IpAddr;
use std::time::Duration;

use entity::DomainError;
use entity::scope::OrgId;
use platform::{Bus, RateLimit};

use crate::config::Config;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(60 * 60);
const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);
/// How long an address an account logged in from stays exempt from the ceiling.
const KNOWN_ADDRESS_TTL: Duration = Duration::from_secs(30 * 24 * 60 * 60);
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
    match hit(bus, &format!("ratelimit.auth.ip.{}", client_key(ip)), limit).await {
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
    let account = account_key(email);
    let address = ip.map_or_else(|| "unknown".to_owned(), client_key);
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
        && !is_known_address(bus, &account, &address).await
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

/// Remembers that `email`'s account logged in from `ip`, exempting that address from the
/// account's ceiling for [`KNOWN_ADDRESS_TTL`]. Best effort: a store failure is logged.
pub async fn remember_log_in(bus: &Bus, email: &str, ip: Option<IpAddr>) {
    let Some(ip) = ip else { return };
    let key = known_address_key(&account_key(email), &client_key(ip));
    if let Err(error) = bus.set(&key, "1", KNOWN_ADDRESS_TTL).await {
        tracing::warn!(
            error = format!("{error:#}"),
            "log-in address not remembered"
        );
    }
}

async fn is_known_address(bus: &Bus, account: &str, address: &str) -> bool {
    matches!(
        bus.get(&known_address_key(account, address)).await,
        Ok(Some(_))
    )
}

fn known_address_key(account: &str, address: &str) -> String {
    format!("login.known.{account}.{address}")
}

/// Accounts are counted by a hash of their normalized address, never the address itself.
fn account_key(email: &str) -> String {
    entity::secret::hash(&email.trim().to_lowercase())
}

/// The unit a client is counted as: its IPv4 address, or the /64 of its IPv6 address (an
/// IPv6 subscriber usually holds a whole /64, and could otherwise count as 2^64 clients).
fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let prefix = u128::from(v6) & !((1_u128 << 64) - 1);
                format!("{}/64", std::net::Ipv6Addr::from(prefix))
            }
        },
    }
}

/// The refusal, and whether the owner should hear of it (at most one notice a day,
/// whichever throttle tripped, so the notice cannot be used to flood their inbox).
async fn throttled(bus: &Bus, account: &str, reset_in: Duration) -> Throttled {
    let notice = format!("ratelimit.login.account.{account}.notice");
    let first = matches!(bus.hit(&notice, DAY).await, Ok((1, _)));
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

#[cfg(test)]
mod tests {
    use super::client_key;

    #[test]
    fn ipv6_clients_count_by_their_64_and_ipv4_by_address() {
        let a = client_key(
            "2001:db8:1:2:aaaa::1"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        let b = client_key(
            "2001:db8:1:2:ffff::9"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        let other = client_key("2001:db8:1:3::1".parse().unwrap_or_else(|_| unreachable!()));
        assert_eq!(a, b);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_ne!(a, other);
        let mapped = client_key(
            "::ffff:192.0.2.7"
                .parse()
                .unwrap_or_else(|_| unreachable!()),
        );
        assert_eq!(mapped, "192.0.2.7");
    }
}

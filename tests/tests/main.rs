//! One test binary for the whole black-box suite.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account_email;
mod accounts;
mod alerts;
mod analytics;
mod api_keys;
mod audit;
mod billing;
mod bus;
mod catalogue;
mod exact_numbers;
mod fixtures;
mod hardening;
mod ledger;
mod live;
mod login_throttle;
mod members;
mod model;
mod ops;
mod rate_limits;
mod roles;
mod scopes;
mod team;
mod tenancy;
mod timeouts;
mod worker_jobs;

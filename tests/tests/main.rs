//! One test binary for the whole black-box suite.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod alerts;
mod analytics;
mod bus;
mod catalogue;
mod fixtures;
mod hardening;
mod ledger;
mod live;
mod model;
mod ops;
mod team;
mod tenancy;
mod worker_jobs;

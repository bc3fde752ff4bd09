//! Stockroom's side of Stripe, kept in its own crate so the heavy Stripe crates compile once:
//! the API client (customers, Checkout and Customer Portal sessions, each call with an
//! idempotency key derived from our own operation) and webhook signature checks.

mod client;
mod signature;

pub use client::{CheckoutRequest, SessionUrl, StripeApi};
pub use signature::{MAX_SIGNATURES, SignatureError, TOLERANCE_SECS, sign, verify};

//! argon2id hashing, run off the async executor.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::{DomainError, DomainResult};

/// At most one argon2 computation per core at a time: each takes 19 MiB, so a flood of
/// sign-ups or log-ins queues here instead of growing the process's memory without bound.
static HASHING: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    tokio::sync::Semaphore::new(cores)
});

/// Runs `work` on the blocking pool once a hashing slot is free.
async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> DomainResult<T> {
    let _slot = HASHING
        .acquire()
        .await
        .map_err(|e| DomainError::Internal(format!("hashing slots closed: {e}")))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| DomainError::Internal(format!("hashing task failed: {e}")))
}

/// A hash of a password nobody knows, verified against when the e-mail is unknown so that a
/// wrong e-mail costs the same time as a wrong password.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hash_blocking("stockroom-timing-equalizer").ok());

fn hash_blocking(password: &str) -> DomainResult<String> {
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| DomainError::Internal(format!("password hashing failed: {e}")))?;
    Ok(hash.to_string())
}

fn verify_blocking(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// # Errors
/// `INTERNAL` when hashing fails.
#[tracing::instrument(skip_all)]
pub async fn hash(password: String) -> DomainResult<String> {
    bounded(move || hash_blocking(&password)).await?
}

/// Verifies `password` against `stored`, or against a dummy hash when there is no user, so
/// both failures take the same time.
#[tracing::instrument(skip_all)]
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let outcome = bounded(move || match stored {
        Some(stored) => verify_blocking(&password, &stored),
        None => {
            if let Some(dummy) = DUMMY_HASH.as_deref() {
                verify_blocking(&password, dummy);
            }
            false
        }
    })
    .await;
    outcome.unwrap_or(false)
}

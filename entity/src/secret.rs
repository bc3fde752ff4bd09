//! Random tokens handed to people once, and the hashes kept of them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::{DomainError, DomainResult};

/// 256 random bits, URL-safe.
///
/// # Errors
/// When the system has no randomness.
pub fn random_token() -> DomainResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// SHA-256 in hex. Tokens carry 256 random bits, so a fast hash is enough: there is nothing
/// to guess, unlike a password.
pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `token` hashes to `stored`, comparing in constant time.
pub fn matches(token: &str, stored: &str) -> bool {
    let computed = hash(token);
    computed.len() == stored.len()
        && computed
            .bytes()
            .zip(stored.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// `token` (one of [`random_token`]'s) sealed with `key`: XORed with a pad derived from it,
/// so only who knows `key` can open it. Sealing twice with the same key opens. `None` for a
/// token that is not one of ours.
pub fn seal(token: &str, key: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let pad = Sha256::new()
        .chain_update(b"stockroom seal\0")
        .chain_update(key.as_bytes())
        .finalize();
    (bytes.len() == pad.len()).then(|| {
        let sealed: Vec<u8> = bytes.iter().zip(pad.iter()).map(|(b, p)| b ^ p).collect();
        URL_SAFE_NO_PAD.encode(sealed)
    })
}

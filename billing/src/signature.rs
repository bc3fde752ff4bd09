//! `Stripe-Signature` verification: `t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">[,v1=…]`.
//! Every `v1` is tried against every configured secret, so secrets can be rotated (the old
//! and new one both accepted while Stripe signs with both). The body is hashed once per
//! secret, however many `v1` values the header carries, and a header with more than
//! [`MAX_SIGNATURES`] is refused: Stripe sends one per secret it signs with.

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;

/// How old a signed timestamp may be, either way.
pub const TOLERANCE_SECS: i64 = 300;

/// Most `v1` signatures one header may carry.
pub const MAX_SIGNATURES: usize = 8;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("missing or malformed Stripe-Signature header")]
    Malformed,
    #[error("the Stripe-Signature header has more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    #[error("the signature's timestamp is outside the tolerance")]
    Stale,
    #[error("no signature matches a configured secret")]
    Mismatch,
}

/// Checks `header` over the raw `body` at `now` (unix seconds) against `secrets`.
///
/// # Errors
/// When the header is malformed or has more than [`MAX_SIGNATURES`] `v1` values, its
/// timestamp is more than [`TOLERANCE_SECS`] away from `now`, or no `v1` signature matches
/// any secret.
pub fn verify(
    header: &str,
    body: &[u8],
    secrets: &[String],
    now: i64,
) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    let mut v1_values = 0_usize;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => {
                v1_values += 1;
                if v1_values > MAX_SIGNATURES {
                    return Err(SignatureError::TooManySignatures);
                }
                if let Ok(bytes) = hex::decode(value) {
                    signatures.push(bytes);
                }
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    // abs_diff: an extreme `t=` must not overflow the subtraction.
    if now.abs_diff(timestamp) > TOLERANCE_SECS.unsigned_abs() {
        return Err(SignatureError::Stale);
    }
    for secret in secrets {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
            continue;
        };
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        for signature in &signatures {
            // Finishing a copy of the hashed state is cheap; the comparison is constant-time.
            if mac.clone().verify_slice(signature).is_ok() {
                return Ok(());
            }
        }
    }
    Err(SignatureError::Mismatch)
}

/// Signs `body` as Stripe would (for tests and local tools).
pub fn sign(body: &[u8], secret: &str, timestamp: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"id":"evt_1"}"#;

    #[test]
    fn accepts_any_configured_secret_and_any_v1() {
        let now = 1_700_000_000;
        let old = sign(BODY, "whsec_old", now);
        let new = sign(BODY, "whsec_new", now);
        let both = format!("{old},{}", new.split(',').nth(1).unwrap_or_default());
        let secrets = ["whsec_new".to_owned(), "whsec_old".to_owned()];
        assert_eq!(verify(&old, BODY, &secrets, now), Ok(()));
        assert_eq!(verify(&both, BODY, &secrets[..1], now), Ok(()));
        assert_eq!(
            verify(&old, BODY, &secrets[..1], now),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn refuses_tampering_staleness_and_garbage() {
        let now = 1_700_000_000;
        let secrets = ["whsec_a".to_owned()];
        let header = sign(BODY, "whsec_a", now - 301);
        assert_eq!(
            verify(&header, BODY, &secrets, now),
            Err(SignatureError::Stale)
        );
        let header = sign(BODY, "whsec_a", now - 300);
        assert_eq!(verify(&header, BODY, &secrets, now), Ok(()));
        assert_eq!(
            verify(&header, br#"{"id":"evt_2"}"#, &secrets, now),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify("nonsense", BODY, &secrets, now),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn a_header_with_more_than_eight_signatures_is_refused() {
        let now = 1_700_000_000;
        let secrets = ["whsec_a".to_owned()];
        let genuine = sign(BODY, "whsec_a", now);
        let bogus = format!(",v1={}", "00".repeat(32));
        let eight = format!("{genuine}{}", bogus.repeat(MAX_SIGNATURES - 1));
        assert_eq!(verify(&eight, BODY, &secrets, now), Ok(()));
        let nine = format!("{eight}{bogus}");
        assert_eq!(
            verify(&nine, BODY, &secrets, now),
            Err(SignatureError::TooManySignatures)
        );
    }
}

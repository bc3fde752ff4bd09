//! Short-lived JWT access tokens (HS256).

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::scope::UserId;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const ISSUER: &str = "stockroom";
/// The issuer of document links: an access token is never a document link, nor the reverse.
const DOCUMENT_ISSUER: &str = "stockroom/document";
/// How long a document link works.
const DOCUMENT_TTL_SECS: i64 = 15 * 60;

/// A link to one organization's document.
#[derive(Debug, Serialize, Deserialize)]
struct DocumentClaims {
    /// The document's id.
    sub: Uuid,
    org: Uuid,
    exp: i64,
    iss: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    document_validation: Validation,
    ttl: Duration,
}

impl AccessTokens {
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        validation.leeway = 5;
        let mut document_validation = Validation::new(Algorithm::HS256);
        document_validation.set_issuer(&[DOCUMENT_ISSUER]);
        document_validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        document_validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            document_validation,
            ttl,
        }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// # Errors
    /// When signing fails (it does not with an HMAC key).
    pub fn issue(&self, user: UserId) -> Result<String, jsonwebtoken::errors::Error> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user.0,
            iat: now,
            exp: now + i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX / 2),
            iss: ISSUER.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The user a valid, unexpired token was issued to, and when it expires.
    pub fn verify(&self, token: &str) -> Option<(UserId, DateTime<Utc>)> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()?
            .claims;
        let expires_at = DateTime::from_timestamp(claims.exp, 0)?;
        Some((UserId(claims.sub), expires_at))
    }

    /// A token for a link to one document of `org`, valid for 15 minutes.
    ///
    /// # Errors
    /// When signing fails (it does not with an HMAC key).
    pub fn sign_document(
        &self,
        org: entity::scope::OrgId,
        document: Uuid,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = DocumentClaims {
            sub: document,
            org: org.0,
            exp: Utc::now().timestamp() + DOCUMENT_TTL_SECS,
            iss: DOCUMENT_ISSUER.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The organization and document a valid, unexpired document token names.
    pub fn verify_document(&self, token: &str) -> Option<(entity::scope::OrgId, Uuid)> {
        let claims = jsonwebtoken::decode::<DocumentClaims>(
            token,
            &self.decoding,
            &self.document_validation,
        )
        .ok()?
        .claims;
        Some((entity::scope::OrgId(claims.org), claims.sub))
    }
}

//! Sending one webhook request: the body and headers in the Standard Webhooks shape, signed
//! with the endpoint's secrets, over a client that follows no redirects, gives up after 10 s
//! and connects only to addresses the outbound policy allows (checked at every resolution).

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use entity::entities::{webhook_endpoints, webhook_events};
use entity::webhooks::delivery::Attempt;
use hmac::{KeyInit as _, Mac as _};
use platform::outbound::UrlPolicy;

/// Longest wait for an answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an answer's body is kept in the delivery log.
const BODY_KEPT: usize = 2000;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

pub struct Sender {
    client: reqwest::Client,
    policy: UrlPolicy,
}

/// Resolves names as usual, refusing any that resolves to an address the policy refuses.
struct GuardedResolver(UrlPolicy);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0;
        Box::pin(async move {
            let addresses = policy
                .resolve(name.as_str(), 0)
                .await
                .map_err(|reason| -> Box<dyn std::error::Error + Send + Sync> { reason.into() })?;
            let addresses: reqwest::dns::Addrs = Box::new(addresses.into_iter());
            Ok(addresses)
        })
    }
}

impl Sender {
    /// # Errors
    /// When TLS or the HTTP client cannot be set up.
    pub fn new(policy: UrlPolicy) -> anyhow::Result<Self> {
        platform::tls::install_default_provider();
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .dns_resolver(Arc::new(GuardedResolver(policy)))
            .no_proxy()
            .user_agent(concat!("Stockroom-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { client, policy })
    }

    /// Sends `event` to `endpoint` once and says how it went.
    pub async fn send(
        &self,
        endpoint: &webhook_endpoints::Model,
        event: &webhook_events::Model,
    ) -> Attempt {
        let started = Instant::now();
        let mut attempt = match self.try_send(endpoint, event).await {
            Ok(attempt) => attempt,
            Err(error) => Attempt {
                error: Some(error),
                ..Attempt::default()
            },
        };
        attempt.latency_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
        attempt
    }

    async fn try_send(
        &self,
        endpoint: &webhook_endpoints::Model,
        event: &webhook_events::Model,
    ) -> Result<Attempt, String> {
        let url = self
            .policy
            .check(&endpoint.url)
            .map_err(|reason| format!("the URL {reason}"))?;
        let body = body(event)?;
        let timestamp = Utc::now().timestamp();
        let message_id = event.id.to_string();
        let signature = signature_header(endpoint, &message_id, timestamp, &body)?;
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await
            .map_err(describe)?;
        let status = response.status();
        let response_body = read_start(response).await;
        let error = (!status.is_success()).then(|| match status.as_u16() {
            300..=399 => format!("answered {status}; redirects are not followed"),
            _ => format!("answered {status}"),
        });
        Ok(Attempt {
            status_code: Some(status.as_u16()),
            latency_ms: 0,
            error,
            response_body,
        })
    }
}

/// `{id, type, sequence, occurredAt, organizationId, data}`.
fn body(event: &webhook_events::Model) -> Result<String, String> {
    let data: serde_json::Value =
        serde_json::from_str(&event.data).map_err(|e| format!("the event's data: {e}"))?;
    Ok(serde_json::json!({
        "id": event.id,
        "type": event.event_type,
        "sequence": event.sequence,
        "occurredAt": event.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "organizationId": event.organization_id,
        "data": data,
    })
    .to_string())
}

/// `v1,<signature>` with the current secret, and with the previous one while it overlaps.
fn signature_header(
    endpoint: &webhook_endpoints::Model,
    message_id: &str,
    timestamp: i64,
    body: &str,
) -> Result<String, String> {
    let mut secrets = vec![endpoint.secret.as_str()];
    if let (Some(previous), Some(until)) =
        (&endpoint.previous_secret, endpoint.previous_secret_until)
        && until > Utc::now()
    {
        secrets.push(previous);
    }
    let signed = format!("{message_id}.{timestamp}.{body}");
    let signatures: Result<Vec<String>, String> = secrets
        .into_iter()
        .map(|secret| sign(secret, &signed).map(|s| format!("v1,{s}")))
        .collect();
    Ok(signatures?.join(" "))
}

/// Base64 HMAC-SHA256 of `content` under a `whsec_` secret (its base64 part is the key).
pub fn sign(secret: &str, content: &str) -> Result<String, String> {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .map_err(|_| "the endpoint's secret is malformed".to_owned())?;
    let mut mac = HmacSha256::new_from_slice(&key)
        .map_err(|_| "the endpoint's secret is empty".to_owned())?;
    mac.update(content.as_bytes());
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// What went wrong with a request, in a sentence for the delivery log.
fn describe(error: reqwest::Error) -> String {
    use std::error::Error as _;
    let mut text = if error.is_timeout() {
        format!("no answer within {} s", TIMEOUT.as_secs())
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// The first [`BODY_KEPT`] bytes of the answer.
async fn read_start(mut response: reqwest::Response) -> Option<String> {
    let mut kept = Vec::new();
    while kept.len() < BODY_KEPT {
        match response.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
            _ => break,
        }
    }
    if kept.is_empty() {
        return None;
    }
    let text = String::from_utf8_lossy(&kept);
    Some(entity::webhooks::delivery::truncate(&text, BODY_KEPT))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn signatures_match_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let content = r#"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}"#;
        assert_eq!(
            sign(secret, content).unwrap(),
            "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }
}

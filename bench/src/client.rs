//! The GraphQL endpoint over HTTP, and the error codes its answers carry.

use std::fmt;
use std::time::Duration;

use anyhow::Context as _;
use serde_json::{Value, json};

/// Who a request is made as: a user's access token and the organization it acts in.
#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    pub organization: String,
}

pub struct Client {
    http: reqwest::Client,
    endpoint: String,
}

/// An answer with `errors`: their `extensions.code`s and the whole list as text.
#[derive(Debug)]
pub struct GraphqlError {
    pub codes: Vec<String>,
    errors: String,
}

impl fmt::Display for GraphqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.errors)
    }
}

impl std::error::Error for GraphqlError {}

/// Whether `error` is a GraphQL answer carrying `code`.
pub fn has_code(error: &anyhow::Error, code: &str) -> bool {
    error
        .downcast_ref::<GraphqlError>()
        .is_some_and(|e| e.codes.iter().any(|c| c == code))
}

/// What the server needs to let a benchmark authenticate many times from one address.
pub const RATE_LIMIT_HINT: &str = "the api limits authentication per client address: \
    start it with e.g. AUTH_REQUESTS_PER_IP=1000000 LOGIN_ATTEMPTS_PER_ACCOUNT=1000 for benchmarks";

impl Client {
    /// A client for the api at `url`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(url: &str) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        Ok(Self {
            http,
            endpoint: format!("{}/graphql", url.trim_end_matches('/')),
        })
    }

    /// Posts one operation and returns its `data`.
    ///
    /// # Errors
    /// When the request fails, the answer is not JSON, or it holds `errors` (a [`GraphqlError`]).
    pub async fn call(
        &self,
        session: Option<&Session>,
        query: &str,
        variables: Value,
    ) -> anyhow::Result<Value> {
        let mut request = self
            .http
            .post(&self.endpoint)
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(session) = session {
            request = request
                .bearer_auth(&session.token)
                .header("X-Organization-Id", &session.organization);
        }
        let response = request.send().await?;
        let status = response.status();
        let mut body: Value = response
            .json()
            .await
            .with_context(|| format!("HTTP {status} without a JSON body"))?;
        if let Some(errors) = body.get("errors") {
            let codes = errors
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e["extensions"]["code"].as_str())
                .map(str::to_owned)
                .collect();
            return Err(GraphqlError {
                codes,
                errors: errors.to_string(),
            }
            .into());
        }
        Ok(body["data"].take())
    }
}

/// The string at `path` in `value`, e.g. `text(&data, &["logIn", "accessToken"])`.
///
/// # Errors
/// When there is no string there.
pub fn text(value: &Value, path: &[&str]) -> anyhow::Result<String> {
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .with_context(|| format!("the answer has no string at {}", path.join(".")))
}

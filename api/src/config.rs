//! Configuration: environment variables (and `.env`), each with a safe default. A bad value
//! stops start-up with a message naming the variable. What the worker reads too (database,
//! Redis, mail, logs, job settings) is flattened in from `platform` and `worker`.

use std::net::SocketAddr;

use clap::{ArgAction, Parser};
use platform::Secret;
use platform::config::parse_http_url;

/// The api's pool: many requests at once.
const DEFAULT_POOL_SIZE: u32 = 20;

#[derive(Clone, Debug, Parser)]
#[command(name = "api", about = "Stockroom's GraphQL and HTTP server")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "BIND_ADDR", default_value = "0.0.0.0:8080")]
    pub bind_addr: SocketAddr,
    /// Database, Redis, mail, the app's URL and logs: what the worker reads too.
    #[command(flatten)]
    pub platform: platform::Config,
    /// Longest time an HTTP request may take, in seconds (WebSocket connections excepted);
    /// past it the answer is 503 with code `TIMEOUT`. At least 1.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout_secs: u64,
    /// The built web app (a folder holding `index.html` and hashed `assets/`), served at `/`
    /// with single-page-app fallback routing; unset or empty: the api serves no app.
    #[arg(long, env = "WEB_DIR")]
    pub web_dir: Option<String>,
    /// Signing key of access tokens; generated and kept beside the SQLite file when unset.
    #[arg(long, env = "JWT_SECRET", value_parser = parse_jwt_secret)]
    pub jwt_secret: Option<Secret>,
    /// Lifetime of an access token, in seconds.
    #[arg(long, env = "ACCESS_TOKEN_TTL_SECS", default_value_t = 900)]
    pub access_token_ttl_secs: u64,
    /// Stripe API key; billing is off (self-hosted plan) when unset.
    #[arg(long, env = "STRIPE_SECRET_KEY")]
    pub stripe_secret_key: Option<Secret>,
    /// Stripe webhook signing secret(s), comma-separated during rotation.
    #[arg(long, env = "STRIPE_WEBHOOK_SECRET")]
    pub stripe_webhook_secret: Option<Secret>,
    /// The plans on offer (JSON list of `{id, name, priceId, limits: {members, items,
    /// locations}}`, `null` for no limit); a free plan (1 member, 100 items, 1 location) is
    /// added unless listed. Used when billing is on.
    #[arg(long, env = "BILLING_PLANS", default_value = entity::billing::DEFAULT_PLANS)]
    pub billing_plans: String,
    /// Days an unpaid subscription keeps an organization writable before it turns read-only.
    #[arg(long, env = "BILLING_GRACE_DAYS", default_value_t = 14)]
    pub billing_grace_days: u32,
    /// Base URL of the Stripe API (a local stand-in in tests).
    #[arg(long, env = "STRIPE_API_BASE", value_parser = parse_http_url)]
    pub stripe_api_base: Option<String>,
    /// Origins allowed to call the API from a browser, comma-separated.
    #[arg(long, env = "CORS_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_http_url)]
    pub cors_allowed_origins: Vec<String>,
    /// Request headers browsers may send cross-origin, besides `Authorization`,
    /// `Content-Type` and `X-Organization-Id`, comma-separated: by default those that Apollo
    /// Client, OpenTelemetry and Sentry add.
    #[arg(
        long,
        env = "CORS_ALLOWED_HEADERS",
        value_delimiter = ',',
        default_value = "apollographql-client-name,apollographql-client-version,apollo-require-preflight,traceparent,tracestate,baggage,sentry-trace"
    )]
    pub cors_allowed_headers: Vec<String>,
    /// Whether clients may introspect the schema (GraphiQL needs it).
    #[arg(long, env = "GRAPHQL_INTROSPECTION", default_value_t = true, action = ArgAction::Set)]
    pub graphql_introspection: bool,
    /// A manifest of persisted operations (Apollo's persisted query manifest, or GraphQL Code
    /// Generator's `persisted-documents.json`): run by hash without registering.
    #[arg(long, env = "GRAPHQL_PERSISTED_QUERIES")]
    pub graphql_persisted_queries: Option<std::path::PathBuf>,
    /// Run only the operations of `GRAPHQL_PERSISTED_QUERIES` (an allow-list for production
    /// clients); automatic persisted queries register nothing.
    #[arg(long, env = "GRAPHQL_PERSISTED_ONLY", default_value_t = false, action = ArgAction::Set)]
    pub graphql_persisted_only: bool,
    /// Deepest selection nesting accepted.
    #[arg(long, env = "GRAPHQL_MAX_DEPTH", default_value_t = 12)]
    pub graphql_max_depth: usize,
    /// Highest query complexity accepted (one per field, lists weighted by page size).
    #[arg(long, env = "GRAPHQL_MAX_COMPLEXITY", default_value_t = 5000)]
    pub graphql_max_complexity: usize,
    /// Most selections (fields, fragment spreads, inline fragments) an operation or a fragment
    /// may expand to, aliases and fragments expanded.
    #[arg(long, env = "GRAPHQL_MAX_FIELDS", default_value_t = 300)]
    pub graphql_max_fields: usize,
    /// Proxies in front of the api that append to `X-Forwarded-For` (behind an ingress: 1).
    /// The client address is read that many entries from the right; 0 uses the peer address.
    #[arg(long, env = "TRUSTED_PROXY_HOPS", default_value_t = 0)]
    pub trusted_proxy_hops: usize,
    /// `logIn` attempts per account per 15 minutes; past half of them each one is slowed.
    #[arg(long, env = "LOGIN_ATTEMPTS_PER_ACCOUNT", default_value_t = 10)]
    pub login_attempts_per_account: u64,
    /// `logIn` attempts per account per 15 minutes from all addresses together (attempts
    /// already refused at their address do not count).
    #[arg(
        long,
        env = "LOGIN_ATTEMPTS_PER_ACCOUNT_ALL_ADDRESSES",
        default_value_t = 100
    )]
    pub login_attempts_per_account_all_addresses: u64,
    /// `createOrganization` calls per user per hour.
    #[arg(long, env = "ORGANIZATIONS_PER_USER_PER_HOUR", default_value_t = 10)]
    pub organizations_per_user_per_hour: u64,
    /// Authentication requests (log-in, sign-up, invitation, token and password flows) per
    /// client IP per minute.
    #[arg(long, env = "AUTH_REQUESTS_PER_IP", default_value_t = 30)]
    pub auth_requests_per_ip: u64,
    /// Requests made with API keys per organization per minute.
    #[arg(long, env = "API_KEY_REQUESTS_PER_ORG", default_value_t = 600)]
    pub api_key_requests_per_org: u64,
    /// Run the background worker inside this process (default: only with SQLite).
    #[arg(long, env = "WORKER_IN_PROCESS", action = ArgAction::Set)]
    pub worker_in_process: Option<bool>,
    /// How the in-process worker's jobs behave.
    #[command(flatten)]
    pub jobs: worker::jobs::Settings,
    /// Largest GraphQL document accepted, in bytes (the canonical introspection query is ~2 KB).
    #[arg(long, env = "GRAPHQL_MAX_DOCUMENT_BYTES", default_value_t = 32 * 1024)]
    pub graphql_max_document_bytes: usize,
    /// Most lexical tokens one GraphQL document may have (introspection: ~300).
    #[arg(long, env = "GRAPHQL_MAX_TOKENS", default_value_t = 10_000)]
    pub graphql_max_tokens: usize,
    /// Serve `/metrics` only on this separate address (e.g. `0.0.0.0:9090`) instead of on
    /// `BIND_ADDR`, so it need not be public.
    #[arg(long, env = "METRICS_BIND_ADDR")]
    pub metrics_bind_addr: Option<SocketAddr>,
}

impl Config {
    /// `DATABASE_MAX_CONNECTIONS`, 20 by default.
    pub fn database_pool_size(&self) -> u32 {
        self.platform.database_pool_size(DEFAULT_POOL_SIZE)
    }

    /// The waiting limits of the app's pool.
    pub fn pool_timeouts(&self) -> entity::db::PoolTimeouts {
        entity::db::PoolTimeouts {
            statement: self.platform.statement_timeout(),
            idle_in_transaction: self.platform.idle_in_transaction_timeout(),
            acquire: self.platform.acquire_timeout(),
        }
    }

    /// How billing works: off without a Stripe key, else with the configured plans.
    ///
    /// # Errors
    /// When `BILLING_PLANS` is not a valid list of plans, or a key is set without the other.
    pub fn billing(&self) -> anyhow::Result<entity::billing::Billing> {
        match (&self.stripe_secret_key, &self.stripe_webhook_secret) {
            (None, None) => Ok(entity::billing::Billing::off()),
            (Some(_), Some(_)) => {
                entity::billing::Billing::stripe(&self.billing_plans, self.billing_grace_days)
                    .map_err(|e| anyhow::anyhow!("BILLING_PLANS: {e}"))
            }
            (Some(_), None) => {
                anyhow::bail!("STRIPE_WEBHOOK_SECRET: must be set with STRIPE_SECRET_KEY")
            }
            (None, Some(_)) => {
                anyhow::bail!("STRIPE_SECRET_KEY: must be set with STRIPE_WEBHOOK_SECRET")
            }
        }
    }

    /// The webhook signing secrets (several while rotating).
    pub fn stripe_webhook_secrets(&self) -> Vec<String> {
        self.stripe_webhook_secret
            .as_ref()
            .map(|s| {
                s.expose()
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The persisted operations of `GRAPHQL_PERSISTED_QUERIES` (none without it).
    ///
    /// # Errors
    /// When the manifest cannot be read or checked, or `GRAPHQL_PERSISTED_ONLY` has no
    /// manifest to allow.
    pub fn persisted_queries(&self) -> anyhow::Result<crate::graphql::persisted::Manifest> {
        match &self.graphql_persisted_queries {
            Some(path) => crate::graphql::persisted::load_manifest(path),
            None if self.graphql_persisted_only => anyhow::bail!(
                "GRAPHQL_PERSISTED_ONLY: needs GRAPHQL_PERSISTED_QUERIES, the operations to allow"
            ),
            None => Ok(Default::default()),
        }
    }

    /// The folder of the web app to serve, if any.
    ///
    /// # Errors
    /// When `WEB_DIR` names a folder without `index.html`.
    pub fn web_dir(&self) -> anyhow::Result<Option<std::path::PathBuf>> {
        let Some(value) = self.web_dir.as_deref().filter(|v| !v.trim().is_empty()) else {
            return Ok(None);
        };
        let dir = std::path::PathBuf::from(value);
        if !dir.join("index.html").is_file() {
            anyhow::bail!(
                "WEB_DIR: {value} holds no index.html (build the app: npm --prefix web run build)"
            );
        }
        Ok(Some(dir))
    }

    pub fn runs_worker_in_process(&self) -> bool {
        self.worker_in_process
            .unwrap_or_else(|| self.platform.is_sqlite())
    }
}

fn parse_jwt_secret(value: &str) -> Result<Secret, String> {
    if value.len() >= 32 {
        Ok(Secret::new(value))
    } else {
        Err("must be at least 32 characters".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Config::command().debug_assert();
    }

    #[test]
    fn an_allow_list_without_its_manifest_is_refused_at_startup() {
        use clap::Parser as _;
        let config = super::Config::try_parse_from(["api", "--graphql-persisted-only", "true"]);
        let error = config
            .map(|config| config.persisted_queries().is_err())
            .unwrap_or(false);
        assert!(
            error,
            "GRAPHQL_PERSISTED_ONLY without GRAPHQL_PERSISTED_QUERIES must fail"
        );
    }
}

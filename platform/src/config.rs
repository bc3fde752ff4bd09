//! The configuration every Stockroom process reads — database, Redis, mail, the app's address
//! and logs — defined once and flattened into the api's and the worker's command lines, so
//! the two cannot drift. Environment variables (and `.env`), each with a safe default; a bad
//! value stops start-up with a message naming the variable.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;

use crate::bus::Bus;
use crate::mail::Mailer;
use crate::secret::Secret;
use crate::telemetry::LogFormat;

#[derive(Clone, Debug, Args)]
// No argument group of its own: it is flattened into commands whose struct is `Config` too.
#[group(skip)]
pub struct Config {
    /// `sqlite://…` (embedded default) or `postgres://…` (connect as the RLS-bound app role).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://stockroom.db?mode=rwc", value_parser = parse_database_url)]
    pub database_url: String,
    /// Connections in the process's database pool (PostgreSQL; SQLite uses one). Unset: 20 in
    /// the api, 5 in the worker.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS")]
    pub database_max_connections: Option<u32>,
    /// PostgreSQL `statement_timeout` of the process's sessions, in milliseconds (0: none).
    #[arg(long, env = "DATABASE_STATEMENT_TIMEOUT_MS", default_value_t = 10_000)]
    pub database_statement_timeout_ms: u64,
    /// PostgreSQL `idle_in_transaction_session_timeout` of the process's sessions, in
    /// milliseconds (0: none).
    #[arg(
        long,
        env = "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS",
        default_value_t = 30_000
    )]
    pub database_idle_in_transaction_timeout_ms: u64,
    /// Longest a request waits for a pooled database connection (all in use, or the database
    /// unreachable), in milliseconds; then it fails with `SERVICE_UNAVAILABLE` and a
    /// `retryAfter`. At least 100.
    #[arg(long, env = "DATABASE_ACQUIRE_TIMEOUT_MS", default_value_t = 3_000, value_parser = clap::value_parser!(u64).range(100..))]
    pub database_acquire_timeout_ms: u64,
    /// Redis for cache, pub/sub and rate limits; in-process when unset.
    #[arg(long, env = "REDIS_URL", value_parser = parse_redis_url)]
    pub redis_url: Option<String>,
    /// Prefix of every Redis key and channel, so deployments can share a Redis.
    #[arg(long, env = "REDIS_PREFIX", default_value = "stockroom:")]
    pub redis_prefix: String,
    /// SMTP server for e-mail (`smtp://` or `smtps://`); unset, mail is written to `MAIL_DIR`.
    #[arg(long, env = "SMTP_URL", value_parser = parse_smtp_url)]
    pub smtp_url: Option<Secret>,
    /// Folder for `.eml` files when `SMTP_URL` is unset.
    #[arg(long, env = "MAIL_DIR", default_value = "./mail")]
    pub mail_dir: PathBuf,
    /// Sender of Stockroom's e-mail.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Stockroom <no-reply@stockroom.localhost>"
    )]
    pub mail_from: String,
    /// The single-page app's base URL, used in links inside e-mails.
    #[arg(long, env = "APP_URL", default_value = "http://localhost:8080", value_parser = parse_http_url)]
    pub app_url: String,
    /// Log output: `pretty` or `json` (filtered by `RUST_LOG`).
    #[arg(long, env = "LOG_FORMAT", default_value = "pretty")]
    pub log_format: LogFormat,
}

impl Config {
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// `DATABASE_MAX_CONNECTIONS`, or the process's own default when it is unset.
    pub fn database_pool_size(&self, default: u32) -> u32 {
        self.database_max_connections.unwrap_or(default)
    }

    pub fn statement_timeout(&self) -> Duration {
        Duration::from_millis(self.database_statement_timeout_ms)
    }

    pub fn idle_in_transaction_timeout(&self) -> Duration {
        Duration::from_millis(self.database_idle_in_transaction_timeout_ms)
    }

    pub fn acquire_timeout(&self) -> Duration {
        Duration::from_millis(self.database_acquire_timeout_ms)
    }

    /// The cache/bus: Redis when `REDIS_URL` is set, in-process otherwise.
    ///
    /// # Errors
    /// When Redis cannot be reached or subscribed to.
    pub async fn bus(&self) -> anyhow::Result<Bus> {
        match &self.redis_url {
            Some(url) => Bus::redis(url, &self.redis_prefix)
                .await
                .context("REDIS_URL: cannot use Redis"),
            None => Ok(Bus::in_process()),
        }
    }

    /// The mailer: SMTP when `SMTP_URL` is set, `.eml` files in `MAIL_DIR` otherwise.
    ///
    /// # Errors
    /// When `MAIL_FROM` is malformed or `MAIL_DIR` cannot be created.
    pub fn mailer(&self) -> anyhow::Result<Mailer> {
        let smtp_url = self.smtp_url.as_ref().map(Secret::expose);
        Mailer::new(smtp_url, &self.mail_dir, &self.mail_from)
    }
}

fn parse_database_url(value: &str) -> Result<String, String> {
    let supported = ["sqlite:", "postgres://", "postgresql://"];
    if supported.iter().any(|scheme| value.starts_with(scheme)) {
        Ok(value.to_owned())
    } else {
        Err("expected a sqlite://… or postgres://… URL".to_owned())
    }
}

fn parse_redis_url(value: &str) -> Result<String, String> {
    if value.starts_with("redis://") || value.starts_with("rediss://") {
        Ok(value.to_owned())
    } else {
        Err("expected a redis://… or rediss://… URL".to_owned())
    }
}

fn parse_smtp_url(value: &str) -> Result<Secret, String> {
    if value.starts_with("smtp://") || value.starts_with("smtps://") {
        Ok(Secret::new(value))
    } else {
        Err("expected an smtp://… or smtps://… URL".to_owned())
    }
}

/// An `http://` or `https://` URL, without a trailing slash (links are built by appending
/// `/path`).
///
/// # Errors
/// When `value` is not such a URL.
pub fn parse_http_url(value: &str) -> Result<String, String> {
    let value = value.trim().trim_end_matches('/');
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
            Ok(value.to_owned())
        }
        _ => Err("expected an http://… or https://… URL".to_owned()),
    }
}

//! The test harness: start the real app on a random port with its own database, Redis key
//! prefix and mail folder, and speak GraphQL, WebSocket and HTTP to it.
//!
//! Backends come from the environment, like the app's: `DATABASE_URL=postgres://…` (a role
//! that may create databases; each test gets a database cloned from a migrated template and
//! the app connects to it as `STOCKROOM_TEST_APP_ROLE`, default `stockroom_app`, which is
//! bound by row-level security), `REDIS_URL=redis://…`. Unset, each test gets a SQLite file
//! and the in-process bus.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

mod database;
mod graphql;
mod requirements;
mod servers;
mod smtp;
mod stock;
mod stripe;
mod ws;

use std::sync::Arc;

use api::{Application, Config};
use clap::Parser as _;
use platform::Secret;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

pub use database::TestDatabase;
pub use graphql::{GqlResponse, PASSWORD, Session, session_from};
pub use requirements::{
    SERIAL_ON_SQLITE, postgres_configured, skip_missing, skip_without_postgres,
};
pub use servers::{PgCluster, RedisServer};
pub use smtp::SmtpSink;
pub use stripe::{StripeCall, StripeStandIn};
pub use ws::WsClient;

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub jwt_secret: String,
    pub database: Arc<TestDatabase>,
    pub redis_prefix: String,
    pub mail_dir: Arc<tempfile::TempDir>,
    /// The app's cache/bus, for driving jobs as its worker would.
    pub bus: platform::Bus,
    shutdown: CancellationToken,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Redis to test against, when configured.
pub fn redis_url() -> Option<String> {
    std::env::var("REDIS_URL").ok().filter(|v| !v.is_empty())
}

/// Starts the app on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app on a fresh database, with `customize` applied to its configuration.
pub async fn spawn_app_with(customize: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_on(TestDatabase::create().await, customize).await
}

/// Starts the app on `database`, with `customize` applied to its configuration.
pub async fn spawn_app_on(database: TestDatabase, customize: impl FnOnce(&mut Config)) -> TestApp {
    let database = Arc::new(database);
    let jwt_secret = format!("test-secret-{}", Uuid::new_v4().simple());
    let redis_prefix = format!("test:{}:", Uuid::new_v4().simple());
    let mail_dir = Arc::new(tempfile::tempdir().expect("mail dir"));
    let mut config = test_config(
        &database.app_url,
        &jwt_secret,
        &redis_prefix,
        mail_dir.path(),
    );
    customize(&mut config);
    start_with(config, database, jwt_secret, redis_prefix, mail_dir).await
}

impl TestApp {
    /// A second api replica on the same database, Redis prefix and signing key.
    pub async fn spawn_replica(&self) -> TestApp {
        start(
            self.database.clone(),
            self.jwt_secret.clone(),
            self.redis_prefix.clone(),
            self.mail_dir.clone(),
        )
        .await
    }

    /// A second replica as [`TestApp::spawn_replica`] makes, with `customize` applied to its
    /// configuration.
    pub async fn spawn_replica_with(&self, customize: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = test_config(
            &self.database.app_url,
            &self.jwt_secret,
            &self.redis_prefix,
            self.mail_dir.path(),
        );
        customize(&mut config);
        start_with(
            config,
            self.database.clone(),
            self.jwt_secret.clone(),
            self.redis_prefix.clone(),
            self.mail_dir.clone(),
        )
        .await
    }

    /// Stops the server as SIGTERM would.
    pub fn stop(&self) {
        self.shutdown.cancel();
    }
}

/// The configuration a test app runs with.
pub fn test_config(
    database_url: &str,
    jwt_secret: &str,
    redis_prefix: &str,
    mail_dir: &std::path::Path,
) -> Config {
    let mut config = Config::try_parse_from(["api"]).expect("default configuration");
    config.bind_addr = "127.0.0.1:0".parse().expect("address");
    config.platform.database_url = database_url.to_owned();
    // Concurrency tests need real parallelism on PostgreSQL (SQLite always gets one connection).
    let pool = if database_url.starts_with("postgres") {
        20
    } else {
        5
    };
    config.platform.database_max_connections = Some(pool);
    config.platform.redis_url = redis_url();
    config.platform.redis_prefix = redis_prefix.to_owned();
    config.jwt_secret = Some(Secret::new(jwt_secret));
    config.platform.mail_dir = mail_dir.to_path_buf();
    config.platform.smtp_url = None;
    config.graphql_introspection = true;
    config.graphql_max_depth = 12;
    config.worker_in_process = Some(false);
    // Tests sign many people up from 127.0.0.1; the rate-limit tests set their own limits.
    config.auth_requests_per_ip = 100_000;
    config.login_attempts_per_account = 100_000;
    config.login_attempts_per_account_all_addresses = 100_000;
    config.organizations_per_user_per_hour = 100_000;
    config
}

async fn start(
    database: Arc<TestDatabase>,
    jwt_secret: String,
    redis_prefix: String,
    mail_dir: Arc<tempfile::TempDir>,
) -> TestApp {
    let config = test_config(
        &database.app_url,
        &jwt_secret,
        &redis_prefix,
        mail_dir.path(),
    );
    start_with(config, database, jwt_secret, redis_prefix, mail_dir).await
}

async fn start_with(
    config: Config,
    database: Arc<TestDatabase>,
    jwt_secret: String,
    redis_prefix: String,
    mail_dir: Arc<tempfile::TempDir>,
) -> TestApp {
    let app = Application::build(config).await.expect("the app starts");
    let port = app.local_addr().expect("bound").port();
    let shutdown = app.shutdown_token();
    let bus = app.bus();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        client: reqwest::Client::new(),
        jwt_secret,
        database,
        redis_prefix,
        mail_dir,
        bus,
        shutdown,
    }
}

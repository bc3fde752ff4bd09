//! Building and running the server: database (migrated when embedded), cache/bus, schema,
//! listener, and in embedded mode the worker.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use migration::{Migrator, MigratorTrait as _};
use platform::Bus;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::auth::AccessTokens;
use crate::config::Config;
use crate::metrics::Metrics;
use crate::state::{AppState, Services};

/// How long shutdown waits for WebSocket clients to acknowledge the close.
const WEBSOCKET_DRAIN: Duration = Duration::from_secs(5);

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    shutdown: CancellationToken,
    worker: Option<JoinHandle<()>>,
    connections: TaskTracker,
    bus: Bus,
    /// `/metrics` on its own listener, when `METRICS_BIND_ADDR` is set.
    metrics: Option<(TcpListener, axum::Router)>,
}

impl Application {
    /// Connects everything the server needs; nothing listens for requests until
    /// [`Application::run_until_stopped`].
    ///
    /// # Errors
    /// With a message naming the setting at fault when the database, Redis or the listen
    /// address cannot be used.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        platform::tls::install_default_provider();
        let metrics = Arc::new(Metrics::default());
        let mut db = entity::db::connect_with(
            &config.platform.database_url,
            config.database_pool_size(),
            config.pool_timeouts(),
        )
        .await
        .context("DATABASE_URL: cannot connect to the database")?;
        if config.platform.is_sqlite() {
            Migrator::up(&db, None)
                .await
                .context("DATABASE_URL: applying migrations failed")?;
        }
        match entity::db::history_is_writable(&db).await {
            Ok(false) => {}
            Ok(true) => tracing::warn!(
                "DATABASE_URL: this role may change or delete ledger and audit rows; connect as \
                 the app role (see scripts/postgres-roles.sql) so history stays append-only"
            ),
            Err(error) => {
                tracing::warn!(error = %error, "could not check the database role's privileges")
            }
        }
        let statement_metrics = metrics.clone();
        db.set_metric_callback(move |info| {
            statement_metrics.record_statement(info.failed, info.elapsed);
            platform::telemetry::record_statement(&info.statement.sql, info.elapsed, info.failed);
        });
        let bus = config.platform.bus().await?;
        let secret = jwt_secret(&config)?;
        let tokens = AccessTokens::new(
            secret.as_bytes(),
            Duration::from_secs(config.access_token_ttl_secs),
        );
        let services = Arc::new(Services {
            db: db.clone(),
            bus,
            tokens,
            limits: crate::auth::limits::RateLimits::from_config(&config),
            trusted_proxy_hops: config.trusted_proxy_hops,
            billing: config.billing()?,
            stripe: match &config.stripe_secret_key {
                Some(key) => Some(billing::StripeApi::new(
                    key.expose(),
                    config.stripe_api_base.as_deref(),
                )?),
                None => None,
            },
            stripe_webhook_secrets: config.stripe_webhook_secrets(),
            app_url: config.platform.app_url.clone(),
            webhook_policy: config.jobs.webhook_policy(),
        });
        let gateway = crate::graphql::build(services.clone(), metrics.clone(), &config)?;
        let shutdown = CancellationToken::new();
        let connections = TaskTracker::new();
        let bus = services.bus.clone();
        let state_bus = bus.clone();
        // The embedded worker's jobs, made before the state so `/healthz` can report on them.
        let runner = if config.runs_worker_in_process() {
            Some(worker::Runner::new(worker::jobs::all(
                db,
                Arc::new(config.platform.mailer()?),
                bus,
                &config.platform.app_url,
                config.jobs,
            )?))
        } else {
            None
        };
        let state = AppState {
            services,
            gateway,
            metrics,
            shutdown: shutdown.clone(),
            connections: connections.clone(),
            document_limits: crate::graphql::limits::DocumentLimits::from_config(&config),
            worker: runner.as_ref().map(worker::Runner::health),
        };
        let web_dir = config.web_dir()?;
        let router = crate::http::router(
            state.clone(),
            &crate::http::CorsPolicy {
                origins: &config.cors_allowed_origins,
                headers: &config.cors_allowed_headers,
            },
            config.metrics_bind_addr.is_none(),
            Duration::from_secs(config.request_timeout_secs),
            web_dir.as_deref(),
        );
        let listener = TcpListener::bind(config.bind_addr)
            .await
            .with_context(|| format!("BIND_ADDR: cannot listen on {}", config.bind_addr))?;
        let metrics = match config.metrics_bind_addr {
            Some(addr) => Some((
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("METRICS_BIND_ADDR: cannot listen on {addr}"))?,
                crate::http::metrics_router(state),
            )),
            None => None,
        };
        let worker = runner.map(|runner| tokio::spawn(runner.run(shutdown.clone())));
        Ok(Self {
            listener,
            router,
            shutdown,
            worker,
            connections,
            bus: state_bus,
            metrics,
        })
    }

    /// # Errors
    /// When the socket has no address (it always has once bound).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Where `/metrics` is served when `METRICS_BIND_ADDR` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics
            .as_ref()
            .and_then(|(listener, _)| listener.local_addr().ok())
    }

    /// The address to show people: `localhost` instead of the unspecified address.
    pub fn display_addr(&self) -> String {
        match self.listener.local_addr() {
            Ok(addr) if addr.ip().is_unspecified() => format!("localhost:{}", addr.port()),
            Ok(addr) => addr.to_string(),
            Err(_) => "unknown".to_owned(),
        }
    }

    /// The cache/bus the server uses (shared with an in-process worker).
    pub fn bus(&self) -> Bus {
        self.bus.clone()
    }

    /// Cancelling it stops the server gracefully, as SIGTERM does.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Serves until SIGTERM, Ctrl-C or the shutdown token; in-flight requests finish first.
    ///
    /// # Errors
    /// When serving fails.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let shutdown = self.shutdown.clone();
        tokio::spawn({
            let shutdown = shutdown.clone();
            async move {
                tokio::select! {
                    () = platform::shutdown::signal() => {
                        tracing::info!("shutdown requested; finishing in-flight requests");
                        shutdown.cancel();
                    }
                    () = shutdown.cancelled() => {}
                }
            }
        });
        let metrics_server = self.metrics.map(|(listener, router)| {
            tokio::spawn(
                axum::serve(listener, router)
                    .with_graceful_shutdown(shutdown.clone().cancelled_owned())
                    .into_future(),
            )
        });
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown.clone().cancelled_owned())
            .await
            .context("server failed");
        if let Some(metrics_server) = metrics_server {
            // Stop it too if the main server failed without a shutdown request.
            shutdown.cancel();
            match metrics_server.await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::error!(%error, "metrics server failed"),
                Err(error) => tracing::error!(%error, "metrics server task failed"),
            }
        }
        served?;
        // HTTP requests are done; WebSockets were told to close when the token was cancelled.
        self.connections.close();
        if tokio::time::timeout(WEBSOCKET_DRAIN, self.connections.wait())
            .await
            .is_err()
        {
            tracing::warn!("some WebSocket connections did not close in time");
        }
        if let Some(worker) = self.worker {
            let _ = worker.await;
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// The access-token signing key: `JWT_SECRET`, or with SQLite a key generated once and kept
/// beside the database file. Several PostgreSQL-backed replicas must share one key, so there
/// it must be configured.
fn jwt_secret(config: &Config) -> anyhow::Result<String> {
    if let Some(secret) = &config.jwt_secret {
        return Ok(secret.expose().to_owned());
    }
    anyhow::ensure!(
        config.platform.is_sqlite(),
        "JWT_SECRET: must be set when DATABASE_URL is PostgreSQL"
    );
    let path = sqlite_data_dir(&config.platform.database_url).join(".jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim();
        anyhow::ensure!(
            existing.len() >= 32,
            "JWT_SECRET: the key in {} is too short",
            path.display()
        );
        return Ok(existing.to_owned());
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("JWT_SECRET: no randomness to generate one: {e}"))?;
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_private(&path, &secret).with_context(|| {
        format!(
            "JWT_SECRET: cannot store a generated key in {}",
            path.display()
        )
    })?;
    tracing::warn!(path = %path.display(), "JWT_SECRET is unset: generated a signing key and stored it");
    Ok(secret)
}

fn sqlite_data_dir(database_url: &str) -> PathBuf {
    let path = database_url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

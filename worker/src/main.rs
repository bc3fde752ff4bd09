//! `worker`: runs Stockroom's background jobs until SIGTERM or Ctrl-C.
//! Safe to run as several replicas; jobs claim their work in the database.

use clap::{Parser, Subcommand};
use platform::telemetry::{self, LogFormat};
use tokio_util::sync::CancellationToken;

#[derive(Parser)]
#[command(about = "Run Stockroom's background jobs")]
struct Config {
    /// Database to work on (postgres://… or sqlite://…).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://stockroom.db?mode=rwc"
    )]
    database_url: String,
    /// Log output: `pretty` or `json`.
    #[arg(long, env = "LOG_FORMAT", default_value = "pretty")]
    log_format: LogFormat,
    /// Connections in the worker's database pool.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 5)]
    database_max_connections: u32,
    /// PostgreSQL `statement_timeout` of the worker's sessions, in milliseconds (0: none).
    #[arg(long, env = "DATABASE_STATEMENT_TIMEOUT_MS", default_value_t = 10_000)]
    database_statement_timeout_ms: u64,
    /// PostgreSQL `idle_in_transaction_session_timeout`, in milliseconds (0: none).
    #[arg(
        long,
        env = "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS",
        default_value_t = 30_000
    )]
    database_idle_in_transaction_timeout_ms: u64,
    /// SMTP server (`smtp://` or `smtps://`); unset, mail is written to `MAIL_DIR`.
    #[arg(long, env = "SMTP_URL")]
    smtp_url: Option<String>,
    #[arg(long, env = "MAIL_DIR", default_value = "./mail")]
    mail_dir: std::path::PathBuf,
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Stockroom <no-reply@stockroom.localhost>"
    )]
    mail_from: String,
    /// The single-page app's base URL, for links in e-mails.
    #[arg(long, env = "APP_URL", default_value = "http://localhost:8080")]
    app_url: String,
    /// Redis for cache invalidation (the api's `REDIS_URL`); in-process when unset.
    #[arg(long, env = "REDIS_URL")]
    redis_url: Option<String>,
    #[arg(long, env = "REDIS_PREFIX", default_value = "stockroom:")]
    redis_prefix: String,
    /// Hours processed outbox events are kept before they are pruned.
    #[arg(long, env = "OUTBOX_RETENTION_HOURS", default_value_t = 168)]
    outbox_retention_hours: u64,
    /// Milliseconds between an idle outbox worker's polls; new events wake it at once.
    #[arg(long, env = "OUTBOX_POLL_INTERVAL_MS", default_value_t = 1000)]
    outbox_poll_interval_ms: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the background jobs until SIGTERM (the default).
    Run,
    /// Outbox events parked after too many failed attempts.
    Parked,
    /// Put a parked outbox event back in the queue.
    Retry { id: uuid::Uuid },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    let config = Config::parse();
    telemetry::init(config.log_format);
    let timeouts = entity::db::SessionTimeouts {
        statement: std::time::Duration::from_millis(config.database_statement_timeout_ms),
        idle_in_transaction: std::time::Duration::from_millis(
            config.database_idle_in_transaction_timeout_ms,
        ),
    };
    let db = entity::db::connect_with(
        &config.database_url,
        config.database_max_connections,
        timeouts,
    )
    .await
    .map_err(|e| anyhow::anyhow!("DATABASE_URL: cannot connect to the database: {e}"))?;
    match config.command {
        Some(Command::Parked) => {
            for event in entity::outbox::parked(&db).await? {
                println!(
                    "{}  org {}  {}  attempts {}  parked {}  last error: {}",
                    event.id,
                    event.organization_id,
                    event.topic,
                    event.attempts,
                    event
                        .parked_at
                        .map(|at| at.to_rfc3339())
                        .unwrap_or_default(),
                    event.last_error.unwrap_or_default()
                );
            }
            return Ok(());
        }
        Some(Command::Retry { id }) => {
            anyhow::ensure!(
                entity::outbox::retry_parked(&db, id).await?,
                "no parked event {id}"
            );
            println!("event {id} is queued again");
            return Ok(());
        }
        Some(Command::Run) | None => {}
    }
    let mailer = platform::mail::Mailer::new(
        config.smtp_url.as_deref(),
        &config.mail_dir,
        &config.mail_from,
    )?;
    let bus = match &config.redis_url {
        Some(url) => platform::Bus::redis(url, &config.redis_prefix)
            .await
            .map_err(|e| anyhow::anyhow!("REDIS_URL: {e:#}"))?,
        None => platform::Bus::in_process(),
    };
    let shutdown = CancellationToken::new();
    let signal = shutdown.clone();
    tokio::spawn(async move {
        platform::shutdown::signal().await;
        tracing::info!("shutdown requested; finishing the current steps");
        signal.cancel();
    });
    worker::Runner::new(worker::jobs::all(
        db,
        std::sync::Arc::new(mailer),
        bus,
        &config.app_url,
        worker::jobs::Settings {
            outbox_retention: std::time::Duration::from_secs(
                config.outbox_retention_hours.saturating_mul(3600),
            ),
            outbox_poll_interval: std::time::Duration::from_millis(config.outbox_poll_interval_ms),
        },
    ))
    .run(shutdown)
    .await;
    Ok(())
}

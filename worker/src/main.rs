//! `worker`: runs Stockroom's background jobs until SIGTERM or Ctrl-C.
//! Safe to run as several replicas; jobs claim their work in the database.

use clap::Parser;
use tokio_util::sync::CancellationToken;
use worker::telemetry::{self, LogFormat};

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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    let config = Config::parse();
    telemetry::init(config.log_format);
    let db = entity::db::connect(&config.database_url, config.database_max_connections)
        .await
        .map_err(|e| anyhow::anyhow!("DATABASE_URL: cannot connect to the database: {e}"))?;
    let shutdown = CancellationToken::new();
    let signal = shutdown.clone();
    tokio::spawn(async move {
        worker::shutdown::signal().await;
        tracing::info!("shutdown requested; finishing the current steps");
        signal.cancel();
    });
    worker::Runner::new(worker::jobs::all(db))
        .run(shutdown)
        .await;
    Ok(())
}

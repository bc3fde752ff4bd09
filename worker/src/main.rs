//! `worker`: runs Stockroom's background jobs until SIGTERM or Ctrl-C.
//! Safe to run as several replicas; jobs claim their work in the database.

use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;

/// jemalloc returns freed memory to the system; glibc's allocator kept argon2's 19 MiB blocks
/// (680 MiB after 1,000 sign-ups, against 34 MiB: BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The worker's pool: a few jobs at a time need few connections.
const DEFAULT_POOL_SIZE: u32 = 5;

#[derive(Parser)]
#[command(about = "Run Stockroom's background jobs")]
struct Config {
    #[command(flatten)]
    platform: platform::Config,
    #[command(flatten)]
    jobs: worker::jobs::Settings,
    /// Where to serve `GET /healthz` (200 while every job loop is alive), e.g. `0.0.0.0:8081`.
    #[arg(long, env = "WORKER_HEALTH_ADDR", value_name = "WORKER_HEALTH_ADDR")]
    health_addr: Option<std::net::SocketAddr>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the background jobs until SIGTERM (the default).
    Run,
    /// Outbox events (account e-mails among them) parked after too many failed attempts.
    Parked,
    /// Put a parked outbox event back in the queue.
    Retry { id: uuid::Uuid },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    platform::tls::install_default_provider();
    let Config {
        platform: config,
        jobs,
        health_addr,
        command,
    } = Config::parse();
    let telemetry = platform::telemetry::init(config.log_format, "stockroom-worker");
    let timeouts = entity::db::PoolTimeouts {
        statement: config.statement_timeout(),
        idle_in_transaction: config.idle_in_transaction_timeout(),
        acquire: config.acquire_timeout(),
    };
    let db = entity::db::connect_with(
        &config.database_url,
        config.database_pool_size(DEFAULT_POOL_SIZE),
        timeouts,
    )
    .await
    .map_err(|e| anyhow::anyhow!("DATABASE_URL: cannot connect to the database: {e}"))?;
    let mut db = db;
    db.set_metric_callback(|info| {
        platform::telemetry::record_statement(&info.statement.sql, info.elapsed, info.failed);
    });
    match command {
        Some(Command::Parked) => {
            for event in entity::outbox::parked(&db).await? {
                let owner = if event.organization_id == entity::outbox::NO_ORGANIZATION.0 {
                    "account e-mail".to_owned()
                } else {
                    format!("org {}", event.organization_id)
                };
                println!(
                    "{}  {owner}  {}  attempts {}  parked {}  last error: {}",
                    event.id,
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
            println!("{id} is queued again");
            return Ok(());
        }
        Some(Command::Run) | None => {}
    }
    let mailer = config.mailer()?;
    let bus = config.bus().await?;
    let shutdown = CancellationToken::new();
    let signal = shutdown.clone();
    tokio::spawn(async move {
        platform::shutdown::signal().await;
        tracing::info!("shutdown requested; finishing the current steps");
        signal.cancel();
    });
    let runner = worker::Runner::new(worker::jobs::all(
        db,
        std::sync::Arc::new(mailer),
        bus,
        &config.app_url,
        jobs,
    )?);
    if let Some(addr) = health_addr {
        worker::health::serve(addr, runner.health(), shutdown.clone()).await?;
    }
    runner.run(shutdown).await;
    telemetry.shutdown();
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Config::command().debug_assert();
    }
}

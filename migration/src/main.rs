//! `migration up|down|status`: applies Stockroom's schema to `DATABASE_URL`.
//!
//! In production this runs as a Helm pre-upgrade job with the schema-owner role; the api
//! itself connects as a role bound by row-level security.

use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::Database;

#[derive(Parser)]
#[command(about = "Apply Stockroom's database migrations")]
struct Cli {
    /// Database to migrate (postgres://… or sqlite://…).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://stockroom.db?mode=rwc"
    )]
    database_url: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply every pending migration (the default).
    Up,
    /// Roll back the last `steps` migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List applied and pending migrations.
    Status,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info,sqlx=warn"))
        .init();
    let cli = Cli::parse();
    let db = Database::connect(&cli.database_url)
        .await
        .map_err(|e| format!("DATABASE_URL: cannot connect: {e}"))?;
    match cli.command.unwrap_or(Command::Up) {
        Command::Up => Migrator::up(&db, None).await?,
        Command::Down { steps } => Migrator::down(&db, Some(steps)).await?,
        Command::Status => Migrator::status(&db).await?,
    }
    Ok(())
}

//! `api`: Stockroom's GraphQL and HTTP server.

use std::process::ExitCode;

use api::{Application, Config};
use clap::Parser as _;

/// jemalloc returns freed memory to the system; glibc's allocator kept argon2's 19 MiB blocks
/// (680 MiB after 1,000 sign-ups, against 34 MiB: BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    platform::tls::install_default_provider();
    let config = Config::parse();
    let telemetry = platform::telemetry::init(config.platform.log_format, "stockroom-api");
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "start-up failed");
            eprintln!("error: {error:#}");
            telemetry.shutdown();
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "Stockroom is up: GraphiQL at http://{}/graphql",
        app.display_addr()
    );
    let code = match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    };
    telemetry.shutdown();
    code
}

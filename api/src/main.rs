//! `api`: Stockroom's GraphQL and HTTP server.

use std::process::ExitCode;

use api::{Application, Config};
use clap::Parser as _;

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let config = Config::parse();
    platform::telemetry::init(config.platform.log_format);
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "start-up failed");
            eprintln!("error: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "Stockroom is up: GraphiQL at http://{}/graphql",
        app.display_addr()
    );
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

//! `bench`: load against a running Stockroom, checked, and compared with its pgbench anchors.
//!
//! Sets up `--orgs` organizations with `--items` items each (stocked generously), or reuses
//! those of the setup file, then runs `--concurrency` clients for `--seconds` against random
//! organizations: one-line `stockOut`s (`--mix stock-out`), `items(first: 50)` pages with
//! quantities and levels (`--mix items`), or each client alternating the two (`--mix mixed`).
//! It prints per operation the throughput, p50/p99 latency and errors, then checks that no
//! request failed and that the ledger still equals the levels in a few organizations. With
//! `--pgbench` the anchors run right after the load at the same clients and duration, and the
//! ratios are printed beside issue 12's targets. `--mix sign-ups` signs up and logs in new
//! users instead (for memory measurements), for `--seconds` or `--count` sign-ups.
//!
//! The api must let one address authenticate often (`AUTH_REQUESTS_PER_IP`,
//! `LOGIN_ATTEMPTS_PER_ACCOUNT`; see BENCHMARKS.md). Exits non-zero on errors or a failed check.
//!
//! cargo run --release -p bench -- --url http://127.0.0.1:8080 --mix stock-out --orgs 100 --items 1000 --pgbench

mod args;
mod client;
mod load;
mod pgbench;
mod setup;
mod signups;
mod stats;
mod verify;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser as _;

use crate::args::{Args, Mix};
use crate::client::Client;

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    // reqwest's TLS provider, when the workspace's features give it TLS (webhooks).
    let _ = rustls::crypto::ring::default_provider().install_default();
    anyhow::ensure!(
        args.orgs > 0 && args.items > 0 && args.concurrency > 0,
        "--orgs, --items and --concurrency must be at least 1"
    );
    let client = Arc::new(Client::new(&args.url)?);
    if args.mix == Mix::SignUps {
        let report = signups::run(client, args.concurrency, args.seconds, args.count).await;
        println!(
            "run: sign-ups, {} clients for {:.1} s",
            args.concurrency,
            report.elapsed.as_secs_f64()
        );
        report.print();
        if args.pgbench {
            println!("(no pgbench anchor for sign-ups)");
        }
        return Ok(verdict(report.errors(), true));
    }

    let perf_dir = if args.pgbench {
        let dir = pgbench::locate(&args.perf_dir)?;
        pgbench::ensure_database(&dir)?;
        Some(dir)
    } else {
        None
    };
    let orgs = Arc::new(setup::prepare(&client, &args).await?);
    setup::warn_if_tokens_expire(&orgs, args.seconds);
    let report = load::run(
        client.clone(),
        orgs.clone(),
        args.mix,
        args.concurrency,
        args.seconds,
    )
    .await;
    println!(
        "run: --mix {}, {} clients for {:.1} s on {} organizations",
        args.mix.name(),
        args.concurrency,
        report.elapsed.as_secs_f64(),
        orgs.len()
    );
    report.print();
    if let Some(dir) = perf_dir {
        let (clients, seconds) = (args.concurrency, args.seconds);
        let operations: Vec<_> = report.operations.iter().map(|o| o.name).collect();
        let anchors =
            tokio::task::spawn_blocking(move || pgbench::run(&dir, &operations, clients, seconds))
                .await??;
        pgbench::print_ratios(&report, &anchors);
    }
    let ledger = verify::ledger(&client, &orgs, args.verify_orgs).await?;
    ledger.print();
    Ok(verdict(report.errors(), ledger.passed()))
}

/// Prints whether the run is clean and makes the exit code say so.
fn verdict(errors: u64, checks_passed: bool) -> ExitCode {
    if errors == 0 && checks_passed {
        println!("PASS: 0 errors");
        ExitCode::SUCCESS
    } else {
        println!(
            "FAIL: {errors} errors{}",
            if checks_passed {
                ""
            } else {
                ", ledger check failed"
            }
        );
        ExitCode::FAILURE
    }
}

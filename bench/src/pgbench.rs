//! The physical-limit anchors of `shared/perf/pgbench`: the bare SQL of each hot path under
//! pgbench, as the RLS-bound role `app_rls` on the `invbench` micro-schema, at the load's
//! client count and duration; and the ratios issue 12 sets targets for.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context as _, bail};

use crate::load::{ITEMS, STOCK_OUT};
use crate::stats::{self, Report};

/// What an operation must reach beside its anchor.
struct Target {
    operation: &'static str,
    script: &'static str,
    min_ratio: f64,
    max_p99_ms: f64,
}

const TARGETS: [Target; 2] = [
    Target {
        operation: STOCK_OUT,
        script: "movement_rls.sql",
        min_ratio: 0.3,
        max_p99_ms: 40.0,
    },
    Target {
        operation: ITEMS,
        script: "read_rls.sql",
        min_ratio: 0.35,
        max_p99_ms: 40.0,
    },
];

/// One pgbench run.
pub struct Anchor {
    pub script: &'static str,
    pub tps: f64,
    pub latency_ms: Option<f64>,
}

/// The anchors' folder: `dir` as given when it holds `run.sh`, else relative to the
/// repository root.
///
/// # Errors
/// When neither holds `run.sh`.
pub fn locate(dir: &Path) -> anyhow::Result<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [dir.to_path_buf(), root.join(dir)]
        .into_iter()
        .find(|d| d.join("run.sh").is_file())
        .with_context(|| format!("no run.sh in {} (see --perf-dir)", dir.display()))
}

fn pg(program: &str, dir: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env("PGPASSWORD", "bench")
        .env("PGHOST", "127.0.0.1")
        .env("PGPORT", "5432")
        .env("PGDATABASE", "invbench");
    command
}

fn checked(what: &str, output: std::io::Result<Output>) -> anyhow::Result<String> {
    let output = output.with_context(|| format!("starting {what}"))?;
    if !output.status.success() {
        bail!(
            "{what} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Creates the `invbench` database with `run.sh setup` unless `app_rls` can already read it.
///
/// # Errors
/// When the setup fails.
pub fn ensure_database(dir: &Path) -> anyhow::Result<()> {
    let ready = pg("psql", dir)
        .args(["-X", "-q", "-U", "app_rls", "-Atc"])
        .arg("SELECT 1 FROM stock_levels LIMIT 1")
        .output()
        .is_ok_and(|o| o.status.success());
    if ready {
        return Ok(());
    }
    println!("pgbench: no invbench database yet; bash run.sh setup (about 15 s)");
    let status = Command::new("bash")
        .arg("run.sh")
        .arg("setup")
        .current_dir(dir)
        .status()
        .context("starting bash run.sh setup")?;
    if !status.success() {
        bail!("bash run.sh setup failed ({status})");
    }
    Ok(())
}

/// Runs the anchor of each of `operations` for `seconds` at `clients` clients.
///
/// # Errors
/// When pgbench fails or prints no throughput.
pub fn run(
    dir: &Path,
    operations: &[&str],
    clients: usize,
    seconds: u64,
) -> anyhow::Result<Vec<Anchor>> {
    println!(
        "pgbench: the anchors at {clients} clients for {seconds} s each, right after the load"
    );
    let mut anchors = Vec::new();
    for target in TARGETS.iter().filter(|t| operations.contains(&t.operation)) {
        // As run.sh does: start each run from a checkpoint, when allowed to (best effort).
        let _ = Command::new("runuser")
            .args([
                "-u",
                "postgres",
                "--",
                "psql",
                "-h",
                "/var/run/postgresql",
                "-X",
                "-q",
            ])
            .args(["-d", "invbench", "-c", "CHECKPOINT"])
            .output();
        let output = pg("pgbench", dir)
            .args([
                "-n",
                "-M",
                "prepared",
                "-U",
                "app_rls",
                "-h",
                "127.0.0.1",
                "-d",
                "invbench",
            ])
            .args(["-c", &clients.to_string()])
            .args(["-j", &clients.clamp(1, 2).to_string()])
            .args(["-T", &seconds.to_string(), "-f", target.script])
            .output();
        let printed = checked(&format!("pgbench -f {}", target.script), output)?;
        let tps = value_after(&printed, "tps = ")
            .with_context(|| format!("pgbench -f {} printed no tps:\n{printed}", target.script))?;
        anchors.push(Anchor {
            script: target.script,
            tps,
            latency_ms: value_after(&printed, "latency average = "),
        });
    }
    Ok(anchors)
}

/// The number right after `label` on the first line holding it.
fn value_after(printed: &str, label: &str) -> Option<f64> {
    printed.lines().find_map(|line| {
        let rest = &line[line.find(label)? + label.len()..];
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// Prints each operation's rate over its anchor's, beside the targets.
pub fn print_ratios(report: &Report, anchors: &[Anchor]) {
    println!(
        "{:<18} {:>9} {:>8}   {:<17} {:>9} {:>8}   {:>6}   {:<22} verdict",
        "operation", "req/s", "p99 ms", "anchor", "tps", "lat ms", "ratio", "target"
    );
    for target in &TARGETS {
        let (Some(operation), Some(anchor)) = (
            report.operation(target.operation),
            anchors.iter().find(|a| a.script == target.script),
        ) else {
            continue;
        };
        let rate = operation.rate(report.elapsed);
        let p99 = stats::p99_ms(operation);
        let ratio = rate / anchor.tps.max(f64::EPSILON);
        let met = ratio >= target.min_ratio && p99 < target.max_p99_ms;
        let wanted = format!("≥ {}, p99 < {} ms", target.min_ratio, target.max_p99_ms);
        println!(
            "{:<18} {:>9.1} {:>8.2}   {:<17} {:>9.1} {:>8.2}   {:>6.3}   {:<22} {}",
            target.operation,
            rate,
            p99,
            target.script,
            anchor.tps,
            anchor.latency_ms.unwrap_or(f64::NAN),
            ratio,
            wanted,
            if met { "met" } else { "not met" }
        );
    }
    if report.operations.len() > 1 {
        println!(
            "(Stockroom rates as measured in the mix, each operation on its share of the clients)"
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const PRINTED: &str = "transaction type: movement_rls.sql
scaling factor: 1
query mode: prepared
number of clients: 16
number of threads: 2
maximum number of tries: 1
duration: 20 s
number of transactions actually processed: 67636
number of failed transactions: 0 (0.000%)
latency average = 4.731 ms
initial connection time = 21.457 ms
tps = 3381.812345 (without initial connection time)
";

    #[test]
    fn reads_tps_and_latency_from_pgbench_output() {
        assert_eq!(value_after(PRINTED, "tps = "), Some(3381.812345));
        assert_eq!(value_after(PRINTED, "latency average = "), Some(4.731));
        assert_eq!(value_after("nothing here", "tps = "), None);
    }
}

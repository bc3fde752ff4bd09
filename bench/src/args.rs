//! The command line.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Parser, Clone, Debug)]
#[command(about = "Load against a running Stockroom, checked and compared with pgbench")]
pub struct Args {
    /// The api's base URL.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// What each client does.
    #[arg(long, value_enum, default_value_t = Mix::Mixed)]
    pub mix: Mix,
    /// Organizations to load (ignored by `sign-ups`).
    #[arg(long, default_value_t = 100)]
    pub orgs: usize,
    /// Items per organization, each stocked with a million at one location.
    #[arg(long, default_value_t = 1000)]
    pub items: usize,
    /// Concurrent clients, each one request at a time.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Length of the load.
    #[arg(long, default_value_t = 30)]
    pub seconds: u64,
    /// `sign-ups` only: stop after this many sign-ups in all, however long it takes.
    #[arg(long)]
    pub count: Option<u64>,
    /// Where the organizations, credentials and ids are kept between runs
    /// [default: target/bench-setup-<host>-<orgs>x<items>.json].
    #[arg(long)]
    pub setup_file: Option<PathBuf>,
    /// Sign up new organizations even when the setup file holds usable ones.
    #[arg(long)]
    pub fresh: bool,
    /// Organizations whose ledger is checked against their levels after the load.
    #[arg(long, default_value_t = 3)]
    pub verify_orgs: usize,
    /// Run the pgbench anchors right after the load and print the ratios.
    #[arg(long)]
    pub pgbench: bool,
    /// The anchors' folder (`run.sh`, `movement_rls.sql`, `read_rls.sql`); relative paths are
    /// tried from the current folder, then from the repository root.
    #[arg(long, default_value = "../shared/perf/pgbench")]
    pub perf_dir: PathBuf,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mix {
    /// One-line `stockOut`s only.
    StockOut,
    /// `items(first: 50)` pages with quantities and levels only.
    Items,
    /// Each client alternates the two (the default).
    Mixed,
    /// Each client signs up a new user and organization, then logs in as it.
    SignUps,
}

impl Mix {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::StockOut => "stock-out",
            Self::Items => "items",
            Self::Mixed => "mixed",
            Self::SignUps => "sign-ups",
        }
    }
}

impl Args {
    /// The setup file given, or one named after the server and the setup's size.
    pub fn setup_path(&self) -> PathBuf {
        self.setup_file.clone().unwrap_or_else(|| {
            let host: String = self
                .url
                .trim_start_matches("http://")
                .trim_start_matches("https://")
                .trim_end_matches('/')
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            PathBuf::from(format!(
                "target/bench-setup-{host}-{}x{}.json",
                self.orgs, self.items
            ))
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_default_setup_file_names_the_server_and_the_size() {
        let args = Args::try_parse_from([
            "bench",
            "--url",
            "http://127.0.0.1:18090/",
            "--orgs",
            "20",
            "--items",
            "500",
        ])
        .unwrap();
        assert_eq!(
            args.setup_path(),
            PathBuf::from("target/bench-setup-127.0.0.1-18090-20x500.json")
        );
        assert_eq!(args.mix, Mix::Mixed);
        for mix in Mix::value_variants() {
            assert_eq!(mix.to_possible_value().unwrap().get_name(), mix.name());
        }
    }
}

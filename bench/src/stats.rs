//! What a load measured: per operation the latencies of its successes and its errors.

use std::time::{Duration, Instant};

use crate::client::RATE_LIMIT_HINT;

/// The longest error text printed: a GraphQL error list can be long.
const ERROR_SHOWN: usize = 300;

pub struct Operation {
    pub name: &'static str,
    latencies: Vec<Duration>,
    pub errors: u64,
    first_error: Option<String>,
}

impl Operation {
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            latencies: Vec::new(),
            errors: 0,
            first_error: None,
        }
    }

    /// Records one request begun at `begun`, now answered.
    pub fn record<T>(&mut self, begun: Instant, result: &anyhow::Result<T>) {
        match result {
            Ok(_) => self.latencies.push(begun.elapsed()),
            Err(error) => {
                self.errors += 1;
                if self.first_error.is_none() {
                    let text: String = format!("{error:#}").chars().take(ERROR_SHOWN).collect();
                    self.first_error = Some(text);
                }
            }
        }
    }

    pub fn merge(&mut self, other: Self) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }

    pub fn attempts(&self) -> u64 {
        self.latencies.len() as u64 + self.errors
    }

    /// Successful requests per second over `elapsed`.
    pub fn rate(&self, elapsed: Duration) -> f64 {
        self.latencies.len() as f64 / elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The latency below which `p` percent of the successes fell (zero when none succeeded).
    pub fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        nearest_rank(&sorted, p)
    }
}

fn nearest_rank(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A finished load: its operations (those attempted) over one wall-clock interval.
pub struct Report {
    pub elapsed: Duration,
    pub operations: Vec<Operation>,
}

impl Report {
    pub fn errors(&self) -> u64 {
        self.operations.iter().map(|o| o.errors).sum()
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }

    pub fn print(&self) {
        println!(
            "{:<18} {:>8} {:>7} {:>9} {:>9} {:>9}",
            "operation", "ok", "errors", "req/s", "p50 ms", "p99 ms"
        );
        let mut all = Operation::new("all");
        for operation in &self.operations {
            self.print_row(operation);
            all.latencies.extend(&operation.latencies);
            all.errors += operation.errors;
        }
        if self.operations.len() > 1 {
            self.print_row(&all);
        }
        let mut rate_limited = false;
        for operation in &self.operations {
            if let Some(error) = &operation.first_error {
                println!("first {} error: {error}", operation.name);
                rate_limited |= error.contains("RATE_LIMITED");
            }
        }
        if rate_limited {
            println!("({RATE_LIMIT_HINT})");
        }
    }

    fn print_row(&self, operation: &Operation) {
        println!(
            "{:<18} {:>8} {:>7} {:>9.1} {:>9.2} {:>9.2}",
            operation.name,
            operation.latencies.len(),
            operation.errors,
            operation.rate(self.elapsed),
            millis(operation.percentile(50.0)),
            millis(operation.percentile(99.0)),
        );
    }
}

/// `p99` of `operation` in milliseconds.
pub fn p99_ms(operation: &Operation) -> f64 {
    millis(operation.percentile(99.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let sorted: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(nearest_rank(&sorted, 50.0), Duration::from_millis(51));
        assert_eq!(nearest_rank(&sorted, 99.0), Duration::from_millis(99));
        assert_eq!(nearest_rank(&[], 99.0), Duration::ZERO);
    }
}

//! The sign-up load, for memory measurements: each client signs up a new user with a new
//! organization, then logs in as it, again and again, for `--seconds` or until `--count`
//! sign-ups in all.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::setup::{log_in, sign_up};
use crate::stats::{Operation, Report};

const PASSWORD: &str = "benchmark password";

/// When the load stops.
#[derive(Clone, Copy)]
enum Until {
    Deadline(Instant),
    /// This many sign-ups begun, by all clients together.
    Count(u64),
}

pub async fn run(
    client: Arc<Client>,
    concurrency: usize,
    seconds: u64,
    count: Option<u64>,
) -> Report {
    let started = Instant::now();
    let until = count.map_or(
        Until::Deadline(started + Duration::from_secs(seconds)),
        Until::Count,
    );
    let begun = Arc::new(AtomicU64::new(0));
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, begun) = (client.clone(), begun.clone());
        clients.spawn(async move { one_client(&client, until, &begun).await });
    }
    let (mut sign_ups, mut log_ins) = (Operation::new("signUp"), Operation::new("logIn"));
    while let Some(joined) = clients.join_next().await {
        match joined {
            Ok([s, l]) => {
                sign_ups.merge(s);
                log_ins.merge(l);
            }
            Err(error) => sign_ups.record::<()>(Instant::now(), &Err(error.into())),
        }
    }
    Report {
        elapsed: started.elapsed(),
        operations: vec![sign_ups, log_ins],
    }
}

async fn one_client(client: &Client, until: Until, begun: &AtomicU64) -> [Operation; 2] {
    let (mut sign_ups, mut log_ins) = (Operation::new("signUp"), Operation::new("logIn"));
    loop {
        let go_on = match until {
            Until::Deadline(deadline) => Instant::now() < deadline,
            Until::Count(count) => begun.fetch_add(1, Ordering::Relaxed) < count,
        };
        if !go_on {
            return [sign_ups, log_ins];
        }
        let email = format!("bench-signup-{}@example.com", uuid::Uuid::new_v4().simple());
        let started = Instant::now();
        let signed_up = sign_up(client, &email, PASSWORD, "Bench sign-up").await;
        sign_ups.record(started, &signed_up);
        if signed_up.is_ok() {
            let started = Instant::now();
            log_ins.record(started, &log_in(client, &email, PASSWORD).await);
        }
    }
}

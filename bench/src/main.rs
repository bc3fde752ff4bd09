//! `bench`: load against a running Stockroom.
//!
//! Signs up `--orgs` organizations with `--items` items each (stocked generously), then runs
//! `--concurrency` clients for `--seconds`, each alternating a one-line `stockOut` and an
//! `items(first: 50)` page with quantities and levels, all in random organizations, and
//! prints throughput and p50/p99 latency per operation.
//!
//! cargo run --release -p bench -- --url http://127.0.0.1:8080 --orgs 100 --items 1000 --concurrency 16

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Parser;
use serde_json::{Value, json};

#[derive(Parser, Clone)]
struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    #[arg(long, default_value_t = 100)]
    orgs: usize,
    #[arg(long, default_value_t = 1000)]
    items: usize,
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    #[arg(long, default_value_t = 30)]
    seconds: u64,
}

struct Org {
    token: String,
    id: String,
    location: String,
    items: Vec<String>,
}

struct Client {
    http: reqwest::Client,
    url: String,
}

impl Client {
    async fn call(
        &self,
        token: Option<&str>,
        org: Option<&str>,
        query: &str,
        variables: Value,
    ) -> anyhow::Result<Value> {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.url))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(org) = org {
            request = request.header("X-Organization-Id", org);
        }
        let body: Value = request.send().await?.json().await?;
        if let Some(errors) = body.get("errors") {
            bail!("{errors}");
        }
        Ok(body["data"].clone())
    }
}

async fn set_up_org(client: &Client, index: usize, items: usize) -> anyhow::Result<Org> {
    let email = format!(
        "bench-{}-{index}@example.com",
        uuid::Uuid::new_v4().simple()
    );
    let signed_up = client
        .call(
            None,
            None,
            "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken organization { id } } }",
            json!({ "i": { "email": email, "password": "benchmark password", "name": "Bench", "organizationName": format!("Bench {index}") } }),
        )
        .await?;
    let token = signed_up["signUp"]["accessToken"]
        .as_str()
        .context("token")?
        .to_owned();
    let id = signed_up["signUp"]["organization"]["id"]
        .as_str()
        .context("org")?
        .to_owned();
    let (t, o) = (Some(token.as_str()), Some(id.as_str()));
    let location = client
        .call(
            t,
            o,
            "mutation { createLocation(input: { name: \"Main\" }) { id } }",
            json!({}),
        )
        .await?;
    let location = location["createLocation"]["id"]
        .as_str()
        .context("location")?
        .to_owned();
    let mut ids = Vec::with_capacity(items);
    for chunk_start in (0..items).step_by(50) {
        let chunk_end = (chunk_start + 50).min(items);
        let aliases: String = (chunk_start..chunk_end)
            .map(|i| format!("i{i}: createItem(input: {{ sku: \"SKU-{i:05}\", name: \"Item {i}\", price: \"9.99\", cost: \"4.5\", safetyStock: \"10\" }}) {{ id }} "))
            .collect();
        let created = client
            .call(t, o, &format!("mutation {{ {aliases} }}"), json!({}))
            .await?;
        for i in chunk_start..chunk_end {
            ids.push(
                created[format!("i{i}")]["id"]
                    .as_str()
                    .context("item")?
                    .to_owned(),
            );
        }
    }
    for chunk in ids.chunks(500) {
        let lines: Vec<Value> = chunk
            .iter()
            .map(|item| json!({ "itemId": item, "quantity": "1000000" }))
            .collect();
        client
            .call(
                t,
                o,
                "mutation($i: StockInInput!) { stockIn(input: $i) { id } }",
                json!({ "i": { "locationId": location, "lines": lines } }),
            )
            .await?;
    }
    Ok(Org {
        token,
        id,
        location,
        items: ids,
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn report(name: &str, mut latencies: Vec<Duration>, elapsed: Duration, errors: u64) {
    latencies.sort();
    println!(
        "{name:<14} {:>7} ok {:>5} errors {:>9.1} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms",
        latencies.len(),
        errors,
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 50.0).as_secs_f64() * 1000.0,
        percentile(&latencies, 99.0).as_secs_f64() * 1000.0,
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let client = Arc::new(Client {
        http: reqwest::Client::new(),
        url: args.url.trim_end_matches('/').to_owned(),
    });

    let started = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let mut setups = tokio::task::JoinSet::new();
    for _ in 0..args.concurrency {
        let (client, next, args) = (client.clone(), next.clone(), args.clone());
        setups.spawn(async move {
            let mut orgs = Vec::new();
            loop {
                let index =
                    usize::try_from(next.fetch_add(1, Ordering::Relaxed)).unwrap_or(usize::MAX);
                if index >= args.orgs {
                    return Ok::<_, anyhow::Error>(orgs);
                }
                orgs.push(set_up_org(&client, index, args.items).await?);
            }
        });
    }
    let mut orgs = Vec::new();
    while let Some(result) = setups.join_next().await {
        orgs.extend(result??);
    }
    let orgs = Arc::new(orgs);
    println!(
        "setup: {} organizations × {} items in {:.1} s",
        orgs.len(),
        args.items,
        started.elapsed().as_secs_f64()
    );

    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let run_started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..args.concurrency {
        let (client, orgs) = (client.clone(), orgs.clone());
        workers.spawn(async move {
            let (mut outs, mut pages, mut errors) = (Vec::new(), Vec::new(), [0_u64; 2]);
            let mut seed = 0x9E37_79B9_7F4A_7C15_u64 ^ (worker as u64 + 1);
            let mut random = move |n: usize| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                usize::try_from(seed % n as u64).unwrap_or(0)
            };
            let mut round = 0_u64;
            while Instant::now() < deadline {
                let org = &orgs[random(orgs.len())];
                let (t, o) = (Some(org.token.as_str()), Some(org.id.as_str()));
                let begun = Instant::now();
                if round.is_multiple_of(2) {
                    let item = &org.items[random(org.items.len())];
                    let input = json!({ "i": { "locationId": org.location, "lines": [{ "itemId": item, "quantity": "1", "unitPrice": "9.99" }] } });
                    match client.call(t, o, "mutation($i: StockOutInput!) { stockOut(input: $i) { id } }", input).await {
                        Ok(_) => outs.push(begun.elapsed()),
                        Err(_) => errors[0] += 1,
                    }
                } else {
                    let query = "{ items(first: 50) { totalCount edges { node { id sku name quantity stockLevels { quantity } } } } }";
                    match client.call(t, o, query, json!({})).await {
                        Ok(_) => pages.push(begun.elapsed()),
                        Err(_) => errors[1] += 1,
                    }
                }
                round += 1;
            }
            (outs, pages, errors)
        });
    }
    let (mut outs, mut pages, mut errors) = (Vec::new(), Vec::new(), [0_u64; 2]);
    while let Some(result) = workers.join_next().await {
        let (o, p, e) = result?;
        outs.extend(o);
        pages.extend(p);
        errors[0] += e[0];
        errors[1] += e[1];
    }
    let elapsed = run_started.elapsed();
    println!(
        "run: {} clients for {:.1} s",
        args.concurrency,
        elapsed.as_secs_f64()
    );
    let all: Vec<Duration> = outs.iter().chain(pages.iter()).copied().collect();
    report("stockOut", outs, elapsed, errors[0]);
    report("items(50)", pages, elapsed, errors[1]);
    report("all", all, elapsed, errors[0] + errors[1]);
    Ok(())
}

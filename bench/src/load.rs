//! The timed load: `--concurrency` clients, each sending one request at a time to random
//! benchmark organizations until the time is up.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::args::Mix;
use crate::client::Client;
use crate::setup::Org;
use crate::stats::{Operation, Report};

pub const STOCK_OUT: &str = "stockOut";
pub const ITEMS: &str = "items(first: 50)";

const STOCK_OUT_QUERY: &str = "mutation($i: StockOutInput!) { stockOut(input: $i) { id } }";
const ITEMS_QUERY: &str = "{ items(first: 50) { totalCount edges { node { id sku name quantity stockLevels { quantity } } } } }";

/// Runs `mix` (not `SignUps`) for `seconds` with `concurrency` clients over `orgs` (none
/// without items).
pub async fn run(
    client: Arc<Client>,
    orgs: Arc<Vec<Org>>,
    mix: Mix,
    concurrency: usize,
    seconds: u64,
) -> Report {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut clients = tokio::task::JoinSet::new();
    for index in 0..concurrency {
        let (client, orgs) = (client.clone(), orgs.clone());
        clients.spawn(async move { one_client(&client, &orgs, mix, index, deadline).await });
    }
    let (mut outs, mut pages) = (Operation::new(STOCK_OUT), Operation::new(ITEMS));
    while let Some(joined) = clients.join_next().await {
        match joined {
            Ok([o, p]) => {
                outs.merge(o);
                pages.merge(p);
            }
            // A client that panicked is a bug of this tool: count it as an error.
            Err(error) => outs.record::<()>(Instant::now(), &Err(error.into())),
        }
    }
    let operations = [outs, pages]
        .into_iter()
        .filter(|o| o.attempts() > 0)
        .collect();
    Report {
        elapsed: started.elapsed(),
        operations,
    }
}

async fn one_client(
    client: &Client,
    orgs: &[Org],
    mix: Mix,
    index: usize,
    deadline: Instant,
) -> [Operation; 2] {
    let (mut outs, mut pages) = (Operation::new(STOCK_OUT), Operation::new(ITEMS));
    let mut random = xorshift(index);
    let mut round = 0_u64;
    while Instant::now() < deadline {
        let org = &orgs[random(orgs.len())];
        let stock_out = match mix {
            Mix::StockOut => true,
            Mix::Items | Mix::SignUps => false,
            Mix::Mixed => round.is_multiple_of(2),
        };
        let begun = Instant::now();
        if stock_out {
            let item = &org.account.item_ids[random(org.account.item_ids.len())];
            let input = json!({ "i": { "locationId": org.account.location_id, "lines": [{ "itemId": item, "quantity": "1", "unitPrice": "9.99" }] } });
            let result = client
                .call(Some(&org.session), STOCK_OUT_QUERY, input)
                .await;
            outs.record(begun, &result);
        } else {
            let result = client
                .call(Some(&org.session), ITEMS_QUERY, json!({}))
                .await;
            pages.record(begun, &result);
        }
        round += 1;
    }
    [outs, pages]
}

/// A cheap random index below `n`, seeded per client so clients spread differently.
fn xorshift(seed: usize) -> impl FnMut(usize) -> usize {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ (seed as u64 + 1);
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n.max(1) as u64).unwrap_or(0)
    }
}

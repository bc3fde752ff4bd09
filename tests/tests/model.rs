//! A randomized state-machine test: random sequences of in/out/adjust/move/void through the
//! API, checked against a simple in-memory model after every step, and at the end every level
//! against the sum of its ledger lines. Seeds are fixed so a failure replays exactly.

use std::collections::HashMap;

use serde_json::json;
use stockroom_tests::{Session, TestApp, spawn_app};

/// xorshift64*: small, deterministic, good enough to pick operations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Quantities in hundredths, as the API's decimal strings.
fn text(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, part) = (hundredths.abs() / 100, hundredths.abs() % 100);
    match part {
        0 => format!("{sign}{whole}"),
        p if p % 10 == 0 => format!("{sign}{whole}.{}", p / 10),
        p => format!("{sign}{whole}.{p:02}"),
    }
}

type Levels = HashMap<(usize, usize), i64>;
/// Signed changes per (item, location), in hundredths.
type Deltas = Vec<((usize, usize), i64)>;

struct Recorded {
    id: String,
    deltas: Deltas,
    voided: bool,
}

async fn run(seed: u64, steps: usize) {
    let app = spawn_app().await;
    let s = app.new_user(&format!("Model {seed}")).await;
    let locations = [
        app.create_location(&s, "L0").await,
        app.create_location(&s, "L1").await,
    ];
    let mut items = Vec::new();
    for i in 0..3 {
        items.push(app.create_item(&s, &format!("M{i}")).await);
    }
    let mut rng = Rng(seed);
    let mut model: Levels = HashMap::new();
    let mut history: Vec<Recorded> = Vec::new();

    for step in 0..steps {
        let item = rng.below(3) as usize;
        let location = rng.below(2) as usize;
        let quantity = rng.below(2000) as i64 + 1;
        let key = (item, location);
        let current = model.get(&key).copied().unwrap_or(0);
        let (mutation, input, deltas): (&str, serde_json::Value, Deltas) = match rng.below(5) {
            0 => (
                "stockIn",
                json!({ "locationId": locations[location], "lines": [{ "itemId": items[item], "quantity": text(quantity) }] }),
                vec![(key, quantity)],
            ),
            1 => (
                "stockOut",
                json!({ "locationId": locations[location], "lines": [{ "itemId": items[item], "quantity": text(quantity) }] }),
                vec![(key, -quantity)],
            ),
            2 => {
                let counted = rng.below(1500) as i64;
                (
                    "adjustStock",
                    json!({ "locationId": locations[location], "lines": [{ "itemId": items[item], "countedQuantity": text(counted) }] }),
                    vec![(key, counted - current)],
                )
            }
            3 => {
                let to = 1 - location;
                (
                    "moveStock",
                    json!({ "fromLocationId": locations[location], "toLocationId": locations[to], "lines": [{ "itemId": items[item], "quantity": text(quantity) }] }),
                    vec![(key, -quantity), ((item, to), quantity)],
                )
            }
            _ => {
                let open: Vec<usize> = (0..history.len()).filter(|&i| !history[i].voided).collect();
                if open.is_empty() {
                    continue;
                }
                let target = open[rng.below(open.len() as u64) as usize];
                let deltas = history[target]
                    .deltas
                    .iter()
                    .map(|(k, d)| (*k, -d))
                    .collect();
                let id = history[target].id.clone();
                let response = app
                    .as_user(
                        &s,
                        "mutation($id: ID!) { voidStockTransaction(input: { id: $id }) { id } }",
                        json!({ "id": id }),
                    )
                    .await;
                apply(&mut model, &mut history, response, deltas, step, "void");
                if history.last().is_some_and(|r| r.id == "void-ok") {
                    history.pop();
                    history[target].voided = true;
                }
                continue;
            }
        };
        let response = app.movement(&s, mutation, input).await;
        apply(&mut model, &mut history, response, deltas, step, mutation);
        if step % 10 == 9 {
            check_levels(&app, &s, &items, &locations, &model).await;
        }
    }
    check_levels(&app, &s, &items, &locations, &model).await;
    check_ledger_sums(&app, &s, &items, &locations, &model).await;
}

/// Applies a step's expected effect to the model, asserting the API agreed on success or
/// refusal.
fn apply(
    model: &mut Levels,
    history: &mut Vec<Recorded>,
    response: stockroom_tests::GqlResponse,
    deltas: Deltas,
    step: usize,
    what: &str,
) {
    let short = deltas
        .iter()
        .any(|(k, d)| *d < 0 && model.get(k).copied().unwrap_or(0) + d < 0);
    if short {
        assert_eq!(
            response.error_code(),
            "INSUFFICIENT_STOCK",
            "step {step} {what}: {}",
            response.body
        );
        return;
    }
    let data = response.data();
    for (k, d) in &deltas {
        *model.entry(*k).or_insert(0) += d;
    }
    let id = data
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(|t| t["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    if what == "void" {
        history.push(Recorded {
            id: "void-ok".to_owned(),
            deltas,
            voided: true,
        });
    } else {
        history.push(Recorded {
            id,
            deltas,
            voided: false,
        });
    }
}

async fn check_levels(
    app: &TestApp,
    s: &Session,
    items: &[String],
    locations: &[String; 2],
    model: &Levels,
) {
    for (i, item) in items.iter().enumerate() {
        for (l, location) in locations.iter().enumerate() {
            let expected = text(model.get(&(i, l)).copied().unwrap_or(0));
            assert_eq!(
                app.level(s, item, location).await,
                expected,
                "item {i} at {l}"
            );
        }
    }
}

async fn check_ledger_sums(
    app: &TestApp,
    s: &Session,
    items: &[String],
    locations: &[String; 2],
    model: &Levels,
) {
    let mut sums: HashMap<(String, String), i64> = HashMap::new();
    let mut after = serde_json::Value::Null;
    loop {
        let page = app
            .ok(
                s,
                "query($after: String) { stockTransactions(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { lines { item { id } location { id } quantity } } } } }",
                json!({ "after": after }),
                "stockTransactions",
            )
            .await;
        for edge in page["edges"].as_array().unwrap() {
            for line in edge["node"]["lines"].as_array().unwrap() {
                let quantity: f64 = line["quantity"].as_str().unwrap().parse().unwrap();
                let key = (
                    line["item"]["id"].as_str().unwrap().to_owned(),
                    line["location"]["id"].as_str().unwrap().to_owned(),
                );
                *sums.entry(key).or_insert(0) += (quantity * 100.0).round() as i64;
            }
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    for (i, item) in items.iter().enumerate() {
        for (l, location) in locations.iter().enumerate() {
            let ledger = sums
                .get(&(item.clone(), location.clone()))
                .copied()
                .unwrap_or(0);
            assert_eq!(
                ledger,
                model.get(&(i, l)).copied().unwrap_or(0),
                "ledger sum of item {i} at {l}"
            );
        }
    }
}

#[tokio::test]
async fn random_histories_keep_levels_equal_to_the_ledger_and_the_model() {
    for seed in [0x5EED_0001, 0xC0FF_EE42] {
        run(seed, 60).await;
    }
}

//! Sales roll-ups: equal to the ledger's sums, replay-safe, and fresh after new sales even
//! though answers are cached.

use serde_json::{Value, json};
use stockroom_tests::{Session, TestApp, spawn_app};

use crate::fixtures::run_outbox;

const SUMMARY: &str = "query($g: SalesGroupBy!) { salesSummary(from: \"2026-01-01\", to: \"2026-12-31\", groupBy: $g) {
    rows { key label quantity revenue } totalQuantity totalRevenue } }";

async fn summary(app: &TestApp, s: &Session, group: &str) -> Value {
    app.ok(s, SUMMARY, json!({ "g": group }), "salesSummary")
        .await
}

/// Σ quantity × price over the ledger's priced lines, in ten-thousandths.
async fn ledger_sales(app: &TestApp, s: &Session) -> (i64, i64) {
    let page = app
        .ok(
            s,
            "{ stockTransactions(first: 200) { edges { node { lines { quantity unitPrice } } } } }",
            json!({}),
            "stockTransactions",
        )
        .await;
    let scaled =
        |v: &Value| (v.as_str().unwrap().parse::<f64>().unwrap() * 10_000.0).round() as i64;
    let mut totals = (0, 0);
    for edge in page["edges"].as_array().unwrap() {
        for line in edge["node"]["lines"].as_array().unwrap() {
            if line["unitPrice"].is_string() {
                let (quantity, price) = (-scaled(&line["quantity"]), scaled(&line["unitPrice"]));
                totals.0 += quantity;
                totals.1 += quantity * price / 10_000;
            }
        }
    }
    totals
}

fn scaled(v: &Value) -> i64 {
    (v.as_str().unwrap().parse::<f64>().unwrap() * 10_000.0).round() as i64
}

#[tokio::test]
async fn roll_ups_equal_the_ledger_survive_replays_and_refresh_the_cache() {
    let app = spawn_app().await;
    let s = app.new_user("Sales Co").await;
    let location = app.create_location(&s, "Shop").await;
    let customer = app.create_partner(&s, "Big Customer", "CUSTOMER").await;
    let tools = app
        .ok(
            &s,
            "mutation { createCategory(input: { name: \"Tools\" }) { id } }",
            json!({}),
            "createCategory",
        )
        .await;
    let hammer = app
        .try_create_item(
            &s,
            json!({ "sku": "HAM", "name": "Hammer", "categoryId": tools["id"] }),
        )
        .await;
    let hammer = hammer.data()["createItem"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let nail = app.create_item(&s, "NAIL").await;
    // Dated before the (backdated) sales, so no point of history goes below zero.
    let stock = json!({ "locationId": location, "occurredAt": "2026-02-01T10:00:00Z", "lines": [{ "itemId": hammer, "quantity": 100, "unitCost": "7" }, { "itemId": nail, "quantity": 1000, "unitCost": "0.01" }] });
    app.movement(&s, "stockIn", stock).await.data();

    let mut seed = 0x1234_5678_u64;
    let mut sale_ids = Vec::new();
    for i in 0..24 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let (item, price) = if seed.is_multiple_of(3) {
            (&hammer, "12.5")
        } else {
            (&nail, "0.0375")
        };
        let quantity = seed % 7 + 1;
        let day = format!("2026-03-{:02}T12:00:00Z", i % 5 + 1);
        let partner = if seed.is_multiple_of(2) {
            json!(customer)
        } else {
            Value::Null
        };
        let sale = app
            .movement(&s, "stockOut", json!({ "locationId": location, "partnerId": partner, "occurredAt": day, "lines": [{ "itemId": item, "quantity": quantity, "unitPrice": price }] }))
            .await;
        sale_ids.push(sale.data()["stockOut"]["id"].as_str().unwrap().to_owned());
    }
    let void = "mutation($id: ID!) { voidStockTransaction(input: { id: $id }) { id } }";
    app.as_user(&s, void, json!({ "id": sale_ids[3] }))
        .await
        .data();
    run_outbox(&app).await;

    let (quantity, revenue) = ledger_sales(&app, &s).await;
    for group in ["DAY", "ITEM", "CATEGORY", "PARTNER"] {
        let answer = summary(&app, &s, group).await;
        assert_eq!(scaled(&answer["totalQuantity"]), quantity, "{group}");
        assert_eq!(scaled(&answer["totalRevenue"]), revenue, "{group}");
        let rows: i64 = answer["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| scaled(&r["revenue"]))
            .sum();
        assert_eq!(rows, revenue, "{group}: rows add up");
    }
    let by_category = summary(&app, &s, "CATEGORY").await;
    let labels: Vec<&str> = by_category["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"Tools") && labels.contains(&"Uncategorized"),
        "{labels:?}"
    );
    let by_day = summary(&app, &s, "DAY").await;
    let days: Vec<&str> = by_day["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        &days[..5],
        [
            "2026-03-01",
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05"
        ]
    );
    // The void counts on the day it was recorded (history is not rewritten).
    assert_eq!(days.len(), 6, "{days:?}");

    // Replaying every roll-up changes nothing.
    crate::fixtures::as_outbox_worker(
        &app,
        "UPDATE outbox_events SET processed_at = NULL WHERE topic = 'analytics'",
    )
    .await;
    run_outbox(&app).await;
    assert_eq!(
        summary(&app, &s, "ITEM").await["totalRevenue"],
        by_category["totalRevenue"],
        "replayed roll-ups are no-ops"
    );

    // A new sale shows up, although the answer above was cached.
    app.movement(&s, "stockOut", json!({ "locationId": location, "occurredAt": "2026-03-02T09:00:00Z", "lines": [{ "itemId": hammer, "quantity": 2, "unitPrice": "12.5" }] }))
        .await
        .data();
    run_outbox(&app).await;
    let after = summary(&app, &s, "ITEM").await;
    assert_eq!(scaled(&after["totalRevenue"]), revenue + 25 * 10_000);
}

#[tokio::test]
async fn top_items_and_stock_value_history_follow_the_ledger() {
    let app = spawn_app().await;
    let s = app.new_user("Value Co").await;
    let location = app.create_location(&s, "Store").await;
    let a = app
        .try_create_item(&s, json!({ "sku": "A", "name": "Apple", "cost": "2" }))
        .await;
    let a = a.data()["createItem"]["id"].as_str().unwrap().to_owned();
    let b = app
        .try_create_item(&s, json!({ "sku": "B", "name": "Bread", "cost": "10" }))
        .await;
    let b = b.data()["createItem"]["id"].as_str().unwrap().to_owned();
    let delivery = json!({ "locationId": location, "occurredAt": "2026-03-01T10:00:00Z",
        "lines": [{ "itemId": a, "quantity": 10, "unitCost": "2" }, { "itemId": b, "quantity": 5, "unitCost": "10" }] });
    app.movement(&s, "stockIn", delivery).await.data();
    let sell = |item: &str, quantity: u32, price: &str, day: &str| json!({ "locationId": location, "occurredAt": day, "lines": [{ "itemId": item, "quantity": quantity, "unitPrice": price }] });
    app.movement(&s, "stockOut", sell(&a, 4, "5", "2026-03-02T10:00:00Z"))
        .await
        .data();
    app.movement(&s, "stockOut", sell(&b, 1, "30", "2026-03-03T10:00:00Z"))
        .await
        .data();
    run_outbox(&app).await;

    let top = app
        .ok(&s, "{ topItems(from: \"2026-03-01\", to: \"2026-03-31\", limit: 1) { label quantity revenue } }", json!({}), "topItems")
        .await;
    assert_eq!(
        top,
        json!([{ "label": "Bread (B)", "quantity": "1", "revenue": "30" }])
    );

    let history = app
        .ok(
            &s,
            "{ stockValueHistory(from: \"2026-02-28\", to: \"2026-03-04\") { day value } }",
            json!({}),
            "stockValueHistory",
        )
        .await;
    let values: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["0", "70", "62", "52", "52"], "{history}");

    // The cached inventory summary is refreshed once a new movement rolls up.
    let inventory = "{ inventorySummary { totalQuantity totalValue } }";
    assert_eq!(
        app.ok(&s, inventory, json!({}), "inventorySummary").await,
        json!({ "totalQuantity": "10", "totalValue": "52" })
    );
    app.movement(&s, "stockOut", sell(&a, 1, "5", "2026-03-04T10:00:00Z"))
        .await
        .data();
    run_outbox(&app).await;
    assert_eq!(
        app.ok(&s, inventory, json!({}), "inventorySummary").await,
        json!({ "totalQuantity": "9", "totalValue": "50" })
    );
}

#[tokio::test]
async fn items_show_days_of_cover_and_turnover_from_recent_sales() {
    let app = spawn_app().await;
    let s = app.new_user("Cover Co").await;
    let location = app.create_location(&s, "Store").await;
    let sold = app.create_item(&s, "SOLD").await;
    let idle = app.create_item(&s, "IDLE").await;
    for item in [&sold, &idle] {
        app.stock_in(&s, &location, item, "30").await.data();
    }
    app.movement(&s, "stockOut", json!({ "locationId": location, "lines": [{ "itemId": sold, "quantity": 15, "unitPrice": "1" }] }))
        .await
        .data();
    run_outbox(&app).await;
    let items = app
        .ok(
            &s,
            "{ items(orderBy: { field: SKU }) { edges { node { sku daysOfCover turnover } } } }",
            json!({}),
            "items",
        )
        .await;
    assert_eq!(
        items["edges"],
        json!([
            { "node": { "sku": "IDLE", "daysOfCover": null, "turnover": 0.0 } },
            { "node": { "sku": "SOLD", "daysOfCover": 30.0, "turnover": 1.0 } }
        ]),
        "15 left at 15 per 30 days: 30 days of cover; 15 sold per 15 in stock"
    );
}

#[tokio::test]
async fn analytics_still_answer_when_redis_goes_away() {
    let Some(mut redis) = stockroom_tests::RedisServer::start().await else {
        stockroom_tests::skip_missing("redis-server", "the test stops a Redis of its own");
        return;
    };
    let app =
        stockroom_tests::spawn_app_with(|config| config.platform.redis_url = Some(redis.url()))
            .await;
    let s = app.new_user("Resilient").await;
    let location = app.create_location(&s, "Store").await;
    let item = app.create_item(&s, "R").await;
    let stock = json!({ "locationId": location, "occurredAt": "2026-05-01T10:00:00Z", "lines": [{ "itemId": item, "quantity": 10 }] });
    app.movement(&s, "stockIn", stock).await.data();
    let sale = |price: &str| json!({ "locationId": location, "occurredAt": "2026-05-05T10:00:00Z", "lines": [{ "itemId": item, "quantity": 1, "unitPrice": price }] });
    app.movement(&s, "stockOut", sale("4")).await.data();
    run_outbox(&app).await;
    assert_eq!(
        summary(&app, &s, "ITEM").await["totalRevenue"],
        "4",
        "computed, then cached in Redis"
    );

    redis.kill().await;
    let started = std::time::Instant::now();
    assert_eq!(
        summary(&app, &s, "ITEM").await["totalRevenue"],
        "4",
        "answered from the database"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "without waiting long for Redis"
    );
    app.movement(&s, "stockOut", sale("6")).await.data();
    run_outbox(&app).await;
    assert_eq!(
        summary(&app, &s, "ITEM").await["totalRevenue"],
        "10",
        "new sales count without the cache"
    );
}

/// Records the same mixed history (ins with costs, outs with prices, several days, partners
/// and categories) in `s`'s organization; returns its transactions' ids.
async fn record_history(app: &TestApp, s: &Session) -> Vec<String> {
    let location = app.create_location(s, "Shop").await;
    let customer = app.create_partner(s, "Customer", "CUSTOMER").await;
    let supplier = app.create_partner(s, "Supplier", "SUPPLIER").await;
    let tools = app
        .ok(
            s,
            "mutation { createCategory(input: { name: \"Tools\" }) { id } }",
            json!({}),
            "createCategory",
        )
        .await;
    let mut items = Vec::new();
    for (sku, category) in [
        ("HAM", Some(&tools["id"])),
        ("SAW", Some(&tools["id"])),
        ("GLUE", None),
    ] {
        let item = app
            .try_create_item(
                s,
                json!({ "sku": sku, "name": sku, "categoryId": category }),
            )
            .await;
        items.push(item.data()["createItem"]["id"].as_str().unwrap().to_owned());
    }
    let mut ids = Vec::new();
    for n in 0..30_usize {
        let day = format!("2026-11-{:02}T10:00:00Z", 1 + n % 5);
        let lines: Vec<Value> = items
            .iter()
            .enumerate()
            .filter(|(i, _)| (n + i) % 3 != 0)
            .map(|(i, item)| {
                let quantity = format!("{}.5", 1 + (n + i) % 4);
                if n % 3 == 0 {
                    json!({ "itemId": item, "quantity": format!("{quantity}0"), "unitCost": "1.25" })
                } else {
                    json!({ "itemId": item, "quantity": quantity, "unitPrice": format!("{}.10", 2 + i) })
                }
            })
            .collect();
        let (mutation, partner) = if n % 3 == 0 {
            ("stockIn", Some(&supplier))
        } else {
            ("stockOut", (n % 2 == 0).then_some(&customer))
        };
        let input = json!({ "locationId": location, "partnerId": partner, "occurredAt": day, "lines": lines });
        // Plenty of stock first, so no stock-out is short.
        if n == 0 {
            for item in &items {
                let stock = json!({ "locationId": location, "occurredAt": "2026-10-01T10:00:00Z", "lines": [{ "itemId": item, "quantity": 1000 }] });
                let stocked = app.movement(s, "stockIn", stock).await;
                ids.push(stocked.data()["stockIn"]["id"].as_str().unwrap().to_owned());
            }
        }
        let done = app.movement(s, mutation, input).await;
        ids.push(done.data()[mutation]["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// A summary without ids (they differ between organizations).
async fn comparable(app: &TestApp, s: &Session) -> Vec<Value> {
    let mut all = Vec::new();
    for group in ["DAY", "ITEM", "CATEGORY", "PARTNER"] {
        let mut answer = summary(app, s, group).await;
        for row in answer["rows"].as_array_mut().unwrap() {
            if group != "DAY" {
                row["key"] = Value::Null;
            }
        }
        all.push(answer);
    }
    all.push(Value::Array(stats_rows(app, s).await));
    all
}

/// Every statistics row's numbers (all columns but the ids), in a stable order.
async fn stats_rows(app: &TestApp, s: &Session) -> Vec<Value> {
    use sea_orm::{ConnectionTrait as _, DbBackend, Statement};
    let owner = app.database.owner().await;
    let txn = crate::fixtures::owner_txn(&owner, ("app.organization_id", &s.org_id)).await;
    let backend = owner.get_database_backend();
    let sql = format!(
        "SELECT CAST(day AS TEXT) AS day, sold_quantity, revenue, purchased_quantity, purchase_cost, \
         net_quantity FROM daily_item_stats WHERE organization_id = {} \
         ORDER BY 1, 2, 3, 4, 5, 6",
        if backend == DbBackend::Postgres {
            "$1"
        } else {
            "?"
        }
    );
    let org = uuid::Uuid::parse_str(&s.org_id).unwrap();
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(backend, sql, [org.into()]))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    rows.iter()
        .map(|row| {
            let day: String = row.try_get("", "day").unwrap();
            let numbers: Vec<i64> = [
                "sold_quantity",
                "revenue",
                "purchased_quantity",
                "purchase_cost",
                "net_quantity",
            ]
            .iter()
            .map(|c| row.try_get::<i64>("", c).unwrap())
            .collect();
            json!([day, numbers])
        })
        .collect()
}

#[tokio::test]
async fn batched_roll_ups_count_exactly_what_one_by_one_roll_ups_count() {
    let app = spawn_app().await;
    let one_by_one = app.new_user("One by one").await;
    let batched = app.new_user("Batched").await;
    let singles = record_history(&app, &one_by_one).await;
    record_history(&app, &batched).await;

    let db = app.database.as_app_role().await;
    let org = entity::scope::OrgId(uuid::Uuid::parse_str(&one_by_one.org_id).unwrap());
    for id in &singles {
        let id = uuid::Uuid::parse_str(id).unwrap();
        assert!(entity::analytics::roll_up(&db, org, id).await.unwrap());
    }
    // The worker claims both organizations' events together: the first's are no-ops now,
    // the second's (33 transactions) go in one database transaction.
    assert!(!stats_rows(&app, &one_by_one).await.is_empty());
    assert!(stats_rows(&app, &batched).await.is_empty());
    run_outbox(&app).await;
    assert_eq!(
        comparable(&app, &one_by_one).await,
        comparable(&app, &batched).await
    );
    let totals = summary(&app, &batched, "DAY").await;
    assert_eq!(
        (
            scaled(&totals["totalQuantity"]),
            scaled(&totals["totalRevenue"])
        ),
        ledger_sales(&app, &batched).await,
        "and both equal the ledger"
    );
    // A replayed batch counts nothing twice.
    let org = entity::scope::OrgId(uuid::Uuid::parse_str(&batched.org_id).unwrap());
    let ids: Vec<uuid::Uuid> = record_history_ids(&app, &batched).await;
    assert!(
        entity::analytics::roll_up_many(&db, org, &ids)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(summary(&app, &batched, "DAY").await, totals);
}

async fn record_history_ids(app: &TestApp, s: &Session) -> Vec<uuid::Uuid> {
    let page = app
        .ok(
            s,
            "{ stockTransactions(first: 100) { edges { node { id } } } }",
            json!({}),
            "stockTransactions",
        )
        .await;
    page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| uuid::Uuid::parse_str(e["node"]["id"].as_str().unwrap()).unwrap())
        .collect()
}

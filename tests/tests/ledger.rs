//! The stock ledger through GraphQL: correctness under concurrency, all-or-nothing writes,
//! idempotency, history and voids.

use serde_json::json;
use stockroom_tests::{Session, TestApp, spawn_app};

async fn setup(app: &TestApp, name: &str) -> (Session, String) {
    let session = app.new_user(name).await;
    let location = app.create_location(&session, "Main warehouse").await;
    (session, location)
}

#[tokio::test]
async fn stock_in_and_out_update_levels_and_the_ledger() {
    let app = spawn_app().await;
    let (s, warehouse) = setup(&app, "Basics").await;
    let store = app.create_location(&s, "Store").await;
    let bolt = app.create_item(&s, "BOLT").await;

    let received = app
        .movement(&s, "stockIn", json!({ "locationId": warehouse, "note": "PO 17", "lines": [{ "itemId": bolt, "quantity": "12.5", "unitCost": "0.25" }] }))
        .await;
    let received = &received.data()["stockIn"];
    assert_eq!(received["kind"], "IN");
    assert_eq!(
        received["lines"],
        json!([{ "item": { "id": bolt }, "location": { "id": warehouse }, "quantity": "12.5" }])
    );

    app.movement(&s, "moveStock", json!({ "fromLocationId": warehouse, "toLocationId": store, "lines": [{ "itemId": bolt, "quantity": 2 }] }))
        .await
        .data();
    app.stock_out(&s, &store, &bolt, "0.5").await.data();
    let (mut levels, total) = app.levels(&s, &bolt).await;
    levels.sort();
    let mut expected = vec![
        (warehouse.clone(), "10.5".to_owned()),
        (store.clone(), "1.5".to_owned()),
    ];
    expected.sort();
    assert_eq!(levels, expected);
    assert_eq!(total, "12");

    let counted = app.movement(&s, "adjustStock", json!({ "locationId": warehouse, "lines": [{ "itemId": bolt, "countedQuantity": "10" }] })).await;
    assert_eq!(
        counted.data()["adjustStock"]["lines"][0]["quantity"],
        "-0.5",
        "the difference is recorded"
    );
    assert_eq!(app.level(&s, &bolt, &warehouse).await, "10");
    assert_eq!(app.transaction_count(&s, None).await, 4);

    let summary = app
        .ok(
            &s,
            "{ inventorySummary { itemCount totalQuantity totalValue lowStockCount } }",
            json!({}),
            "inventorySummary",
        )
        .await;
    assert_eq!(summary["itemCount"], 1);
    assert_eq!(summary["totalQuantity"], "11.5");
}

/// What many concurrent takes from one stock level did, in whole units.
#[derive(Debug)]
struct Rush {
    initial: i64,
    taken: i64,
    left: i64,
}

impl Rush {
    /// Everything that went wrong: more taken than there was (an oversell), a level below
    /// zero, or a level that is not what was there minus what was taken (a lost update).
    fn faults(&self) -> Vec<String> {
        let Self {
            initial,
            taken,
            left,
            ..
        } = self;
        let mut faults = Vec::new();
        if taken > initial {
            faults.push(format!("oversold: {taken} taken from {initial}"));
        }
        if *left < 0 {
            faults.push(format!("the level went negative: {left}"));
        }
        if *left != initial - taken {
            faults.push(format!(
                "lost updates: {initial} - {taken} taken should leave {}, the level says {left}",
                initial - taken
            ));
        }
        faults
    }
}

/// Runs every take of `takes` at once (each takes one unit and says whether it did), then
/// reads the level with `left`.
async fn rush<Take: std::future::Future<Output = bool>>(
    initial: i64,
    takes: impl Iterator<Item = Take>,
    left: impl AsyncFnOnce() -> i64,
) -> Rush {
    let results = futures::future::join_all(takes).await;
    Rush {
        initial,
        taken: results.iter().filter(|took| **took).count() as i64,
        left: left().await,
    }
}

#[tokio::test]
async fn two_hundred_concurrent_stock_outs_never_oversell() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Rush").await;
    let item = app.create_item(&s, "HOT").await;
    app.stock_in(&s, &location, &item, "100").await.data();

    let take = || async {
        let answer = app.stock_out(&s, &location, &item, "1").await;
        if answer.errors().is_empty() {
            return true;
        }
        assert_eq!(
            answer.error_code(),
            "INSUFFICIENT_STOCK",
            "{:?}",
            answer.body
        );
        let extensions = &answer.errors()[0]["extensions"];
        assert_eq!(extensions["itemId"], item);
        assert_eq!(extensions["available"], "0");
        assert_eq!(extensions["requested"], "1");
        false
    };
    let left = async || app.level(&s, &item, &location).await.parse().unwrap();
    let rush = rush(100, (0..200).map(|_| take()), left).await;
    assert_eq!(rush.faults(), Vec::<String>::new(), "{rush:?}");
    assert_eq!(rush.taken, 100, "{rush:?}");
    assert_eq!(app.transaction_count(&s, Some("OUT")).await, 100);
}

/// The negative control of the test above: the same rush against a deliberately naive
/// read-modify-write (read the level, then write back what was read minus one, with no row
/// lock and no conditional update) must be caught, or the harness could not fail.
#[tokio::test]
async fn the_rush_catches_a_naive_read_modify_write() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Naive").await;
    let item = app.create_item(&s, "NAIVE").await;
    app.stock_in(&s, &location, &item, "100").await.data();

    // Twenty sessions of the schema owner, so reads and writes really interleave.
    let db = entity::db::connect(&app.database.owner_url, 20)
        .await
        .unwrap();
    let level = NaiveLevel {
        db: &db,
        org: &s.org_id,
        item: &item,
        location: &location,
    };
    let unit = level.read_raw().await / 100;
    let left = async || level.read_raw().await / unit;
    let rush = rush(100, (0..200).map(|_| level.take(unit)), left).await;
    let faults = rush.faults();
    assert!(
        !faults.is_empty(),
        "a read-modify-write without a lock went unnoticed: {rush:?}"
    );
    eprintln!("the naive path, as the rush saw it: {faults:?} ({rush:?})");
}

/// One stock level read and written in plain SQL, the way the ledger must never do it.
struct NaiveLevel<'a> {
    db: &'a sea_orm::DatabaseConnection,
    org: &'a str,
    item: &'a str,
    location: &'a str,
}

impl NaiveLevel<'_> {
    const WHERE: &'static str =
        "WHERE organization_id = $1::uuid AND item_id = $2::uuid AND location_id = $3::uuid";

    fn key(&self) -> Vec<sea_orm::Value> {
        vec![self.org.into(), self.item.into(), self.location.into()]
    }

    /// A transaction in the level's tenant (row-level security binds the owner too).
    async fn begin(&self) -> sea_orm::DatabaseTransaction {
        use sea_orm::{ConnectionTrait as _, TransactionTrait as _};
        let txn = self.db.begin().await.unwrap();
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT set_config('app.organization_id', $1, true)",
            [self.org.into()],
        ))
        .await
        .unwrap();
        txn
    }

    async fn read_in(&self, txn: &sea_orm::DatabaseTransaction) -> i64 {
        use sea_orm::ConnectionTrait as _;
        txn.query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            format!("SELECT quantity FROM stock_levels {}", Self::WHERE),
            self.key(),
        ))
        .await
        .unwrap()
        .expect("the level exists")
        .try_get("", "quantity")
        .unwrap()
    }

    /// The stored quantity (scaled).
    async fn read_raw(&self) -> i64 {
        let txn = self.begin().await;
        let quantity = self.read_in(&txn).await;
        txn.commit().await.unwrap();
        quantity
    }

    /// Reads, waits a moment (as a request doing other work would), and writes back what it
    /// read minus `unit` when that was enough.
    async fn take(&self, unit: i64) -> bool {
        use sea_orm::ConnectionTrait as _;
        let txn = self.begin().await;
        let read = self.read_in(&txn).await;
        if read < unit {
            txn.commit().await.unwrap();
            return false;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let mut values = self.key();
        values.push((read - unit).into());
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            format!("UPDATE stock_levels SET quantity = $4 {}", Self::WHERE),
            values,
        ))
        .await
        .unwrap();
        txn.commit().await.unwrap();
        true
    }
}

#[tokio::test]
async fn opposite_line_orders_never_deadlock() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Order").await;
    let a = app.create_item(&s, "A").await;
    let b = app.create_item(&s, "B").await;
    let stock = json!({ "locationId": location, "lines": [{ "itemId": a, "quantity": 1000 }, { "itemId": b, "quantity": 1000 }] });
    app.movement(&s, "stockIn", stock).await.data();

    let both = |first: &str, second: &str| json!({ "locationId": location, "lines": [{ "itemId": first, "quantity": 1 }, { "itemId": second, "quantity": 1 }] });
    let requests = (0..60).map(|i| {
        let input = if i % 2 == 0 {
            both(&a, &b)
        } else {
            both(&b, &a)
        };
        app.movement(&s, "stockOut", input)
    });
    for result in futures::future::join_all(requests).await {
        assert!(result.errors().is_empty(), "{:?}", result.body);
    }
    assert_eq!(app.level(&s, &a, &location).await, "940");
    assert_eq!(app.level(&s, &b, &location).await, "940");
    assert_eq!(app.transaction_count(&s, None).await, 61);
}

#[tokio::test]
async fn a_short_line_changes_nothing() {
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Short").await;
    let a = app.create_item(&s, "A").await;
    let b = app.create_item(&s, "B").await;
    let stock = json!({ "locationId": location, "lines": [{ "itemId": a, "quantity": 940 }, { "itemId": b, "quantity": 940 }] });
    app.movement(&s, "stockIn", stock).await.data();

    let short = json!({ "locationId": location, "lines": [{ "itemId": a, "quantity": 5 }, { "itemId": b, "quantity": 941 }] });
    let refused = app.movement(&s, "stockOut", short).await;
    assert_eq!(refused.error_code(), "INSUFFICIENT_STOCK");
    assert_eq!(refused.errors()[0]["extensions"]["itemId"], b);
    assert_eq!(
        app.level(&s, &a, &location).await,
        "940",
        "the good line was not applied either"
    );
    assert_eq!(app.transaction_count(&s, None).await, 1);
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_returns_the_first_transaction() {
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Retry").await;
    let item = app.create_item(&s, "R").await;
    let input = |quantity: u32| json!({ "locationId": location, "idempotencyKey": "delivery-42", "lines": [{ "itemId": item, "quantity": quantity }] });

    let first = app.movement(&s, "stockIn", input(5)).await;
    let again = app.movement(&s, "stockIn", input(5)).await;
    assert_eq!(first.data()["stockIn"]["id"], again.data()["stockIn"]["id"]);
    assert_eq!(app.level(&s, &item, &location).await, "5");

    let different = app.movement(&s, "stockIn", input(6)).await;
    assert_eq!(different.error_code(), "CONFLICT");
    assert_eq!(
        different.errors()[0]["extensions"]["field"],
        "idempotencyKey"
    );
}

#[tokio::test]
async fn fifty_concurrent_retries_make_one_transaction() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Retries").await;
    let item = app.create_item(&s, "R").await;
    app.stock_in(&s, &location, &item, "5").await.data();

    let concurrent = (0..50).map(|_| {
        app.movement(&s, "stockOut", json!({ "locationId": location, "idempotencyKey": "sale-7", "lines": [{ "itemId": item, "quantity": 1 }] }))
    });
    let results = futures::future::join_all(concurrent).await;
    let ids: std::collections::HashSet<String> = results
        .iter()
        .map(|r| r.data()["stockOut"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "50 concurrent retries make one transaction");
    assert_eq!(app.level(&s, &item, &location).await, "4");
    assert_eq!(app.transaction_count(&s, None).await, 2);
}

#[tokio::test]
async fn past_quantity_answers_for_any_instant() {
    let app = spawn_app().await;
    let (s, location) = setup(&app, "History").await;
    let item = app.create_item(&s, "H").await;
    let at = |t: &str| json!({ "item": item, "loc": location, "at": t });
    let query = "query($item: ID!, $loc: ID!, $at: DateTime!) { pastQuantity(itemId: $item, locationId: $loc, at: $at) }";

    app.movement(&s, "stockIn", json!({ "locationId": location, "occurredAt": "2026-01-10T08:00:00Z", "lines": [{ "itemId": item, "quantity": 10 }] }))
        .await
        .data();
    app.movement(&s, "stockOut", json!({ "locationId": location, "occurredAt": "2026-01-12T08:00:00Z", "lines": [{ "itemId": item, "quantity": 3 }] }))
        .await
        .data();
    for (instant, expected) in [
        ("2026-01-09T00:00:00Z", "0"),
        ("2026-01-10T08:00:00Z", "10"),
        ("2026-01-11T00:00:00Z", "10"),
        ("2026-01-13T00:00:00Z", "7"),
    ] {
        assert_eq!(
            app.ok(&s, query, at(instant), "pastQuantity").await,
            expected,
            "at {instant}"
        );
    }
    let future = app
        .movement(&s, "stockIn", json!({ "locationId": location, "occurredAt": "2999-01-01T00:00:00Z", "lines": [{ "itemId": item, "quantity": 1 }] }))
        .await;
    assert_eq!(future.error_code(), "BAD_USER_INPUT");
}

#[tokio::test]
async fn voiding_reverses_a_transaction_once() {
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Voids").await;
    let item = app.create_item(&s, "V").await;
    let delivery = app.stock_in(&s, &location, &item, "8").await;
    let delivery_id = delivery.data()["stockIn"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let void = "mutation($id: ID!) { voidStockTransaction(input: { id: $id }) { kind voidsTransactionId lines { quantity } } }";

    app.stock_out(&s, &location, &item, "5").await.data();
    let too_late = app.as_user(&s, void, json!({ "id": delivery_id })).await;
    assert_eq!(
        too_late.error_code(),
        "INSUFFICIENT_STOCK",
        "5 of the 8 are gone"
    );

    app.stock_in(&s, &location, &item, "5").await.data();
    let reversed = app.as_user(&s, void, json!({ "id": delivery_id })).await;
    assert_eq!(reversed.data()["voidStockTransaction"]["kind"], "VOID");
    assert_eq!(
        reversed.data()["voidStockTransaction"]["lines"][0]["quantity"],
        "-8"
    );
    assert_eq!(app.level(&s, &item, &location).await, "0");
    assert_eq!(
        app.as_user(&s, void, json!({ "id": delivery_id }))
            .await
            .error_code(),
        "CONFLICT"
    );
}

#[tokio::test]
async fn negative_stock_is_allowed_only_when_the_organization_says_so() {
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Negative").await;
    let item = app.create_item(&s, "N").await;
    assert_eq!(
        app.stock_out(&s, &location, &item, "2").await.error_code(),
        "INSUFFICIENT_STOCK"
    );
    app.ok(&s, "mutation { updateOrganization(input: { allowNegativeStock: true }) { allowNegativeStock } }", json!({}), "updateOrganization")
        .await;
    app.stock_out(&s, &location, &item, "2").await.data();
    assert_eq!(app.level(&s, &item, &location).await, "-2");
}

#[tokio::test]
async fn bad_quantities_and_empty_lines_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Bad input").await;
    let item = app.create_item(&s, "Q").await;
    for quantity in [
        json!(0),
        json!(-1),
        json!("abc"),
        json!("1.23456"),
        json!("1e30"),
        json!("99999999999999999"),
        json!(true),
    ] {
        let response = app.stock_in(&s, &location, &item, "1").await;
        assert!(response.errors().is_empty());
        let bad = app.movement(&s, "stockIn", json!({ "locationId": location, "lines": [{ "itemId": item, "quantity": quantity }] })).await;
        assert_eq!(bad.error_code(), "BAD_USER_INPUT", "quantity {quantity}");
    }
    let empty = app
        .movement(
            &s,
            "stockIn",
            json!({ "locationId": location, "lines": [] }),
        )
        .await;
    assert_eq!(empty.error_code(), "BAD_USER_INPUT");
    assert_eq!(empty.errors()[0]["extensions"]["field"], "lines");
    let twice = json!({ "locationId": location, "lines": [{ "itemId": item, "quantity": 1 }, { "itemId": item, "quantity": 2 }] });
    assert_eq!(
        app.movement(&s, "stockIn", twice).await.error_code(),
        "BAD_USER_INPUT"
    );
    let long_note = json!({ "locationId": location, "note": "x".repeat(1001), "lines": [{ "itemId": item, "quantity": 1 }] });
    assert_eq!(
        app.movement(&s, "stockIn", long_note).await.errors()[0]["extensions"]["field"],
        "note"
    );
    let same_place = json!({ "fromLocationId": location, "toLocationId": location, "lines": [{ "itemId": item, "quantity": 1 }] });
    assert_eq!(
        app.movement(&s, "moveStock", same_place).await.error_code(),
        "BAD_USER_INPUT"
    );
    assert_eq!(
        app.level(&s, &item, &location).await,
        "7",
        "only the 7 good stock-ins were recorded"
    );
    assert_eq!(app.transaction_count(&s, None).await, 7);
}

#[tokio::test]
async fn another_organizations_ids_are_not_found_and_nothing_is_written() {
    let app = spawn_app().await;
    let (a, a_location) = setup(&app, "Tenant A").await;
    let (b, b_location) = setup(&app, "Tenant B").await;
    let a_item = app.create_item(&a, "MINE").await;
    let b_item = app.create_item(&b, "THEIRS").await;
    let b_partner = app.create_partner(&b, "B's supplier", "SUPPLIER").await;
    app.stock_in(&b, &b_location, &b_item, "10").await.data();

    let foreign_item = app.stock_in(&a, &a_location, &b_item, "1").await;
    assert_eq!(foreign_item.error_code(), "NOT_FOUND");
    let foreign_location = app.stock_in(&a, &b_location, &a_item, "1").await;
    assert_eq!(foreign_location.error_code(), "NOT_FOUND");
    let foreign_partner = app
        .movement(&a, "stockIn", json!({ "locationId": a_location, "partnerId": b_partner, "lines": [{ "itemId": a_item, "quantity": 1 }] }))
        .await;
    assert_eq!(foreign_partner.error_code(), "NOT_FOUND");
    let steal = app.stock_out(&a, &b_location, &b_item, "10").await;
    assert_eq!(steal.error_code(), "NOT_FOUND");
    for query in [
        "query($id: ID!) { item(id: $id) { id } }",
        "query($id: ID!) { stockTransaction(id: $id) { id } }",
    ] {
        assert_eq!(
            app.as_user(&a, query, json!({ "id": b_item }))
                .await
                .error_code(),
            "NOT_FOUND"
        );
    }

    assert_eq!(app.transaction_count(&a, None).await, 0);
    assert_eq!(app.level(&b, &b_item, &b_location).await, "10");
    let a_items = app
        .ok(
            &a,
            "{ items { totalCount edges { node { sku } } } }",
            json!({}),
            "items",
        )
        .await;
    assert_eq!(a_items["totalCount"], 1);
    assert_eq!(a_items["edges"][0]["node"]["sku"], "MINE");
}

#[tokio::test]
async fn viewers_read_stock_but_cannot_move_it() {
    let app = spawn_app().await;
    let (owner, location) = setup(&app, "Viewers").await;
    let item = app.create_item(&owner, "VIEW").await;
    let viewer = app.new_user("viewer's own").await;
    crate::fixtures::add_member(&app, &owner.org_id, &viewer.user_id, "viewer").await;
    let viewer = Session {
        org_id: owner.org_id.clone(),
        ..viewer
    };
    assert_eq!(
        app.stock_in(&viewer, &location, &item, "1")
            .await
            .error_code(),
        "FORBIDDEN"
    );
    assert_eq!(app.level(&viewer, &item, &location).await, "0");
    assert_eq!(app.transaction_count(&owner, None).await, 0);
}

#[tokio::test]
async fn the_ledger_filters_by_item_kind_partner_location_and_time() {
    let app = spawn_app().await;
    let (s, warehouse) = setup(&app, "Ledger filters").await;
    let store = app.create_location(&s, "Store").await;
    let supplier = app.create_partner(&s, "Acme Supply", "SUPPLIER").await;
    let (a, b) = (
        app.create_item(&s, "FA").await,
        app.create_item(&s, "FB").await,
    );
    let delivery = json!({ "locationId": warehouse, "partnerId": supplier, "occurredAt": "2026-03-01T10:00:00Z",
        "lines": [{ "itemId": a, "quantity": 10 }, { "itemId": b, "quantity": 10 }] });
    app.movement(&s, "stockIn", delivery).await.data();
    app.movement(&s, "moveStock", json!({ "fromLocationId": warehouse, "toLocationId": store, "occurredAt": "2026-03-02T10:00:00Z", "lines": [{ "itemId": a, "quantity": 2 }] }))
        .await
        .data();
    app.movement(&s, "stockOut", json!({ "locationId": warehouse, "occurredAt": "2026-03-03T10:00:00Z", "lines": [{ "itemId": b, "quantity": 1 }] }))
        .await
        .data();

    let kinds = |filter: serde_json::Value| {
        let app = &app;
        let s = &s;
        async move {
            let page = app
                .ok(s, "query($f: StockTransactionFilterInput) { stockTransactions(filter: $f) { totalCount edges { node { kind } } } }", json!({ "f": filter }), "stockTransactions")
                .await;
            page["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["kind"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        kinds(json!({})).await,
        ["OUT", "MOVE", "IN"],
        "newest first"
    );
    assert_eq!(kinds(json!({ "itemId": a })).await, ["MOVE", "IN"]);
    assert_eq!(kinds(json!({ "kind": "OUT" })).await, ["OUT"]);
    assert_eq!(kinds(json!({ "partnerId": supplier })).await, ["IN"]);
    assert_eq!(kinds(json!({ "locationId": store })).await, ["MOVE"]);
    assert_eq!(kinds(json!({ "authorId": s.user_id })).await.len(), 3);
    assert_eq!(
        kinds(json!({ "from": "2026-03-02T00:00:00Z", "to": "2026-03-03T00:00:00Z" })).await,
        ["MOVE"]
    );
    let partner = app
        .ok(
            &s,
            "query($id: ID!) { partner(id: $id) { name kind } }",
            json!({ "id": supplier }),
            "partner",
        )
        .await;
    assert_eq!(
        partner,
        json!({ "name": "Acme Supply", "kind": "SUPPLIER" })
    );
}

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

#[tokio::test]
async fn two_hundred_concurrent_stock_outs_never_oversell() {
    let app = spawn_app().await;
    let (s, location) = setup(&app, "Rush").await;
    let item = app.create_item(&s, "HOT").await;
    app.stock_in(&s, &location, &item, "100").await.data();

    let outs = (0..200).map(|_| app.stock_out(&s, &location, &item, "1"));
    let results = futures::future::join_all(outs).await;
    let succeeded = results.iter().filter(|r| r.errors().is_empty()).count();
    assert_eq!(succeeded, 100);
    for refused in results.iter().filter(|r| !r.errors().is_empty()) {
        assert_eq!(
            refused.error_code(),
            "INSUFFICIENT_STOCK",
            "{:?}",
            refused.body
        );
        let extensions = &refused.errors()[0]["extensions"];
        assert_eq!(extensions["itemId"], item);
        assert_eq!(extensions["available"], "0");
        assert_eq!(extensions["requested"], "1");
    }
    assert_eq!(app.level(&s, &item, &location).await, "0");
    assert_eq!(app.transaction_count(&s, Some("OUT")).await, 100);
}

#[tokio::test]
async fn opposite_line_orders_never_deadlock_and_a_short_line_changes_nothing() {
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

    let short = json!({ "locationId": location, "lines": [{ "itemId": a, "quantity": 5 }, { "itemId": b, "quantity": 941 }] });
    let refused = app.movement(&s, "stockOut", short).await;
    assert_eq!(refused.error_code(), "INSUFFICIENT_STOCK");
    assert_eq!(refused.errors()[0]["extensions"]["itemId"], b);
    assert_eq!(
        app.level(&s, &a, &location).await,
        "940",
        "the good line was not applied either"
    );
    assert_eq!(app.transaction_count(&s, None).await, 61);
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

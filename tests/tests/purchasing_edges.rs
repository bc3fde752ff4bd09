//! Purchasing at its edges: agreed prices survive edits, retries and voids racing receipts,
//! and receipts taken in at another location stay hidden from members restricted elsewhere.

use serde_json::{Value, json};
use stockroom_tests::{Session, TestApp, spawn_app};

use crate::fixtures::add_member;
use crate::purchasing::{Shop, shop};

const ORDER: &str =
    "{ id status lines { id item { id } ordered received unitCost } receipts { id } }";

async fn run(app: &TestApp, s: &Session, document: &str, vars: Value, field: &str) -> Value {
    app.ok(s, document, vars, field).await
}

/// An ORDERED order of `quantity` of `item` at `unit_cost`.
async fn ordered(app: &TestApp, shop: &Shop, item: &str, quantity: &str, unit_cost: &str) -> Value {
    let create = format!(
        "mutation($input: CreatePurchaseOrderInput!) {{ createPurchaseOrder(input: $input) {ORDER} }}"
    );
    let input = json!({ "input": { "supplierId": shop.supplier, "locationId": shop.location,
        "lines": [{ "itemId": item, "quantity": quantity, "unitCost": unit_cost }] } });
    let order = run(app, &shop.s, &create, input, "createPurchaseOrder").await;
    let submit = format!("mutation($id: ID!) {{ submitPurchaseOrder(id: $id) {ORDER} }}");
    run(
        app,
        &shop.s,
        &submit,
        json!({ "id": order["id"] }),
        "submitPurchaseOrder",
    )
    .await
}

const RECEIVE: &str = "mutation($input: ReceivePurchaseOrderInput!) {
    receivePurchaseOrder(input: $input) { transaction { id } } }";

fn receipt(order: &Value, quantity: &str, key: Option<&str>, location: Option<&str>) -> Value {
    json!({ "input": { "purchaseOrderId": order["id"], "idempotencyKey": key, "locationId": location,
        "lines": [{ "lineId": order["lines"][0]["id"], "quantity": quantity }] } })
}

async fn order_now(app: &TestApp, s: &Session, order: &Value) -> Value {
    let query = format!("query($id: ID!) {{ purchaseOrder(id: $id) {ORDER} }}");
    run(
        app,
        s,
        &query,
        json!({ "id": order["id"] }),
        "purchaseOrder",
    )
    .await
}

#[tokio::test]
async fn editing_a_draft_keeps_agreed_prices_and_archived_items_are_refused() {
    let app = spawn_app().await;
    let shop = shop(&app, "Prices").await;
    let s = &shop.s;
    let item = app.create_item(s, "AGREED").await;
    let create =
        "mutation($input: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $input) { id } }";
    let input = json!({ "input": { "supplierId": shop.supplier, "locationId": shop.location,
        "lines": [{ "itemId": item, "quantity": "5", "unitCost": "7.25" }] } });
    let order = run(&app, s, create, input, "createPurchaseOrder").await;

    // Only the quantity changes: the agreed 7.25 stays (the item's own cost is 0).
    let update = format!(
        "mutation($input: UpdatePurchaseOrderInput!) {{ updatePurchaseOrder(input: $input) {ORDER} }}"
    );
    let lines =
        json!({ "input": { "id": order["id"], "lines": [{ "itemId": item, "quantity": "8" }] } });
    let updated = run(&app, s, &update, lines, "updatePurchaseOrder").await;
    assert_eq!(updated["lines"][0]["ordered"], "8");
    assert_eq!(updated["lines"][0]["unitCost"], "7.25");

    let archived = app.create_item(s, "GONE").await;
    let archive = "mutation($id: ID!) { archiveItem(id: $id) { id } }";
    run(&app, s, archive, json!({ "id": archived }), "archiveItem").await;
    let lines = json!({ "input": { "id": order["id"], "lines": [{ "itemId": archived, "quantity": "1" }] } });
    let refused = app.as_user(s, &update, lines).await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT");
    let kept = order_now(&app, s, &order).await;
    assert_eq!(
        kept["lines"].as_array().unwrap().len(),
        1,
        "nothing written"
    );
    assert_eq!(kept["lines"][0]["item"]["id"], item.as_str());
}

#[tokio::test]
async fn concurrent_retries_record_once_and_voids_race_receipts_without_deadlock() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let shop = shop(&app, "Races").await;
    let (s, loc) = (&shop.s, &shop.location);
    let item = app.create_item(s, "RACE").await;
    let order = ordered(&app, &shop, &item, "100", "1").await;

    // Ten clients retrying one receipt at once: one receipt, ten identical answers.
    let retries =
        (0..10).map(|_| app.as_user(s, RECEIVE, receipt(&order, "5", Some("dock-1"), None)));
    let answers = futures::future::join_all(retries).await;
    let ids: Vec<Value> = answers
        .iter()
        .map(|a| a.data()["receivePurchaseOrder"]["transaction"]["id"].clone())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(
        order_now(&app, s, &order).await["lines"][0]["received"],
        "5"
    );
    assert_eq!(app.level(s, &item, loc).await, "5");

    // Receipts and voids of earlier receipts of the same order, all at once.
    let mut earlier = Vec::new();
    for n in 0..5 {
        let key = format!("early-{n}");
        let made = app
            .as_user(s, RECEIVE, receipt(&order, "2", Some(&key), None))
            .await;
        earlier.push(made.data()["receivePurchaseOrder"]["transaction"]["id"].clone());
    }
    let void = "mutation($id: ID!) { voidStockTransaction(input: { id: $id }) { id } }";
    let voids = earlier
        .iter()
        .map(|id| app.as_user(s, void, json!({ "id": id })));
    let receipts = (0..5).map(|n| {
        let key = format!("late-{n}");
        app.as_user(s, RECEIVE, receipt(&order, "3", Some(&key), None))
    });
    let (voided, received) = futures::future::join(
        futures::future::join_all(voids),
        futures::future::join_all(receipts),
    )
    .await;
    for answer in voided.iter().chain(&received) {
        assert!(answer.errors().is_empty(), "{:?}", answer.errors());
    }
    // 5 + 5×2 − 5×2 + 5×3: on the order and on the shelf alike.
    let now = order_now(&app, s, &order).await;
    assert_eq!(now["lines"][0]["received"], "20");
    assert_eq!(now["status"], "PARTIALLY_RECEIVED");
    assert_eq!(app.level(s, &item, loc).await, "20");
}

#[tokio::test]
async fn a_receipt_taken_in_elsewhere_is_hidden_from_members_restricted_to_the_order_location() {
    let app = spawn_app().await;
    let shop = shop(&app, "Elsewhere").await;
    let owner = &shop.s;
    let dock = app.create_location(owner, "Side dock").await;
    let item = app.create_item(owner, "SPLIT").await;
    let order = ordered(&app, &shop, &item, "10", "1").await;
    let here = app
        .as_user(owner, RECEIVE, receipt(&order, "4", None, None))
        .await;
    let here = here.data()["receivePurchaseOrder"]["transaction"]["id"].clone();
    let there = app
        .as_user(owner, RECEIVE, receipt(&order, "3", None, Some(&dock)))
        .await;
    assert!(there.errors().is_empty(), "{:?}", there.errors());
    assert_eq!(
        app.level(owner, &item, &dock).await,
        "3",
        "received where it arrived"
    );
    assert_eq!(
        order_now(&app, owner, &order).await["receipts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let clerk = app.new_user("Clerk's own").await;
    add_member(&app, &owner.org_id, &clerk.user_id, "member").await;
    let clerk = Session {
        org_id: owner.org_id.clone(),
        ..clerk
    };
    let restrict = "mutation($u: ID!, $l: ID!) { setMemberLocations(input: { userId: $u, locationIds: [$l] }) { role } }";
    let vars = json!({ "u": clerk.user_id, "l": shop.location });
    run(&app, owner, restrict, vars, "setMemberLocations").await;
    let seen = order_now(&app, &clerk, &order).await;
    assert_eq!(
        seen["receipts"],
        json!([{ "id": here }]),
        "the side dock's receipt is hidden"
    );
    assert_eq!(
        seen["lines"][0]["received"], "7",
        "the order's own figures are not"
    );
}

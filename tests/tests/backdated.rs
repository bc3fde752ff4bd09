//! Backdated history stays true: a movement dated in the past keeps every later point of history
//! at or above zero (or is refused with `INSUFFICIENT_STOCK` naming the instant), a backdated
//! count counts at its instant, and a closed period takes nothing before its date.

use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};
use stockroom_tests::{GqlResponse, Session, TestApp, spawn_app};

use crate::fixtures::add_member;

const PAST: &str = "query($item: ID!, $loc: ID!, $at: DateTime!) {
    pastQuantity(itemId: $item, locationId: $loc, at: $at) }";

async fn setup(app: &TestApp, name: &str) -> (Session, String, String) {
    let session = app.new_user(name).await;
    let location = app.create_location(&session, "Main").await;
    let item = app.create_item(&session, "BACK").await;
    (session, location, item)
}

fn line(item: &str, quantity: &str) -> Value {
    json!([{ "itemId": item, "quantity": quantity }])
}

async fn dated(
    app: &TestApp,
    s: &Session,
    mutation: &str,
    location: &str,
    item: &str,
    quantity: &str,
    at: &str,
) -> GqlResponse {
    app.movement(
        s,
        mutation,
        json!({ "locationId": location, "occurredAt": at, "lines": line(item, quantity) }),
    )
    .await
}

async fn count_at(
    app: &TestApp,
    s: &Session,
    location: &str,
    item: &str,
    counted: &str,
    at: &str,
) -> GqlResponse {
    app.movement(
        s,
        "adjustStock",
        json!({ "locationId": location, "occurredAt": at,
                "lines": [{ "itemId": item, "countedQuantity": counted }] }),
    )
    .await
}

async fn past(app: &TestApp, s: &Session, item: &str, location: &str, at: &str) -> String {
    let value = app
        .ok(
            s,
            PAST,
            json!({ "item": item, "loc": location, "at": at }),
            "pastQuantity",
        )
        .await;
    value.as_str().unwrap_or_default().to_owned()
}

fn extensions(answer: &GqlResponse) -> &Value {
    &answer.errors()[0]["extensions"]
}

#[tokio::test]
async fn an_out_before_the_receipt_is_refused_naming_the_instant() {
    let app = spawn_app().await;
    let (s, location, item) = setup(&app, "Before receipt").await;
    app.stock_in(&s, &location, &item, "10").await.data();

    let before = (Utc::now() - Duration::days(2)).to_rfc3339_opts(SecondsFormat::Micros, true);
    let answer = dated(&app, &s, "stockOut", &location, &item, "5", &before).await;
    assert_eq!(
        answer.error_code(),
        "INSUFFICIENT_STOCK",
        "{:?}",
        answer.body
    );
    let ext = extensions(&answer);
    assert_eq!(ext["at"], before.as_str(), "{ext}");
    assert_eq!(ext["itemId"], item.as_str());
    assert_eq!(ext["locationId"], location.as_str());
    assert_eq!(ext["available"], "0");
    assert_eq!(ext["requested"], "5");
    assert_eq!(app.level(&s, &item, &location).await, "10");
    assert_eq!(app.transaction_count(&s, None).await, 1, "nothing written");
}

#[tokio::test]
async fn a_backdated_out_keeps_every_later_point_of_history() {
    let app = spawn_app().await;
    let (s, location, item) = setup(&app, "Later points").await;
    let (t1, t2, t3) = (
        "2026-01-10T08:00:00Z",
        "2026-01-11T08:00:00Z",
        "2026-01-12T08:00:00Z",
    );
    dated(&app, &s, "stockIn", &location, &item, "10", t1)
        .await
        .data();
    dated(&app, &s, "stockOut", &location, &item, "8", t3)
        .await
        .data();

    // At t2 there are 10, but after t3 there would be 2 − 3 = −1.
    let answer = dated(&app, &s, "stockOut", &location, &item, "3", t2).await;
    assert_eq!(
        answer.error_code(),
        "INSUFFICIENT_STOCK",
        "{:?}",
        answer.body
    );
    let ext = extensions(&answer);
    assert_eq!(ext["at"], "2026-01-12T08:00:00.000000Z", "{ext}");
    assert_eq!(ext["available"], "2");
    assert_eq!(ext["requested"], "3");

    dated(&app, &s, "stockOut", &location, &item, "2", t2)
        .await
        .data();
    for (at, expected) in [
        ("2026-01-10T07:59:59Z", "0"),
        (t1, "10"),
        (t2, "8"),
        (t3, "0"),
        ("2026-02-01T00:00:00Z", "0"),
    ] {
        assert_eq!(
            past(&app, &s, &item, &location, at).await,
            expected,
            "at {at}"
        );
    }
    assert_eq!(app.level(&s, &item, &location).await, "0");

    // A movement at an instant that already has movements comes after them: 9 taken at t1
    // leaves 1 there (not −9), and it is t2 that would go below zero.
    let answer = dated(&app, &s, "stockOut", &location, &item, "9", t1).await;
    assert_eq!(answer.error_code(), "INSUFFICIENT_STOCK");
    assert_eq!(extensions(&answer)["at"], "2026-01-11T08:00:00.000000Z");
    assert_eq!(extensions(&answer)["available"], "8");

    // A move dated in the past is checked at its source too.
    let store = app.create_location(&s, "Store").await;
    let moved = app
        .movement(
            &s,
            "moveStock",
            json!({ "fromLocationId": location, "toLocationId": store,
            "occurredAt": "2026-01-11T09:00:00Z", "lines": line(&item, "1") }),
        )
        .await;
    assert_eq!(moved.error_code(), "INSUFFICIENT_STOCK");
    assert_eq!(extensions(&moved)["at"], "2026-01-12T08:00:00.000000Z");
}

#[tokio::test]
async fn a_backdated_count_counts_at_its_instant() {
    let app = spawn_app().await;
    let (s, location, item) = setup(&app, "Counts").await;
    let (t1, t2, t3) = (
        "2026-02-10T08:00:00Z",
        "2026-02-11T08:00:00Z",
        "2026-02-12T08:00:00Z",
    );
    dated(&app, &s, "stockIn", &location, &item, "10", t1)
        .await
        .data();
    dated(&app, &s, "stockOut", &location, &item, "4", t3)
        .await
        .data();

    // There were 10 at t2 (6 now): counting 7 then records −3, not +1.
    let counted = count_at(&app, &s, &location, &item, "7", t2).await;
    assert_eq!(
        counted.data()["adjustStock"]["lines"][0]["quantity"],
        "-3",
        "the difference from the level at the count's instant"
    );
    for (at, expected) in [(t1, "10"), (t2, "7"), (t3, "3")] {
        assert_eq!(
            past(&app, &s, &item, &location, at).await,
            expected,
            "at {at}"
        );
    }
    assert_eq!(app.level(&s, &item, &location).await, "3");

    // Counting 2 at t2 (after the count there, so from 7: −5) would leave 3 − 5 after t3.
    let answer = count_at(&app, &s, &location, &item, "2", t2).await;
    assert_eq!(
        answer.error_code(),
        "INSUFFICIENT_STOCK",
        "{:?}",
        answer.body
    );
    assert_eq!(extensions(&answer)["at"], "2026-02-12T08:00:00.000000Z");
    assert_eq!(app.level(&s, &item, &location).await, "3");

    // A count more than there was at its instant raises every later point alike.
    let counted = count_at(&app, &s, &location, &item, "9", t2).await;
    assert_eq!(counted.data()["adjustStock"]["lines"][0]["quantity"], "2");
    for (at, expected) in [(t1, "10"), (t2, "9"), (t3, "5")] {
        assert_eq!(
            past(&app, &s, &item, &location, at).await,
            expected,
            "at {at}"
        );
    }
    assert_eq!(app.level(&s, &item, &location).await, "5");
}

async fn close(app: &TestApp, s: &Session, before: &str) -> GqlResponse {
    app.as_user(
        s,
        "mutation($d: Date!) { closePeriod(before: $d) { id closedBefore } }",
        json!({ "d": before }),
    )
    .await
}

#[tokio::test]
async fn a_closed_period_takes_nothing_before_its_date() {
    let app = spawn_app().await;
    let (owner, location, item) = setup(&app, "Closing").await;
    let today = Utc::now().date_naive();
    let day = |days: i64| (today - Duration::days(days)).to_string();
    let noon = |days: i64| format!("{}T12:00:00Z", day(days));
    let old = dated(&app, &owner, "stockIn", &location, &item, "10", &noon(40)).await;
    let old = old.data()["stockIn"]["id"].as_str().unwrap().to_owned();
    dated(&app, &owner, "stockIn", &location, &item, "5", &noon(39))
        .await
        .data();

    let member = app.new_user("Elsewhere").await;
    add_member(&app, &owner.org_id, &member.user_id, "member").await;
    let member = Session {
        org_id: owner.org_id.clone(),
        ..member
    };
    assert_eq!(
        close(&app, &member, &day(30)).await.error_code(),
        "FORBIDDEN"
    );

    let admin = app.new_user("Elsewhere too").await;
    add_member(&app, &owner.org_id, &admin.user_id, "admin").await;
    let admin = Session {
        org_id: owner.org_id.clone(),
        ..admin
    };
    let closed = close(&app, &admin, &day(30)).await;
    assert_eq!(closed.data()["closePeriod"]["closedBefore"], day(30));
    let organization = app
        .ok(
            &owner,
            "{ organization { closedBefore } }",
            json!({}),
            "organization",
        )
        .await;
    assert_eq!(organization["closedBefore"], day(30));

    let backward = close(&app, &admin, &day(31)).await;
    assert_eq!(backward.error_code(), "CONFLICT", "{:?}", backward.body);
    let future = close(&app, &admin, &(today + Duration::days(1)).to_string()).await;
    assert_eq!(future.error_code(), "BAD_USER_INPUT", "{:?}", future.body);
    close(&app, &admin, &day(30)).await.data();

    let transactions = app.transaction_count(&owner, None).await;
    for (mutation, at) in [("stockIn", noon(31)), ("stockOut", noon(35))] {
        let refused = dated(&app, &owner, mutation, &location, &item, "1", &at).await;
        assert_eq!(refused.error_code(), "PERIOD_CLOSED", "{:?}", refused.body);
        assert_eq!(extensions(&refused)["closedBefore"], day(30));
    }
    let refused = count_at(&app, &owner, &location, &item, "3", &noon(31)).await;
    assert_eq!(refused.error_code(), "PERIOD_CLOSED");
    assert_eq!(
        app.transaction_count(&owner, None).await,
        transactions,
        "nothing written"
    );
    assert_eq!(app.level(&owner, &item, &location).await, "15");

    // A void is dated now: it corrects a closed period's movement in the open one.
    app.as_user(
        &owner,
        "mutation($id: ID!) { voidStockTransaction(input: { id: $id }) { id } }",
        json!({ "id": old }),
    )
    .await
    .data();
    dated(&app, &owner, "stockOut", &location, &item, "1", &noon(29))
        .await
        .data();
    assert_eq!(app.level(&owner, &item, &location).await, "4");
    assert_eq!(past(&app, &owner, &item, &location, &noon(29)).await, "14");

    // Moving the period forward past that stock-out is fine: it only stops what comes next.
    close(&app, &owner, &day(10)).await.data();
    let refused = dated(&app, &owner, "stockIn", &location, &item, "1", &noon(20)).await;
    assert_eq!(refused.error_code(), "PERIOD_CLOSED");
}

/// Orders record stock through the same ledger: a receipt or a shipment dated in a closed
/// period is refused with `PERIOD_CLOSED`, and the order is left as it was.
#[tokio::test]
async fn order_receipts_and_shipments_are_refused_in_a_closed_period() {
    let app = spawn_app().await;
    let shop = crate::purchasing::shop(&app, "Closed orders").await;
    let (owner, location) = (&shop.s, &shop.location);
    let item = app.create_item(owner, "BACK").await;
    let today = Utc::now().date_naive();
    let closed_before = (today - Duration::days(10)).to_string();
    let in_closed = (Utc::now() - Duration::days(20)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let in_open = (Utc::now() - Duration::days(5)).to_rfc3339_opts(SecondsFormat::Secs, true);
    close(&app, owner, &closed_before).await.data();

    let order = crate::purchasing::ordered(&app, &shop, &[(&item, "8")]).await;
    let order_id = order["id"].as_str().unwrap().to_owned();
    let po_line = order["lines"][0]["id"].as_str().unwrap().to_owned();
    let receive = "mutation($i: ReceivePurchaseOrderInput!) {
        receivePurchaseOrder(input: $i) { purchaseOrder { status } } }";
    let receipt = |at: &str| {
        json!({ "i": { "purchaseOrderId": order_id, "occurredAt": at,
                       "lines": [{ "lineId": po_line, "quantity": "8" }] } })
    };
    let refused = app.as_user(owner, receive, receipt(&in_closed)).await;
    assert_eq!(refused.error_code(), "PERIOD_CLOSED", "{:?}", refused.body);
    assert_eq!(extensions(&refused)["closedBefore"], closed_before);
    let status = "query($id: ID!) { purchaseOrder(id: $id) { status lines { received } } }";
    let unchanged = app
        .ok(owner, status, json!({ "id": order_id }), "purchaseOrder")
        .await;
    assert_eq!(unchanged["status"], "ORDERED");
    assert_eq!(unchanged["lines"][0]["received"], "0");
    assert_eq!(app.level(owner, &item, location).await, "0");
    let received = app.as_user(owner, receive, receipt(&in_open)).await;
    assert_eq!(
        received.data()["receivePurchaseOrder"]["purchaseOrder"]["status"],
        "RECEIVED"
    );
    assert_eq!(app.level(owner, &item, location).await, "8");

    let customer = app.create_partner(owner, "Customer", "CUSTOMER").await;
    let seller = crate::sales::Shop {
        s: owner.clone(),
        location: location.clone(),
        customer,
    };
    let lines = crate::sales::lines_of(&[(&item, "3")]);
    let sale = crate::sales::confirmed(&app, &seller, lines).await;
    let sale_id = sale["id"].as_str().unwrap().to_owned();
    let so_line = sale["lines"][0]["id"].as_str().unwrap().to_owned();
    let ship = "mutation($i: ShipSalesOrderInput!) {
        shipSalesOrder(input: $i) { salesOrder { status } } }";
    let shipment = |at: &str, key: &str| {
        json!({ "i": { "salesOrderId": sale_id, "idempotencyKey": key, "occurredAt": at,
                       "lines": [{ "lineId": so_line, "quantity": "3" }] } })
    };
    let refused = app
        .as_user(owner, ship, shipment(&in_closed, "closed"))
        .await;
    assert_eq!(refused.error_code(), "PERIOD_CLOSED", "{:?}", refused.body);
    let stock = "query($item: ID!) { item(id: $item) { quantity reserved } }";
    let stock = app.ok(owner, stock, json!({ "item": item }), "item").await;
    assert_eq!(stock["quantity"], "8", "nothing shipped");
    assert_eq!(stock["reserved"], "3", "still reserved");
    let shipped = app.as_user(owner, ship, shipment(&in_open, "open")).await;
    assert_eq!(
        shipped.data()["shipSalesOrder"]["salesOrder"]["status"],
        "SHIPPED"
    );
    assert_eq!(app.level(owner, &item, location).await, "5");
}

/// Many backdated stock-outs at once against one level: the level's row lock orders them, and
/// each sees the history the ones before it wrote, so no point of history ends below zero.
#[tokio::test]
async fn concurrent_backdated_outs_never_take_history_below_zero() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let (s, location, item) = setup(&app, "Backdated rush").await;
    dated(
        &app,
        &s,
        "stockIn",
        &location,
        &item,
        "20",
        "2026-03-01T08:00:00Z",
    )
    .await
    .data();
    dated(
        &app,
        &s,
        "stockOut",
        &location,
        &item,
        "15",
        "2026-03-20T08:00:00Z",
    )
    .await
    .data();
    // 20 in stock between the two, but only 5 after the second: 5 of 40 may be taken.
    let instants: Vec<String> = (0..40)
        .map(|i| format!("2026-03-{:02}T{:02}:00:00Z", 2 + i % 17, i % 24))
        .collect();
    let take = |at: String| {
        let (app, s, location, item) = (&app, &s, &location, &item);
        async move {
            let answer = dated(app, s, "stockOut", location, item, "1", &at).await;
            if answer.errors().is_empty() {
                return true;
            }
            assert_eq!(
                answer.error_code(),
                "INSUFFICIENT_STOCK",
                "{:?}",
                answer.body
            );
            false
        }
    };
    let results = futures::future::join_all(instants.iter().cloned().map(take)).await;
    let taken = results.iter().filter(|took| **took).count();
    assert_eq!(taken, 5, "{results:?}");
    assert_eq!(app.level(&s, &item, &location).await, "0");

    // Every point history shows: each movement's instant, read back.
    let page = app
        .ok(
            &s,
            "query($f: StockTransactionFilterInput) { stockTransactions(first: 100, filter: $f) {
                edges { node { occurredAt } } } }",
            json!({ "f": { "itemId": item } }),
            "stockTransactions",
        )
        .await;
    let edges = page["edges"].as_array().cloned().unwrap_or_default();
    assert_eq!(edges.len(), 7);
    for edge in edges {
        let at = edge["node"]["occurredAt"].as_str().unwrap_or_default();
        let level: f64 = past(&app, &s, &item, &location, at).await.parse().unwrap();
        assert!(level >= 0.0, "{level} at {at}");
    }
}

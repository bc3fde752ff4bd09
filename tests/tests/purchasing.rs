//! Purchasing end to end: orders from draft to received, receipts that are stock-ins of the
//! ledger (all-or-nothing, idempotent, concurrent, voidable), gapless numbers, tenancy and
//! location scopes, and reorder suggestions from the rolled-up sales.
//!
//! Inputs are written inline as GraphQL literals (see `literal`), so the documents depend on
//! the contract's field names only, not on the schema's input type names.

use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};
use stockroom_tests::{GqlResponse, Session, SmtpSink, TestApp, spawn_app};

use crate::fixtures::{APP_URL, add_member, deliver_mail, mails_to, run_outbox};

const ORDER: &str = "{ id number status note submittedAt closedAt cancelledAt supplier { id }
    location { id } lines { id item { id } ordered received outstanding unitCost }
    receipts { id } totalCost }";

const FROM_SUGGESTIONS: &str = "createPurchaseOrdersFromSuggestions";

const RECEIPT: &str = "{ purchaseOrder { id status } transaction { id kind partner { id }
    source { kind id reference } purchaseOrder { id }
    lines { item { id } location { id } quantity unitCost } } }";

/// A GraphQL input literal written from JSON (keys unquoted; no enums in mutation inputs).
fn literal(value: &Value) -> String {
    match value {
        Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(key, value)| format!("{key}: {}", literal(value)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(literal).collect();
            format!("[{}]", items.join(", "))
        }
        scalar => scalar.to_string(),
    }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or("(none)").to_owned()
}

fn id(value: &Value) -> String {
    text(&value["id"])
}

fn days_ago(days: i64) -> String {
    (Utc::now() - Duration::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn numbers(sequence: &[u32]) -> Vec<String> {
    sequence.iter().map(|n| format!("PO-{n:05}")).collect()
}

/// An organization with a location and a supplier.
pub struct Shop {
    pub s: Session,
    pub location: String,
    pub supplier: String,
}

pub async fn shop(app: &TestApp, name: &str) -> Shop {
    let s = app.new_user(name).await;
    let location = app.create_location(&s, "Warehouse").await;
    let supplier = app.create_partner(&s, "Acme Supply", "SUPPLIER").await;
    Shop {
        s,
        location,
        supplier,
    }
}

async fn item_with(app: &TestApp, s: &Session, input: Value) -> String {
    id(&app.try_create_item(s, input).await.data()["createItem"])
}

async fn items<const N: usize>(app: &TestApp, s: &Session, skus: [&str; N]) -> [String; N] {
    let mut ids = Vec::new();
    for sku in skus {
        ids.push(app.create_item(s, sku).await);
    }
    ids.try_into().unwrap()
}

async fn mutate(app: &TestApp, s: &Session, field: &str, input: Value, out: &str) -> GqlResponse {
    let query = format!("mutation {{ {field}(input: {}) {out} }}", literal(&input));
    app.as_user(s, &query, json!({})).await
}

/// `[{ <key>: id, quantity }]` from `(id, quantity)` pairs.
fn lines_of(key: &str, lines: &[(impl AsRef<str>, &str)]) -> Value {
    let lines = lines
        .iter()
        .map(|(id, quantity)| json!({ key: id.as_ref(), "quantity": quantity }));
    Value::Array(lines.collect())
}

/// A draft for the shop's supplier and location, with `(item, quantity)` lines.
async fn draft(app: &TestApp, shop: &Shop, lines: &[(impl AsRef<str>, &str)]) -> Value {
    let input = json!({ "supplierId": shop.supplier, "locationId": shop.location, "lines": lines_of("itemId", lines) });
    let created = mutate(app, &shop.s, "createPurchaseOrder", input, ORDER).await;
    created.data()["createPurchaseOrder"].clone()
}

/// `submitPurchaseOrder`, `cancelPurchaseOrder` or `closePurchaseOrder` of `order`.
async fn transition(app: &TestApp, s: &Session, mutation: &str, order: &str) -> GqlResponse {
    let query = format!("mutation($id: ID!) {{ {mutation}(id: $id) {ORDER} }}");
    app.as_user(s, &query, json!({ "id": order })).await
}

/// A submitted order (ORDERED).
pub(crate) async fn ordered(
    app: &TestApp,
    shop: &Shop,
    lines: &[(impl AsRef<str>, &str)],
) -> Value {
    let order = draft(app, shop, lines).await;
    let submitted = transition(app, &shop.s, "submitPurchaseOrder", &id(&order)).await;
    submitted.data()["submitPurchaseOrder"].clone()
}

/// Receives `(line, quantity)` pairs of `order`.
async fn receive(
    app: &TestApp,
    s: &Session,
    order: &str,
    lines: &[(impl AsRef<str>, &str)],
    key: Option<&str>,
) -> GqlResponse {
    let input = json!({ "purchaseOrderId": order, "idempotencyKey": key, "lines": lines_of("lineId", lines) });
    mutate(app, s, "receivePurchaseOrder", input, RECEIPT).await
}

fn receipt(response: &GqlResponse) -> &Value {
    &response.data()["receivePurchaseOrder"]
}

async fn order_of(app: &TestApp, s: &Session, order: &str) -> Value {
    let query = format!("query($id: ID!) {{ purchaseOrder(id: $id) {ORDER} }}");
    let vars = json!({ "id": order });
    app.ok(s, &query, vars, "purchaseOrder").await
}

/// `purchaseOrders(<arguments>)`: its total, the numbers listed and the page's info.
async fn list(app: &TestApp, s: &Session, arguments: &str) -> (u64, Vec<String>, Value) {
    let arguments = if arguments.is_empty() {
        String::new()
    } else {
        format!("({arguments})")
    };
    let query = format!(
        "{{ purchaseOrders{arguments} {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ number }} }} }} }}"
    );
    let page = app.ok(s, &query, json!({}), "purchaseOrders").await;
    let edges = page["edges"].as_array().unwrap();
    let listed = edges.iter().map(|e| text(&e["node"]["number"])).collect();
    let total = page["totalCount"].as_u64().unwrap();
    (total, listed, page["pageInfo"].clone())
}

async fn order_count(app: &TestApp, s: &Session) -> u64 {
    list(app, s, "first: 1").await.0
}

/// The item's `onOrder`: `[everywhere, at location, on its stock level at location]`.
async fn on_order(app: &TestApp, s: &Session, item: &str, location: &str) -> [String; 3] {
    let query = "query($i: ID!, $l: ID!) { item(id: $i) { onOrder here: onOrder(locationId: $l)
        stockLevels { location { id } onOrder } } }";
    let vars = json!({ "i": item, "l": location });
    let item = app.ok(s, query, vars, "item").await;
    let levels = item["stockLevels"].as_array().unwrap();
    let level = levels.iter().find(|l| l["location"]["id"] == location);
    let level = level.map_or_else(|| "(no level)".to_owned(), |l| text(&l["onOrder"]));
    [text(&item["onOrder"]), text(&item["here"]), level]
}

/// What a user sees of an order, its first line and that line's item at the order's
/// location: `[status, received, outstanding, stock level, on order]`.
async fn seen(app: &TestApp, s: &Session, order: &str) -> [String; 5] {
    let order = order_of(app, s, order).await;
    let (line, location) = (&order["lines"][0], id(&order["location"]));
    let item = id(&line["item"]);
    let level = app.level(s, &item, &location).await;
    let [_, here, _] = on_order(app, s, &item, &location).await;
    let (status, received) = (text(&order["status"]), text(&line["received"]));
    [status, received, text(&line["outstanding"]), level, here]
}

#[tokio::test]
async fn receipts_fill_an_order_once_each_and_over_receipts_need_consent() {
    let app = spawn_app().await;
    let shop = shop(&app, "Receiving").await;
    let (s, loc) = (&shop.s, &shop.location);
    let elsewhere = app.create_location(s, "Elsewhere").await;
    let item = app.create_item(s, "BOLT").await;
    app.stock_in(s, loc, &item, "5").await.data();
    let input = json!({ "supplierId": shop.supplier, "locationId": loc, "lines": [{ "itemId": item, "quantity": "10", "unitCost": "3" }] });
    let created = mutate(&app, s, "createPurchaseOrder", input, ORDER).await;
    let order = created.data()["createPurchaseOrder"].clone();
    let (po, line) = (id(&order), id(&order["lines"][0]));
    assert_eq!(order["totalCost"], "30");
    let draft_state = seen(&app, s, &po).await;
    assert_eq!(draft_state, ["DRAFT", "0", "10", "5", "0"], "not on order");

    transition(&app, s, "submitPurchaseOrder", &po).await.data();
    assert_eq!(seen(&app, s, &po).await, ["ORDERED", "0", "10", "5", "10"]);
    assert_eq!(on_order(&app, s, &item, loc).await, ["10", "10", "10"]);
    assert_eq!(on_order(&app, s, &item, &elsewhere).await[1], "0");

    let first = receive(&app, s, &po, &[(&line, "3")], Some("delivery-1")).await;
    let tx = &receipt(&first)["transaction"];
    assert_eq!(tx["kind"], "IN");
    assert_eq!(tx["partner"]["id"], shop.supplier);
    assert_eq!(tx["purchaseOrder"]["id"], po);
    let source = json!({ "kind": "PURCHASE_ORDER", "id": po, "reference": order["number"] });
    assert_eq!(tx["source"], source);
    let moved = json!([{ "item": { "id": item }, "location": { "id": loc }, "quantity": "3", "unitCost": "3" }]);
    assert_eq!(tx["lines"], moved);
    let second = receive(&app, s, &po, &[(&line, "4")], Some("delivery-2")).await;
    let partly = ["PARTIALLY_RECEIVED", "7", "3", "12", "3"];
    assert_eq!(seen(&app, s, &po).await, partly);
    assert_eq!(on_order(&app, s, &item, loc).await, ["3", "3", "3"]);
    let receipts = json!([{ "id": tx["id"] }, { "id": receipt(&second)["transaction"]["id"] }]);
    let listed = order_of(&app, s, &po).await;
    assert_eq!(listed["receipts"], receipts, "oldest first");
    let ledger = "query($p: ID!) { stockTransactions(filter: { kind: IN, partnerId: $p }) {
        nodes { source { id } } } }";
    let vars = json!({ "p": shop.supplier });
    let ledger = app.ok(s, ledger, vars, "stockTransactions").await;
    let from_order = json!({ "source": { "id": po } });
    let both = json!([from_order, from_order]);
    assert_eq!(ledger["nodes"], both, "the supplier's receipts");

    // A retry of the first receipt is answered with it and changes nothing.
    let retry = receive(&app, s, &po, &[(&line, "3")], Some("delivery-1")).await;
    assert_eq!(receipt(&retry)["transaction"]["id"], tx["id"]);
    assert_eq!(seen(&app, s, &po).await, partly);

    let over = receive(&app, s, &po, &[(&line, "4")], None).await;
    assert_eq!(over.error_code(), "BAD_USER_INPUT");
    assert_eq!(over.errors()[0]["extensions"]["field"], "lines.quantity");
    assert_eq!(seen(&app, s, &po).await, partly, "nothing written");
    assert_eq!(app.transaction_count(s, None).await, 3);

    let allow =
        "mutation { updateOrganization(input: { allowOverReceipt: true }) { allowOverReceipt } }";
    let allowed = app.ok(s, allow, json!({}), "updateOrganization").await;
    assert_eq!(allowed["allowOverReceipt"], true);
    let accepted = receive(&app, s, &po, &[(&line, "4")], None).await;
    assert_eq!(receipt(&accepted)["purchaseOrder"]["status"], "RECEIVED");
    let [status, got, _, level, here] = seen(&app, s, &po).await;
    assert_eq!([status, got, level, here], ["RECEIVED", "11", "16", "0"]);

    // Retried after the order is complete, the first receipt is still only answered.
    let late = receive(&app, s, &po, &[(&line, "3")], Some("delivery-1")).await;
    assert_eq!(receipt(&late)["transaction"]["id"], tx["id"]);
    let [_, received, _, level, _] = seen(&app, s, &po).await;
    assert_eq!([received, level], ["11", "16"]);
}

#[tokio::test]
async fn voiding_a_receipt_puts_its_quantity_back_on_order_once() {
    let app = spawn_app().await;
    let shop = shop(&app, "Voids").await;
    let s = &shop.s;
    let item = app.create_item(s, "V").await;
    let order = ordered(&app, &shop, &[(&item, "10")]).await;
    let (po, line) = (id(&order), id(&order["lines"][0]));
    let four = receive(&app, s, &po, &[(&line, "4")], None).await;
    let six = receive(&app, s, &po, &[(&line, "6")], None).await;
    assert_eq!(seen(&app, s, &po).await, ["RECEIVED", "10", "0", "10", "0"]);

    let void = |r: &GqlResponse| json!({ "id": receipt(r)["transaction"]["id"] });
    let query = "mutation($id: ID!) { voidStockTransaction(input: { id: $id }) { kind } }";
    let voided = app.ok(s, query, void(&six), "voidStockTransaction").await;
    assert_eq!(voided["kind"], "VOID");
    let partly = ["PARTIALLY_RECEIVED", "4", "6", "4", "6"];
    assert_eq!(seen(&app, s, &po).await, partly);
    app.ok(s, query, void(&four), "voidStockTransaction").await;
    let reopened = ["ORDERED", "0", "10", "0", "10"];
    assert_eq!(seen(&app, s, &po).await, reopened);

    let again = app.as_user(s, query, void(&four)).await;
    assert_eq!(again.error_code(), "CONFLICT");
    assert_eq!(seen(&app, s, &po).await, reopened, "not put back twice");
    // Back on order, it can be received in full again.
    receive(&app, s, &po, &[(&line, "10")], None).await.data();
    assert_eq!(seen(&app, s, &po).await, ["RECEIVED", "10", "0", "10", "0"]);
}

async fn next_number(app: &TestApp, shop: &Shop, item: &str) -> String {
    text(&draft(app, shop, &[(item, "1")]).await["number"])
}

#[tokio::test]
async fn numbers_are_gapless_per_organization_and_take_its_prefix() {
    let app = spawn_app().await;
    let (a, b) = (shop(&app, "Numbers A").await, shop(&app, "Numbers B").await);
    let a_item = app.create_item(&a.s, "A").await;
    let b_item = app.create_item(&b.s, "B").await;
    assert_eq!(next_number(&app, &a, &a_item).await, "PO-00001");
    let second = draft(&app, &a, &[(&a_item, "1")]).await;
    assert_eq!(second["number"], "PO-00002");
    let b_first = next_number(&app, &b, &b_item).await;
    assert_eq!(b_first, "PO-00001", "B counts its own");

    let set = "mutation { updateOrganization(input: { purchaseOrderPrefix: \"ACME-\" }) {
        purchaseOrderPrefix } }";
    let org = app.ok(&a.s, set, json!({}), "updateOrganization").await;
    assert_eq!(org["purchaseOrderPrefix"], "ACME-");
    assert_eq!(next_number(&app, &a, &a_item).await, "ACME-00003");
    let kept = order_of(&app, &a.s, &id(&second)).await;
    assert_eq!(kept["number"], "PO-00002", "numbers given stay");
    assert_eq!(next_number(&app, &b, &b_item).await, "PO-00002");
}

/// `item=ordered` for each line.
fn ordered_lines(order: &Value) -> Vec<String> {
    let lines = order["lines"].as_array().unwrap().iter();
    lines
        .map(|l| format!("{}={}", id(&l["item"]), text(&l["ordered"])))
        .collect()
}

#[tokio::test]
async fn only_drafts_change_and_each_state_change_happens_once() {
    let app = spawn_app().await;
    let shop = shop(&app, "Lifecycle").await;
    let s = &shop.s;
    let [a, b, c] = items(&app, s, ["A", "B", "C"]).await;
    let d = item_with(&app, s, json!({ "sku": "D", "name": "D", "cost": "2.5" })).await;
    let order = draft(&app, &shop, &[(&a, "5"), (&b, "2"), (&d, "2")]).await;
    let po = id(&order);
    assert_eq!(order["lines"][2]["unitCost"], "2.5", "the item's cost");
    assert_eq!(order["totalCost"], "5");

    let lines = json!([{ "itemId": a, "quantity": "8" }, { "itemId": c, "quantity": "1" }]);
    let input = json!({ "id": po, "note": "Call first", "lines": lines });
    let updated = mutate(&app, s, "updatePurchaseOrder", input, ORDER).await;
    let updated = updated.data()["updatePurchaseOrder"].clone();
    assert_eq!(updated["note"], "Call first");
    let expected = [format!("{a}=8"), format!("{c}=1")];
    assert_eq!(ordered_lines(&updated), expected);
    let (kept, added) = (&updated["lines"][0]["id"], &updated["lines"][1]["id"]);
    assert_eq!(kept, &order["lines"][0]["id"], "a kept item keeps its line");
    let old = [&order["lines"][1]["id"], &order["lines"][2]["id"]];
    assert!(!old.contains(&added), "a new item gets a new line");
    let (line_a, line_c) = (text(kept), text(added));

    let early = receive(&app, s, &po, &[(&line_a, "1")], None).await;
    assert_eq!(early.error_code(), "CONFLICT", "a draft is not received");
    assert_eq!(app.level(s, &a, &shop.location).await, "0");

    let submitted = transition(&app, s, "submitPurchaseOrder", &po).await;
    assert!(submitted.data()["submitPurchaseOrder"]["submittedAt"].is_string());
    let twice = transition(&app, s, "submitPurchaseOrder", &po).await;
    assert_eq!(twice.error_code(), "CONFLICT");
    let late = json!({ "id": po, "lines": [{ "itemId": a, "quantity": "1" }] });
    let late = mutate(&app, s, "updatePurchaseOrder", late, ORDER).await;
    assert_eq!(late.error_code(), "CONFLICT");
    let now = order_of(&app, s, &po).await;
    assert_eq!(ordered_lines(&now), ordered_lines(&updated), "unchanged");

    receive(&app, s, &po, &[(&line_a, "1")], None).await.data();
    let cancel = transition(&app, s, "cancelPurchaseOrder", &po).await;
    assert_eq!(cancel.error_code(), "CONFLICT", "something was received");
    let closed = transition(&app, s, "closePurchaseOrder", &po).await;
    let closed = &closed.data()["closePurchaseOrder"];
    assert_eq!(closed["status"], "CLOSED");
    assert!(closed["closedAt"].is_string());
    for item in [&a, &c] {
        assert_eq!(on_order(&app, s, item, &shop.location).await[0], "0");
    }
    let after = receive(&app, s, &po, &[(&line_c, "1")], None).await;
    assert_eq!(after.error_code(), "CONFLICT", "closed");
    let reclose = transition(&app, s, "closePurchaseOrder", &po).await;
    assert_eq!(reclose.error_code(), "CONFLICT");

    // Drafts, and orders with nothing received, can be cancelled: then nothing is on order.
    let unsent = id(&draft(&app, &shop, &[(&b, "3")]).await);
    let sent = id(&ordered(&app, &shop, &[(&b, "4")]).await);
    assert_eq!(on_order(&app, s, &b, &shop.location).await[0], "4");
    for order in [&unsent, &sent] {
        let cancelled = transition(&app, s, "cancelPurchaseOrder", order).await;
        let cancelled = &cancelled.data()["cancelPurchaseOrder"];
        assert_eq!(cancelled["status"], "CANCELLED");
        assert!(cancelled["cancelledAt"].is_string());
    }
    assert_eq!(on_order(&app, s, &b, &shop.location).await[0], "0");
    let revived = transition(&app, s, "submitPurchaseOrder", &unsent).await;
    assert_eq!(revived.error_code(), "CONFLICT");
}

#[tokio::test]
async fn bad_orders_and_receipts_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let shop = shop(&app, "Bad input").await;
    let s = &shop.s;
    let item = app.create_item(s, "Q").await;
    let order = |supplier: &Value, lines: Value| json!({ "supplierId": supplier, "locationId": shop.location, "lines": lines });
    let supplier = json!(shop.supplier);
    for lines in [
        lines_of("itemId", &[(&item, "0")]),
        lines_of("itemId", &[(&item, "-1")]),
        lines_of("itemId", &[(&item, "abc")]),
        json!([]),
        lines_of("itemId", &[(&item, "1"), (&item, "2")]),
    ] {
        let input = order(&supplier, lines.clone());
        let refused = mutate(&app, s, "createPurchaseOrder", input, ORDER).await;
        assert_eq!(refused.error_code(), "BAD_USER_INPUT", "{lines}");
    }
    let nobody = json!(uuid::Uuid::now_v7());
    let stranger = order(&nobody, lines_of("itemId", &[(&item, "1")]));
    let unknown = mutate(&app, s, "createPurchaseOrder", stranger, ORDER).await;
    assert_eq!(unknown.error_code(), "NOT_FOUND");
    assert_eq!(order_count(&app, s).await, 0, "nothing written");

    let unsent = id(&draft(&app, &shop, &[(&item, "1")]).await);
    let zero = json!({ "id": unsent, "lines": lines_of("itemId", &[(&item, "0")]) });
    let refused = mutate(&app, s, "updatePurchaseOrder", zero, ORDER).await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT");
    assert_eq!(order_of(&app, s, &unsent).await["lines"][0]["ordered"], "1");
    let sent = ordered(&app, &shop, &[(&item, "5")]).await;
    let (po, line) = (id(&sent), id(&sent["lines"][0]));
    for quantity in ["0", "-2"] {
        let refused = receive(&app, s, &po, &[(&line, quantity)], None).await;
        assert_eq!(refused.error_code(), "BAD_USER_INPUT", "{quantity}");
    }
    assert_eq!(app.transaction_count(s, None).await, 0);
    assert_eq!(seen(&app, s, &po).await, ["ORDERED", "0", "5", "0", "5"]);
    assert_eq!(order_count(&app, s).await, 2);
}

#[tokio::test]
async fn purchase_orders_filter_and_page_as_a_relay_connection() {
    let app = spawn_app().await;
    let shop = shop(&app, "Lists").await;
    let s = &shop.s;
    let other = app.create_partner(s, "Other Supply", "SUPPLIER").await;
    let [a, b] = items(&app, s, ["A", "B"]).await;
    ordered(&app, &shop, &[(&a, "1")]).await;
    let elsewhere = Shop {
        s: s.clone(),
        location: shop.location.clone(),
        supplier: other.clone(),
    };
    draft(&app, &elsewhere, &[(&b, "1")]).await;
    draft(&app, &shop, &[(&b, "1"), (&a, "2")]).await;

    let listed = async |arguments: &str| list(&app, s, arguments).await.1;
    let by = |filter: Value| format!("filter: {}", literal(&filter));
    assert_eq!(listed("").await, numbers(&[3, 2, 1]), "newest first");
    assert_eq!(listed("filter: { status: DRAFT }").await, numbers(&[3, 2]));
    assert_eq!(listed("filter: { status: ORDERED }").await, numbers(&[1]));
    let supplier = by(json!({ "supplierId": shop.supplier }));
    assert_eq!(listed(&supplier).await, numbers(&[3, 1]));
    assert_eq!(listed(&by(json!({ "itemId": b }))).await, numbers(&[3, 2]));
    let both = by(json!({ "itemId": a, "supplierId": other }));
    assert_eq!(list(&app, s, &both).await.0, 0);
    let tomorrow = by(json!({ "from": days_ago(-1) }));
    assert_eq!(list(&app, s, &tomorrow).await.0, 0, "none created tomorrow");
    let since_yesterday = by(json!({ "from": days_ago(1) }));
    assert_eq!(list(&app, s, &since_yesterday).await.0, 3);

    let (total, first, page) = list(&app, s, "first: 2").await;
    assert_eq!((total, first), (3, numbers(&[3, 2])));
    assert_eq!(page["hasNextPage"], true);
    let after = format!("first: 2, after: {}", page["endCursor"]);
    let (total, rest, page) = list(&app, s, &after).await;
    assert_eq!((total, rest), (3, numbers(&[1])));
    assert_eq!(page["hasNextPage"], false);
}

#[tokio::test]
async fn concurrent_receipts_never_receive_more_than_ordered() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let shop = shop(&app, "Rush").await;
    let s = &shop.s;
    let [hot, other] = items(&app, s, ["HOT", "OTHER"]).await;
    // A second line keeps the order open, so every refusal is an over-receipt.
    let order = ordered(&app, &shop, &[(&hot, "10"), (&other, "5")]).await;
    let (po, one) = (id(&order), [(id(&order["lines"][0]), "1")]);
    let keys: Vec<Option<String>> = (0..20)
        .map(|n| (n % 2 == 0).then(|| format!("box-{n}")))
        .collect();
    let receipts = keys
        .iter()
        .map(|key| receive(&app, s, &po, &one, key.as_deref()));
    let results = futures::future::join_all(receipts).await;
    let succeeded = results.iter().filter(|r| r.errors().is_empty()).count();
    assert_eq!(succeeded, 10);
    for refused in results.iter().filter(|r| !r.errors().is_empty()) {
        assert_eq!(refused.error_code(), "BAD_USER_INPUT", "{}", refused.body);
    }
    let after = seen(&app, s, &po).await;
    assert_eq!(after, ["PARTIALLY_RECEIVED", "10", "0", "10", "0"]);
    let listed = order_of(&app, s, &po).await;
    assert_eq!(listed["receipts"].as_array().unwrap().len(), 10);
    assert_eq!(app.transaction_count(s, Some("IN")).await, 10);

    let last = [(id(&order["lines"][1]), "5")];
    let last = receive(&app, s, &po, &last, None).await;
    assert_eq!(receipt(&last)["purchaseOrder"]["status"], "RECEIVED");
}

#[tokio::test]
async fn concurrent_orders_get_consecutive_numbers() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let shop = shop(&app, "Sequence").await;
    let item = app.create_item(&shop.s, "SEQ").await;
    let one = [(&item, "1")];
    let orders = futures::future::join_all((0..20).map(|_| draft(&app, &shop, &one))).await;
    let mut given: Vec<String> = orders.iter().map(|o| text(&o["number"])).collect();
    given.sort();
    let expected: Vec<u32> = (1..=20).collect();
    assert_eq!(given, numbers(&expected), "no gap, no duplicate");
    assert_eq!(order_count(&app, &shop.s).await, 20);
}

#[tokio::test]
async fn another_organizations_orders_and_ids_are_not_found_and_nothing_is_written() {
    let app = spawn_app().await;
    let (a, b) = (shop(&app, "Tenant A").await, shop(&app, "Tenant B").await);
    let a_item = app.create_item(&a.s, "MINE").await;
    let b_item = app.create_item(&b.s, "THEIRS").await;
    let a_draft = id(&draft(&app, &a, &[(&a_item, "5")]).await);
    let a_order = ordered(&app, &a, &[(&a_item, "5")]).await;
    let (a_ordered, a_line) = (id(&a_order), [(id(&a_order["lines"][0]), "1")]);
    let not_found = |r: GqlResponse| assert_eq!(r.error_code(), "NOT_FOUND", "{}", r.body);

    for (supplier, location, item) in [
        (&a.supplier, &b.location, &b_item),
        (&b.supplier, &a.location, &b_item),
        (&b.supplier, &b.location, &a_item),
    ] {
        let input = json!({ "supplierId": supplier, "locationId": location, "lines": lines_of("itemId", &[(item, "1")]) });
        not_found(mutate(&app, &b.s, "createPurchaseOrder", input, ORDER).await);
    }
    let read = format!("query($id: ID!) {{ purchaseOrder(id: $id) {ORDER} }}");
    let read = app.as_user(&b.s, &read, json!({ "id": a_draft })).await;
    assert!(read.body["data"].is_null(), "{}", read.body);
    not_found(read);
    let update = json!({ "id": a_draft, "note": "mine now" });
    not_found(mutate(&app, &b.s, "updatePurchaseOrder", update, ORDER).await);
    for (mutation, order) in [
        ("submitPurchaseOrder", &a_draft),
        ("cancelPurchaseOrder", &a_draft),
        ("cancelPurchaseOrder", &a_ordered),
        ("closePurchaseOrder", &a_ordered),
    ] {
        not_found(transition(&app, &b.s, mutation, order).await);
    }
    not_found(receive(&app, &b.s, &a_ordered, &a_line, None).await);
    let suggest = "query($l: ID!) { reorderSuggestions(locationId: $l) { supplier { id } } }";
    not_found(app.as_user(&b.s, suggest, json!({ "l": a.location })).await);
    let from_a = json!({ "locationId": a.location });
    not_found(mutate(&app, &b.s, FROM_SUGGESTIONS, from_a, "{ id }").await);
    assert_eq!(order_count(&app, &b.s).await, 0, "nothing written in B");

    // A's line on B's own order.
    let b_order = id(&ordered(&app, &b, &[(&b_item, "5")]).await);
    not_found(receive(&app, &b.s, &b_order, &a_line, None).await);
    let untouched = ["ORDERED", "0", "5", "0", "5"];
    assert_eq!(seen(&app, &b.s, &b_order).await, untouched);
    assert_eq!(app.transaction_count(&b.s, None).await, 0);
    assert_eq!(list(&app, &b.s, "").await.1, ["PO-00001"], "only B's");

    // A's orders are as they were.
    let unsent = order_of(&app, &a.s, &a_draft).await;
    assert_eq!(unsent["status"], "DRAFT");
    assert!(unsent["note"].is_null(), "{unsent}");
    assert_eq!(seen(&app, &a.s, &a_ordered).await, untouched);
    assert_eq!(list(&app, &a.s, "").await.0, 2);
}

#[tokio::test]
async fn scoped_members_act_only_at_their_locations_and_viewers_only_read() {
    let app = spawn_app().await;
    let shop = shop(&app, "Scoped").await;
    let owner = &shop.s;
    let depot = app.create_location(owner, "Depot").await;
    let item = app.create_item(owner, "SCOPED").await;
    let here = ordered(&app, &shop, &[(&item, "3")]).await;
    let lines = lines_of("itemId", &[(&item, "40")]);
    let input = json!({ "supplierId": shop.supplier, "locationId": depot, "lines": lines });
    let there = mutate(&app, owner, "createPurchaseOrder", input.clone(), ORDER).await;
    let there = id(&there.data()["createPurchaseOrder"]);
    let there = transition(&app, owner, "submitPurchaseOrder", &there).await;
    let there = there.data()["submitPurchaseOrder"].clone();
    let join = async |role: &str| {
        let person = app.new_user(&format!("{role}'s own")).await;
        add_member(&app, &owner.org_id, &person.user_id, role).await;
        let org_id = owner.org_id.clone();
        Session { org_id, ..person }
    };
    let clerk = join("member").await;
    let restrict = "mutation($u: ID!, $l: ID!) { setMemberLocations(input: { userId: $u, locationIds: [$l] }) { role } }";
    let vars = json!({ "u": clerk.user_id, "l": shop.location });
    app.ok(owner, restrict, vars, "setMemberLocations").await;

    assert_eq!(list(&app, &clerk, "").await.1, [text(&here["number"])]);
    let hidden = format!("query($id: ID!) {{ purchaseOrder(id: $id) {ORDER} }}");
    let vars = json!({ "id": id(&there) });
    let hidden = app.as_user(&clerk, &hidden, vars).await;
    assert_eq!(hidden.error_code(), "NOT_FOUND");
    let hidden_line = [(id(&there["lines"][0]), "1")];
    let refused = receive(&app, &clerk, &id(&there), &hidden_line, None).await;
    assert!(["NOT_FOUND", "FORBIDDEN"].contains(&refused.error_code()));
    let refused = mutate(&app, &clerk, "createPurchaseOrder", input, ORDER).await;
    assert!(["NOT_FOUND", "FORBIDDEN"].contains(&refused.error_code()));
    let visible = on_order(&app, &clerk, &item, &shop.location).await;
    assert_eq!(visible[0], "3", "only what the clerk may see");
    assert_eq!(on_order(&app, owner, &item, &shop.location).await[0], "43");

    let here_line = [(id(&here["lines"][0]), "3")];
    receive(&app, &clerk, &id(&here), &here_line, None)
        .await
        .data();
    let untouched = ["ORDERED", "0", "40", "0", "40"];
    assert_eq!(seen(&app, owner, &id(&there)).await, untouched);
    assert_eq!(seen(&app, owner, &id(&here)).await[..2], ["RECEIVED", "3"]);
    assert_eq!(order_count(&app, owner).await, 2);

    // A viewer reads every order and suggestion but changes none.
    let viewer = join("viewer").await;
    assert_eq!(list(&app, &viewer, "").await.0, 2);
    let read = order_of(&app, &viewer, &id(&there)).await;
    assert_eq!(read["status"], "ORDERED");
    suggestions(&app, &viewer, &depot).await;
    let refused = transition(&app, &viewer, "closePurchaseOrder", &id(&there)).await;
    assert_eq!(refused.error_code(), "FORBIDDEN");
}

/// An item made with `input` (sku and name added), stocked 35 days ago with `stock`.
async fn stocked(app: &TestApp, shop: &Shop, sku: &str, mut input: Value, stock: &str) -> String {
    input["sku"] = json!(sku);
    input["name"] = json!(format!("Item {sku}"));
    let item = item_with(app, &shop.s, input).await;
    let delivery = json!({ "locationId": shop.location, "occurredAt": days_ago(35), "lines": [{ "itemId": item, "quantity": stock }] });
    app.movement(&shop.s, "stockIn", delivery).await.data();
    item
}

async fn suggestions(app: &TestApp, s: &Session, location: &str) -> Value {
    let query = "query($l: ID!) { reorderSuggestions(locationId: $l) { supplier { id } suggestions {
        item { id } available onOrder inDrafts reorderPoint salesPerDay leadTimeDays suggestedQuantity unitCost } } }";
    let vars = json!({ "l": location });
    app.ok(s, query, vars, "reorderSuggestions").await
}

/// The suggestions in `supplier`'s group.
fn suggested_for(groups: &Value, supplier: &str) -> Vec<Value> {
    let groups = groups.as_array().unwrap().iter();
    let groups = groups.filter(|g| g["supplier"]["id"] == supplier);
    groups
        .flat_map(|g| g["suggestions"].as_array().unwrap().clone())
        .collect()
}

/// `item=suggested quantity` for each suggestion.
fn quantities(suggestions: &[Value]) -> Vec<String> {
    let quantity = |s: &Value| format!("{}={}", id(&s["item"]), text(&s["suggestedQuantity"]));
    suggestions.iter().map(quantity).collect()
}

#[tokio::test]
async fn suggestions_follow_the_sales_rate_and_become_one_draft_per_supplier() {
    let app = spawn_app().await;
    let shop = shop(&app, "Reorder").await;
    let (s, loc) = (&shop.s, &shop.location);
    let bolts = app.create_partner(s, "Bolt Brothers", "SUPPLIER").await;
    let fast = json!({ "cost": "2", "safetyStock": "20", "leadTimeDays": 5, "preferredSupplierId": shop.supplier });
    let fast = stocked(&app, &shop, "FAST", fast, "330").await;
    let idle = json!({ "cost": "1", "safetyStock": "5", "leadTimeDays": 5, "preferredSupplierId": shop.supplier });
    let idle = stocked(&app, &shop, "IDLE", idle, "1000").await;
    let minimum = json!({ "cost": "4", "reorderPoint": "10", "reorderQuantity": "25", "leadTimeDays": 3, "preferredSupplierId": bolts });
    let minimum = stocked(&app, &shop, "MIN", minimum, "1").await;
    for day in 0..10 {
        let sale = json!({ "locationId": loc, "occurredAt": days_ago(2 + 2 * day), "lines": [{ "itemId": fast, "quantity": "30", "unitPrice": "5" }] });
        app.movement(s, "stockOut", sale).await.data();
    }
    run_outbox(&app).await;
    assert_eq!(app.level(s, &fast, loc).await, "30");

    let groups = suggestions(&app, s, loc).await;
    let expected = json!({ "item": { "id": fast }, "available": "30", "onOrder": "0", "inDrafts": "0", "reorderPoint": "20",
        "salesPerDay": "10", "leadTimeDays": 5, "suggestedQuantity": "180", "unitCost": "2" });
    assert_eq!(
        suggested_for(&groups, &shop.supplier),
        [expected],
        "{groups}"
    );
    let at_least = quantities(&suggested_for(&groups, &bolts));
    assert_eq!(at_least, [format!("{minimum}=25")], "the reorder quantity");
    assert!(!groups.to_string().contains(&idle), "idle: {groups}");

    let all = json!({ "locationId": loc });
    let made = mutate(&app, s, FROM_SUGGESTIONS, all, ORDER).await;
    let made = made.data()["createPurchaseOrdersFromSuggestions"].clone();
    assert_eq!(made.as_array().unwrap().len(), 2, "one draft per supplier");
    let drafts = made.as_array().unwrap().iter();
    let from = |supplier: &str| drafts.clone().find(|o| o["supplier"]["id"] == supplier);
    let fast_order = from(&shop.supplier).unwrap();
    let made_as = [&fast_order["status"], &fast_order["location"]["id"]];
    assert_eq!(made_as, ["DRAFT", loc.as_str()]);
    assert_eq!(ordered_lines(fast_order), [format!("{fast}=180")]);
    assert_eq!(fast_order["lines"][0]["unitCost"], "2");
    assert_eq!(
        ordered_lines(from(&bolts).unwrap()),
        [format!("{minimum}=25")]
    );
    let still = suggested_for(&suggestions(&app, s, loc).await, &shop.supplier);
    assert_eq!(still.len(), 1, "a draft is not on order yet");
    assert_eq!(still[0]["inDrafts"], "180", "but the draft is shown");
    let twice = mutate(
        &app,
        s,
        FROM_SUGGESTIONS,
        json!({ "locationId": loc }),
        "{ id }",
    )
    .await;
    assert_eq!(twice.error_code(), "BAD_USER_INPUT", "no duplicate drafts");
    assert_eq!(order_count(&app, s).await, 2);

    let submitted = transition(&app, s, "submitPurchaseOrder", &id(fast_order)).await;
    submitted.data();
    let groups = suggestions(&app, s, loc).await;
    let gone = suggested_for(&groups, &shop.supplier);
    assert!(gone.is_empty(), "210 − 50 > 20: {groups}");
    assert_eq!(suggested_for(&groups, &bolts).len(), 1);
    let again = json!({ "locationId": loc, "itemIds": [fast] });
    let none_left = mutate(&app, s, FROM_SUGGESTIONS, again, "{ id }").await;
    assert_eq!(none_left.error_code(), "BAD_USER_INPUT");
    assert_eq!(order_count(&app, s).await, 2);
}

#[tokio::test]
async fn low_stock_mails_link_to_the_reorder_page() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let shop = shop(&app, "Reorder mail").await;
    let (s, loc) = (&shop.s, &shop.location);
    let low = json!({ "sku": "LOW-1", "name": "Low widget", "safetyStock": "5" });
    let item = item_with(&app, s, low).await;
    let threshold = "mutation($i: ID!, $l: ID!) { setLocationSafetyStock(itemId: $i, locationId: $l, safetyStock: \"5\") { id } }";
    let vars = json!({ "i": item, "l": loc });
    app.ok(s, threshold, vars, "setLocationSafetyStock").await;
    app.stock_in(s, loc, &item, "10").await.data();
    app.stock_out(s, loc, &item, "6").await.data();
    deliver_mail(&app, &sink).await;
    let mails = mails_to(&sink, &s.email);
    let subject = "Low stock: Low widget (LOW-1) at Warehouse";
    let alert = mails.iter().find(|m| m.contains(subject));
    let alert = alert.unwrap_or_else(|| panic!("no alert for the location in {mails:#?}"));
    let link = format!("{APP_URL}/purchasing/reorder?locationId={loc}");
    assert!(alert.contains(&link), "{alert}");

    let set = "mutation { updateOrganization(input: { digestTime: \"07:30\", timeZone: \"UTC\" }) { id } }";
    app.ok(s, set, json!({}), "updateOrganization").await;
    let db = app.database.as_app_role().await;
    let at = chrono::DateTime::parse_from_rfc3339("2026-06-01T08:00:00Z").unwrap();
    let at = at.with_timezone(&Utc);
    let due = entity::digests::enqueue_due_digests(&db, at, std::time::Duration::ZERO);
    assert_eq!(due.await.unwrap(), 1);
    deliver_mail(&app, &sink).await;
    let mails = mails_to(&sink, &s.email);
    let digest = mails.iter().find(|m| m.contains("Daily low-stock digest"));
    let digest = digest.expect("a digest");
    let link = format!("{APP_URL}/purchasing/reorder");
    assert!(digest.contains(&link), "{digest}");
}

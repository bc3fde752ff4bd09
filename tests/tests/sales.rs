//! Sales orders end to end: confirmations that reserve stock all or none (and race fairly),
//! shipments that are stock-outs of the ledger taking the reservation once, cancellations that
//! release what was not shipped, gapless numbers under concurrency, tenancy, and input that is
//! refused without writing anything. Invoices, returns and credit notes: see sales_invoices.rs.
//!
//! Inputs are written inline as GraphQL literals (see `literal`), so the documents depend on
//! the contract's field names only, not on the schema's input type names.

use serde_json::{Value, json};
use stockroom_tests::{GqlResponse, Session, TestApp, spawn_app};

pub const SALE: &str = "{ id number status note customer { id name } location { id }
    lines { id item { id } ordered shipped outstanding returned invoiced unitPrice discountPercent
        taxRate { id name percent } netAmount }
    shipments { id } returns { id } invoices { id kind number status }
    subtotal confirmedAt cancelledAt }";

pub const SHIPMENT: &str = "{ salesOrder { id status } transaction { id kind partner { id }
    source { kind id reference } salesOrder { id number }
    lines { item { id } location { id } quantity unitPrice } } }";

pub const CUSTOMER_NAME: &str = "Bolts & Co <Trade>";
pub const CUSTOMER_EMAIL: &str = "accounts@bolts.example";

/// A GraphQL input literal written from JSON (keys unquoted; no enums in mutation inputs).
pub fn literal(value: &Value) -> String {
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

pub fn text(value: &Value) -> String {
    value.as_str().unwrap_or("(none)").to_owned()
}

pub fn id(value: &Value) -> String {
    text(&value["id"])
}

/// `prefix` numbers `first..=last`, five digits.
pub fn numbered(prefix: &str, first: u32, last: u32) -> Vec<String> {
    (first..=last).map(|n| format!("{prefix}{n:05}")).collect()
}

/// An organization with a location and a customer who has an e-mail address.
pub struct Shop {
    pub s: Session,
    pub location: String,
    pub customer: String,
}

pub async fn shop(app: &TestApp, name: &str) -> Shop {
    let s = app.new_user(name).await;
    let location = app.create_location(&s, "Warehouse").await;
    let create = "mutation($i: PartnerInput!) { createPartner(input: $i) { id } }";
    let input =
        json!({ "i": { "name": CUSTOMER_NAME, "kind": "CUSTOMER", "email": CUSTOMER_EMAIL } });
    let customer = id(&app.ok(&s, create, input, "createPartner").await);
    Shop {
        s,
        location,
        customer,
    }
}

pub async fn mutate(
    app: &TestApp,
    s: &Session,
    field: &str,
    input: Value,
    out: &str,
) -> GqlResponse {
    let query = format!("mutation {{ {field}(input: {}) {out} }}", literal(&input));
    app.as_user(s, &query, json!({})).await
}

/// An item priced `price`, with `stock` of it at the shop's location.
pub async fn stocked_item(
    app: &TestApp,
    shop: &Shop,
    sku: &str,
    price: &str,
    stock: &str,
) -> String {
    let input = json!({ "sku": sku, "name": format!("Item {sku}"), "price": price });
    let item = id(&app.try_create_item(&shop.s, input).await.data()["createItem"]);
    if stock != "0" {
        app.stock_in(&shop.s, &shop.location, &item, stock)
            .await
            .data();
    }
    item
}

/// `[{ itemId, quantity }]` from `(item, quantity)` pairs.
pub fn lines_of(lines: &[(impl AsRef<str>, &str)]) -> Value {
    let lines = lines
        .iter()
        .map(|(item, quantity)| json!({ "itemId": item.as_ref(), "quantity": quantity }));
    Value::Array(lines.collect())
}

/// `createSalesOrder` for the shop's customer and location with `lines`.
pub async fn try_draft(app: &TestApp, shop: &Shop, lines: Value) -> GqlResponse {
    let input = json!({ "customerId": shop.customer, "locationId": shop.location, "lines": lines });
    mutate(app, &shop.s, "createSalesOrder", input, SALE).await
}

/// A DRAFT sales order with `lines`.
pub async fn draft(app: &TestApp, shop: &Shop, lines: Value) -> Value {
    try_draft(app, shop, lines).await.data()["createSalesOrder"].clone()
}

/// `confirmSalesOrder` or `cancelSalesOrder` of `order`.
pub async fn transition(app: &TestApp, s: &Session, mutation: &str, order: &str) -> GqlResponse {
    let query = format!("mutation($id: ID!) {{ {mutation}(id: $id) {SALE} }}");
    app.as_user(s, &query, json!({ "id": order })).await
}

/// A CONFIRMED sales order with `lines`.
pub async fn confirmed(app: &TestApp, shop: &Shop, lines: Value) -> Value {
    let order = draft(app, shop, lines).await;
    let confirmed = transition(app, &shop.s, "confirmSalesOrder", &id(&order)).await;
    confirmed.data()["confirmSalesOrder"].clone()
}

/// Ships `(line, quantity)` pairs of `order` under `key`.
pub async fn ship(
    app: &TestApp,
    s: &Session,
    order: &str,
    lines: &[(impl AsRef<str>, &str)],
    key: &str,
) -> GqlResponse {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(line, quantity)| json!({ "lineId": line.as_ref(), "quantity": quantity }))
        .collect();
    let input = json!({ "salesOrderId": order, "idempotencyKey": key, "lines": lines });
    mutate(app, s, "shipSalesOrder", input, SHIPMENT).await
}

pub fn shipment(response: &GqlResponse) -> &Value {
    &response.data()["shipSalesOrder"]
}

pub async fn sale_of(app: &TestApp, s: &Session, order: &str) -> Value {
    let query = format!("query($id: ID!) {{ salesOrder(id: $id) {SALE} }}");
    app.ok(s, &query, json!({ "id": order }), "salesOrder")
        .await
}

/// The item's `[on hand, reserved, available]` at `location`, checked to agree between the
/// item's own fields (everywhere and at the location) and its stock level there (the shops
/// here have one location).
pub async fn stock(app: &TestApp, s: &Session, item: &str, location: &str) -> [String; 3] {
    let query = "query($i: ID!, $l: ID!) { item(id: $i) { quantity reserved available
        hereReserved: reserved(locationId: $l) hereAvailable: available(locationId: $l)
        stockLevels { location { id } quantity reserved available } } }";
    let item = app
        .ok(s, query, json!({ "i": item, "l": location }), "item")
        .await;
    let levels = item["stockLevels"].as_array().unwrap();
    let level = levels.iter().find(|l| l["location"]["id"] == location);
    let level = level.unwrap_or_else(|| panic!("no stock level at the location: {item}"));
    let seen = [
        text(&level["quantity"]),
        text(&level["reserved"]),
        text(&level["available"]),
    ];
    let by_item = [
        text(&item["quantity"]),
        text(&item["reserved"]),
        text(&item["available"]),
    ];
    assert_eq!(
        by_item, seen,
        "the item's totals agree with its level: {item}"
    );
    let here = [text(&item["hereReserved"]), text(&item["hereAvailable"])];
    assert_eq!(here, seen[1..], "at the location: {item}");
    seen
}

/// `salesOrders(filter: { <filter> })`: its total count and the ids listed.
pub async fn sales_list(app: &TestApp, s: &Session, filter: &str) -> (u64, Vec<String>) {
    let query = format!(
        "{{ salesOrders(first: 100, filter: {{ {filter} }}) {{ totalCount edges {{ node {{ id }} }} }} }}"
    );
    let page = app.ok(s, &query, json!({}), "salesOrders").await;
    let ids = page["edges"].as_array().unwrap().iter();
    let ids = ids.map(|e| id(&e["node"])).collect();
    (page["totalCount"].as_u64().unwrap(), ids)
}

fn not_found(response: &GqlResponse) {
    assert_eq!(response.error_code(), "NOT_FOUND", "{}", response.body);
}

#[tokio::test]
async fn fifty_confirmations_race_for_thirty_units_and_exactly_thirty_reserve() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let shop = shop(&app, "Rush hour").await;
    let (s, loc) = (&shop.s, &shop.location);
    let item = stocked_item(&app, &shop, "HOT", "5", "30").await;
    let mut orders = Vec::new();
    for _ in 0..50 {
        orders.push(id(&draft(&app, &shop, lines_of(&[(&item, "1")])).await));
    }
    assert_eq!(
        stock(&app, s, &item, loc).await,
        ["30", "0", "30"],
        "drafts reserve nothing"
    );

    let confirmations = orders
        .iter()
        .map(|order| transition(&app, s, "confirmSalesOrder", order));
    let results = futures::future::join_all(confirmations).await;
    let (mut confirmed, mut refused) = (Vec::new(), Vec::new());
    for (order, result) in orders.iter().zip(&results) {
        if result.errors().is_empty() {
            assert_eq!(result.data()["confirmSalesOrder"]["status"], "CONFIRMED");
            confirmed.push(order);
        } else {
            assert_eq!(result.error_code(), "INSUFFICIENT_STOCK", "{}", result.body);
            let extensions = &result.errors()[0]["extensions"];
            assert_eq!(extensions["itemId"], item, "{extensions}");
            assert_eq!(extensions["locationId"], *loc, "{extensions}");
            assert_eq!(extensions["available"], "0", "{extensions}");
            assert_eq!(extensions["requested"], "1", "{extensions}");
            refused.push(order);
        }
    }
    assert_eq!((confirmed.len(), refused.len()), (30, 20));
    for order in &refused {
        let order = sale_of(&app, s, order).await;
        assert_eq!(order["status"], "DRAFT", "a refused order stays a draft");
        assert!(order["confirmedAt"].is_null(), "{order}");
    }
    assert_eq!(sales_list(&app, s, "status: CONFIRMED").await.0, 30);
    assert_eq!(sales_list(&app, s, "status: DRAFT").await.0, 20);
    let sold_out = ["30", "30", "0"];
    assert_eq!(stock(&app, s, &item, loc).await, sold_out);

    // Promised stock cannot be taken by anything else.
    let taken = app.stock_out(s, loc, &item, "1").await;
    assert_eq!(taken.error_code(), "INSUFFICIENT_STOCK", "{}", taken.body);
    assert_eq!(taken.errors()[0]["extensions"]["available"], "0");
    assert_eq!(stock(&app, s, &item, loc).await, sold_out);

    let cancelled = transition(&app, s, "cancelSalesOrder", confirmed[0]).await;
    assert_eq!(cancelled.data()["cancelSalesOrder"]["status"], "CANCELLED");
    assert_eq!(stock(&app, s, &item, loc).await, ["30", "29", "1"]);
    app.stock_out(s, loc, &item, "1").await.data();
    assert_eq!(stock(&app, s, &item, loc).await, ["29", "29", "0"]);
}

#[tokio::test]
async fn shipments_are_stock_outs_of_the_order_that_take_its_reservation_once() {
    let app = spawn_app().await;
    let shop = shop(&app, "Shipping").await;
    let (s, loc) = (&shop.s, &shop.location);
    let item = stocked_item(&app, &shop, "CRATE", "12.5", "8").await;
    let lines = json!([{ "itemId": item, "quantity": "5", "discountPercent": "20" }]);
    let order = draft(&app, &shop, lines).await;
    let (so, line, number) = (id(&order), id(&order["lines"][0]), text(&order["number"]));
    assert_eq!(order["status"], "DRAFT");
    assert_eq!(order["lines"][0]["unitPrice"], "12.5", "the item's price");
    assert_eq!(order["lines"][0]["netAmount"], "50");
    assert_eq!(order["subtotal"], "50");

    let early = ship(&app, s, &so, &[(&line, "1")], "too-early").await;
    assert_eq!(early.error_code(), "CONFLICT", "a draft is not shipped");
    assert_eq!(stock(&app, s, &item, loc).await, ["8", "0", "8"]);

    transition(&app, s, "confirmSalesOrder", &so).await.data();
    assert_eq!(stock(&app, s, &item, loc).await, ["8", "5", "3"]);

    let first = ship(&app, s, &so, &[(&line, "2")], "parcel-1").await;
    let first = shipment(&first).clone();
    assert_eq!(first["salesOrder"]["status"], "PARTIALLY_SHIPPED");
    let tx = &first["transaction"];
    assert_eq!(tx["kind"], "OUT");
    assert_eq!(tx["partner"]["id"], shop.customer);
    let source = json!({ "kind": "SALES_ORDER", "id": so, "reference": number });
    assert_eq!(tx["source"], source);
    assert_eq!(tx["salesOrder"], json!({ "id": so, "number": number }));
    let moved = json!([{ "item": { "id": item }, "location": { "id": loc }, "quantity": "-2", "unitPrice": "10" }]);
    assert_eq!(tx["lines"], moved, "sold at the price after discount");
    let partly = ["6", "3", "3"];
    assert_eq!(stock(&app, s, &item, loc).await, partly);
    let now = sale_of(&app, s, &so).await;
    let figures = |o: &Value| {
        let line = &o["lines"][0];
        [&o["status"], &line["shipped"], &line["outstanding"]].map(text)
    };
    assert_eq!(figures(&now), ["PARTIALLY_SHIPPED", "2", "3"]);

    // A retry while the order is still open is answered with the first shipment.
    let retry = ship(&app, s, &so, &[(&line, "2")], "parcel-1").await;
    assert_eq!(shipment(&retry)["transaction"]["id"], tx["id"]);
    assert_eq!(
        stock(&app, s, &item, loc).await,
        partly,
        "not shipped twice"
    );
    assert_eq!(figures(&sale_of(&app, s, &so).await)[1], "2");

    let over = ship(&app, s, &so, &[(&line, "4")], "parcel-over").await;
    assert_eq!(over.error_code(), "BAD_USER_INPUT", "{}", over.body);
    assert_eq!(over.errors()[0]["extensions"]["field"], "lines.quantity");
    assert_eq!(stock(&app, s, &item, loc).await, partly, "nothing written");
    assert_eq!(app.transaction_count(s, Some("OUT")).await, 1);

    let second = ship(&app, s, &so, &[(&line, "3")], "parcel-2").await;
    let second = shipment(&second).clone();
    assert_eq!(second["salesOrder"]["status"], "SHIPPED");
    let shipped = ["3", "0", "3"];
    assert_eq!(
        stock(&app, s, &item, loc).await,
        shipped,
        "5 left, none promised"
    );
    assert_eq!(figures(&sale_of(&app, s, &so).await), ["SHIPPED", "5", "0"]);

    let listed = "query($id: ID!) { salesOrder(id: $id) { shipments { id kind
        source { kind reference } salesOrder { id } } } }";
    let listed = app.ok(s, listed, json!({ "id": so }), "salesOrder").await;
    let one = |t: &Value| json!({ "id": t["id"], "kind": "OUT", "source": { "kind": "SALES_ORDER", "reference": number }, "salesOrder": { "id": so } });
    let both = json!([one(tx), one(&second["transaction"])]);
    assert_eq!(listed["shipments"], both, "oldest first");

    // Retried after the order is complete, the first shipment is still only answered.
    let late = ship(&app, s, &so, &[(&line, "2")], "parcel-1").await;
    assert_eq!(shipment(&late)["transaction"]["id"], tx["id"]);
    assert_eq!(stock(&app, s, &item, loc).await, shipped);
    assert_eq!(app.transaction_count(s, Some("OUT")).await, 2);

    // A shipment is not undone behind the order's back.
    let void = "mutation($id: ID!) { voidStockTransaction(input: { id: $id }) { id } }";
    for shipped_tx in [tx, &second["transaction"]] {
        let refused = app
            .as_user(s, void, json!({ "id": shipped_tx["id"] }))
            .await;
        assert_eq!(refused.error_code(), "CONFLICT", "{}", refused.body);
    }
    assert_eq!(stock(&app, s, &item, loc).await, shipped);
    assert_eq!(app.transaction_count(s, Some("VOID")).await, 0);
    let after = sale_of(&app, s, &so).await;
    assert_eq!(figures(&after), ["SHIPPED", "5", "0"]);
    assert_eq!(after["shipments"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn numbers_are_gapless_under_concurrency_and_orders_stay_in_their_organization() {
    let app = spawn_app().await;
    let (a, b) = (shop(&app, "Tenant A").await, shop(&app, "Tenant B").await);
    let item = stocked_item(&app, &a, "SEQ", "3", "100").await;
    let one = lines_of(&[(&item, "1")]);
    let created = (0..20).map(|_| try_draft(&app, &a, one.clone()));
    let created = futures::future::join_all(created).await;
    let orders: Vec<Value> = created
        .iter()
        .map(|r| r.data()["createSalesOrder"].clone())
        .collect();
    let mut given: Vec<String> = orders.iter().map(|o| text(&o["number"])).collect();
    given.sort();
    assert_eq!(given, numbered("SO-", 1, 20), "no gap, no duplicate");
    assert_eq!(sales_list(&app, &a.s, "").await.0, 20);

    for order in &orders {
        transition(&app, &a.s, "confirmSalesOrder", &id(order))
            .await
            .data();
    }
    let invoiced = orders.iter().map(|o| {
        let input = json!({ "salesOrderId": id(o) });
        mutate(&app, &a.s, "createInvoice", input, "{ id number status }")
    });
    let invoiced = futures::future::join_all(invoiced).await;
    let invoices: Vec<Value> = invoiced
        .iter()
        .map(|r| r.data()["createInvoice"].clone())
        .collect();
    let mut given: Vec<String> = invoices.iter().map(|i| text(&i["number"])).collect();
    given.sort();
    assert_eq!(given, numbered("INV-", 1, 20), "no gap, no duplicate");

    // Another organization finds none of it and changes none of it.
    let a_draft = draft(&app, &a, one.clone()).await;
    assert_eq!(a_draft["number"], "SO-00021");
    let (a_draft, a_order) = (id(&a_draft), id(&orders[0]));
    let a_line = id(&orders[0]["lines"][0]);
    let a_invoice = id(&invoices[0]);
    let read = format!("query($id: ID!) {{ salesOrder(id: $id) {SALE} }}");
    let read = app.as_user(&b.s, &read, json!({ "id": a_order })).await;
    assert!(read.body["data"].is_null(), "{}", read.body);
    not_found(&read);
    not_found(&transition(&app, &b.s, "confirmSalesOrder", &a_draft).await);
    not_found(&ship(&app, &b.s, &a_order, &[(&a_line, "1")], "theirs").await);
    let read = "query($id: ID!) { invoice(id: $id) { id number total } }";
    not_found(&app.as_user(&b.s, read, json!({ "id": a_invoice })).await);
    let issue = "mutation($id: ID!) { issueInvoice(id: $id) { id status } }";
    not_found(&app.as_user(&b.s, issue, json!({ "id": a_invoice })).await);

    let b_item = stocked_item(&app, &b, "OWN", "1", "0").await;
    let b_order = draft(&app, &b, lines_of(&[(&b_item, "1")])).await;
    assert_eq!(b_order["number"], "SO-00001", "B counts its own");
    assert_eq!(sales_list(&app, &b.s, "").await, (1, vec![id(&b_order)]));
    let b_invoices = "{ invoices(first: 10) { totalCount } }";
    let b_invoices = app.ok(&b.s, b_invoices, json!({}), "invoices").await;
    assert_eq!(b_invoices["totalCount"], 0);

    // A's orders are as they were.
    assert_eq!(sale_of(&app, &a.s, &a_draft).await["status"], "DRAFT");
    let order = sale_of(&app, &a.s, &a_order).await;
    assert_eq!(order["status"], "CONFIRMED");
    assert_eq!(order["lines"][0]["shipped"], "0");
    let read = "query($id: ID!) { invoice(id: $id) { status } }";
    let invoice = app
        .ok(&a.s, read, json!({ "id": a_invoice }), "invoice")
        .await;
    assert_eq!(invoice["status"], "DRAFT");
    assert_eq!(
        stock(&app, &a.s, &item, &a.location).await,
        ["100", "20", "80"]
    );
    assert_eq!(sales_list(&app, &a.s, "").await.0, 21);
}

#[tokio::test]
async fn cancelling_releases_what_was_reserved_and_not_shipped() {
    let app = spawn_app().await;
    let shop = shop(&app, "Cancelling").await;
    let (s, loc) = (&shop.s, &shop.location);
    let item = stocked_item(&app, &shop, "BOX", "2", "10").await;
    let order = confirmed(&app, &shop, lines_of(&[(&item, "4")])).await;
    assert_eq!(order["status"], "CONFIRMED");
    assert!(order["confirmedAt"].is_string(), "{order}");
    let (so, line) = (id(&order), id(&order["lines"][0]));
    assert_eq!(stock(&app, s, &item, loc).await, ["10", "4", "6"]);
    ship(&app, s, &so, &[(&line, "1")], "first-box")
        .await
        .data();
    assert_eq!(stock(&app, s, &item, loc).await, ["9", "3", "6"]);

    let cancelled = transition(&app, s, "cancelSalesOrder", &so).await;
    let cancelled = &cancelled.data()["cancelSalesOrder"];
    assert_eq!(cancelled["status"], "CANCELLED");
    assert!(cancelled["cancelledAt"].is_string(), "{cancelled}");
    let line_now = &cancelled["lines"][0];
    let figures = [&line_now["shipped"], &line_now["outstanding"]].map(text);
    assert_eq!(figures, ["1", "0"], "nothing outstanding once cancelled");
    let released = ["9", "0", "9"];
    assert_eq!(stock(&app, s, &item, loc).await, released);

    let again = transition(&app, s, "cancelSalesOrder", &so).await;
    assert_eq!(again.error_code(), "CONFLICT", "{}", again.body);
    let late = ship(&app, s, &so, &[(&line, "1")], "after-cancel").await;
    assert_eq!(
        late.error_code(),
        "CONFLICT",
        "a cancelled order is not shipped"
    );
    assert_eq!(stock(&app, s, &item, loc).await, released);

    // An order shipped in full cannot be called off.
    let done = confirmed(&app, &shop, lines_of(&[(&item, "2")])).await;
    let (done, done_line) = (id(&done), id(&done["lines"][0]));
    ship(&app, s, &done, &[(&done_line, "2")], "all-of-it")
        .await
        .data();
    let refused = transition(&app, s, "cancelSalesOrder", &done).await;
    assert_eq!(refused.error_code(), "CONFLICT", "{}", refused.body);
    assert_eq!(sale_of(&app, s, &done).await["status"], "SHIPPED");
    assert_eq!(stock(&app, s, &item, loc).await, ["7", "0", "7"]);
}

#[tokio::test]
async fn invalid_sales_input_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let shop = shop(&app, "Bad sales").await;
    let s = &shop.s;
    let item = stocked_item(&app, &shop, "Q", "4", "10").await;
    let field = |r: &GqlResponse| text(&r.errors()[0]["extensions"]["field"]);

    let discount = json!([{ "itemId": item, "quantity": "1", "discountPercent": "101" }]);
    let refused = try_draft(&app, &shop, discount).await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT", "{}", refused.body);
    assert!(
        field(&refused).contains("discountPercent"),
        "{}",
        refused.body
    );

    for quantity in ["0", "-1"] {
        let refused = try_draft(&app, &shop, lines_of(&[(&item, quantity)])).await;
        assert_eq!(
            refused.error_code(),
            "BAD_USER_INPUT",
            "{quantity}: {}",
            refused.body
        );
    }

    let supplier = app.create_partner(s, "Acme Supply", "SUPPLIER").await;
    let input = json!({ "customerId": supplier, "locationId": shop.location, "lines": lines_of(&[(&item, "1")]) });
    let refused = mutate(&app, s, "createSalesOrder", input, SALE).await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT", "{}", refused.body);
    assert_eq!(field(&refused), "customerId");

    let rate = |name: &str, percent: &str| {
        let input = json!({ "name": name, "percent": percent });
        mutate(
            &app,
            s,
            "createTaxRate",
            input,
            "{ id name percent archived }",
        )
    };
    let refused = rate("Luxury", "150").await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT", "{}", refused.body);
    let vat = rate("VAT", "20").await;
    let vat = &vat.data()["createTaxRate"];
    assert_eq!([&vat["name"], &vat["percent"]], ["VAT", "20"]);
    assert_eq!(vat["archived"], false);
    let twice = rate("VAT", "19").await;
    assert_eq!(twice.error_code(), "BAD_USER_INPUT", "{}", twice.body);
    assert_eq!(field(&twice), "name");
    let rates = "{ taxRates { name percent } }";
    let rates = app.ok(s, rates, json!({}), "taxRates").await;
    assert_eq!(rates, json!([{ "name": "VAT", "percent": "20" }]));

    let euro = "mutation { updateOrganization(input: { currency: \"euro\" }) { currency } }";
    let refused = app.as_user(s, euro, json!({})).await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT", "{}", refused.body);
    assert_eq!(field(&refused), "currency");
    let org = app.ok(
        s,
        "{ organization { currency } }",
        json!({}),
        "organization",
    );
    assert_eq!(org.await["currency"], "USD");

    assert_eq!(sales_list(&app, s, "").await.0, 0, "no order written");
    assert_eq!(
        stock(&app, s, &item, &shop.location).await,
        ["10", "0", "10"]
    );
}

#[tokio::test]
async fn shipments_count_as_sales_at_their_discounted_price_and_returns_take_them_back() {
    let app = spawn_app().await;
    let shop = shop(&app, "Analytics").await;
    let s = &shop.s;
    let item = stocked_item(&app, &shop, "KETTLE", "99", "10").await;
    let lines =
        json!([{ "itemId": item, "quantity": "5", "unitPrice": "20", "discountPercent": "10" }]);
    let order = confirmed(&app, &shop, lines).await;
    let (so, line) = (id(&order), id(&order["lines"][0]));
    // A shipment dated in June needs the goods there in June.
    let may = json!({ "locationId": shop.location, "occurredAt": "2026-05-01T10:00:00Z",
        "lines": [{ "itemId": item, "quantity": "5" }] });
    app.movement(s, "stockIn", may).await.data();
    let input = json!({ "salesOrderId": so, "idempotencyKey": "june", "occurredAt": "2026-06-01T10:00:00Z",
        "lines": [{ "lineId": line, "quantity": "5" }] });
    mutate(&app, s, "shipSalesOrder", input, SHIPMENT)
        .await
        .data();
    let input = json!({ "salesOrderId": so, "idempotencyKey": "back",
        "lines": [{ "lineId": line, "quantity": "1", "restock": true }] });
    mutate(&app, s, "returnSalesOrder", input, "{ salesReturn { id } }")
        .await
        .data();
    crate::fixtures::run_outbox(&app).await;

    let query = "{ salesSummary(from: \"2026-01-01\", to: \"2026-12-31\", groupBy: PARTNER) {
        rows { key quantity revenue } totalQuantity totalRevenue } }";
    let summary = app.ok(s, query, json!({}), "salesSummary").await;
    // 5 sold at 20 less 10 % = 18 each, 1 taken back: 4 for 72, all to the customer.
    let expected = json!({ "rows": [{ "key": shop.customer, "quantity": "4", "revenue": "72" }],
        "totalQuantity": "4", "totalRevenue": "72" });
    assert_eq!(summary, expected);
}

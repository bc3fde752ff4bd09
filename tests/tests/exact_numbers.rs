//! Numbers stay exact and inputs stay inside what the backends can hold: quantities and money
//! are bounded where they are parsed, sums never wrap, and forged cursors, NUL bytes and
//! impossible dates are the client's mistake (`BAD_USER_INPUT`), never an `INTERNAL` error.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use serde_json::json;
use stockroom_tests::spawn_app;

use crate::fixtures::run_outbox;

#[tokio::test]
async fn quantities_and_money_beyond_the_bounds_are_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let s = app.new_user("Bounds Co").await;
    let location = app.create_location(&s, "Depot").await;
    let item = app.create_item(&s, "BIG").await;

    let huge = app.stock_in(&s, &location, &item, "1000000000000").await;
    assert_eq!(huge.error_code(), "BAD_USER_INPUT", "{:?}", huge.body);
    assert!(huge.error_message().contains("Quantity"), "{:?}", huge.body);
    let just_over = app.stock_in(&s, &location, &item, "1000000000.0001").await;
    assert_eq!(just_over.error_code(), "BAD_USER_INPUT");

    let priced = |quantity: &str, price: &str| json!({ "locationId": location, "lines": [{ "itemId": item, "quantity": quantity, "unitPrice": price }] });
    let pricey = app
        .movement(&s, "stockOut", priced("1", "1000000000000"))
        .await;
    assert_eq!(pricey.error_code(), "BAD_USER_INPUT", "{:?}", pricey.body);
    assert!(
        pricey.error_message().contains("Money"),
        "{:?}",
        pricey.body
    );
    // Both factors allowed, their product (the line's value) not.
    let worth_too_much = app
        .movement(&s, "stockOut", priced("1000000000", "1000000000"))
        .await;
    assert_eq!(worth_too_much.error_code(), "BAD_USER_INPUT");
    assert_eq!(
        worth_too_much.errors()[0]["extensions"]["field"],
        "lines.unitPrice"
    );
    let item_price = app
        .try_create_item(
            &s,
            json!({ "sku": "GOLD", "name": "Gold", "price": "1000000000000" }),
        )
        .await;
    assert_eq!(item_price.error_code(), "BAD_USER_INPUT");

    assert_eq!(app.transaction_count(&s, None).await, 0);
    assert_eq!(app.level(&s, &item, &location).await, "0");
}

#[tokio::test]
async fn many_large_sales_sum_exactly_after_the_roll_up() {
    let app = spawn_app().await;
    let s = app.new_user("Large Sales Co").await;
    let location = app.create_location(&s, "Depot").await;
    let item = app.create_item(&s, "BULK").await;
    // In stock before the first (backdated) sale, so no point of history goes below zero.
    let stock = json!({ "locationId": location, "occurredAt": (Utc::now() - Duration::days(30)).to_rfc3339(),
        "lines": [{ "itemId": item, "quantity": "1000000000" }] });
    app.movement(&s, "stockIn", stock).await.data();

    // Each line is worth 999.9999 × 999999999.9999 = 999999899999.90000001, kept to four
    // decimals: 999999899999.9; twelve of them on six different days.
    let start = Utc::now() - Duration::days(10);
    for i in 0..12_i64 {
        let at = start + Duration::days(i / 2);
        let sale = json!({ "locationId": location, "occurredAt": at.to_rfc3339(),
            "lines": [{ "itemId": item, "quantity": "999.9999", "unitPrice": "999999999.9999" }] });
        app.movement(&s, "stockOut", sale).await.data();
    }
    run_outbox(&app).await;

    let query =
        "query($from: Date!, $to: Date!) { salesSummary(from: $from, to: $to, groupBy: DAY) {
        rows { quantity revenue } totalQuantity totalRevenue } }";
    let range = json!({
        "from": (start - Duration::days(2)).date_naive().to_string(),
        "to": (Utc::now() + Duration::days(2)).date_naive().to_string(),
    });
    let summary = app.ok(&s, query, range, "salesSummary").await;
    assert_eq!(summary["totalRevenue"], "11999998799998.8", "{summary}");
    assert_eq!(summary["totalQuantity"], "11999.9988", "{summary}");
    let rows = summary["rows"].as_array().unwrap();
    assert!(rows.len() >= 6, "{summary}");
    for row in rows {
        assert!(!row["revenue"].as_str().unwrap().starts_with('-'), "{row}");
    }
}

/// Sets `revenue` of the organization's roll-up rows as the schema owner would see them.
async fn set_revenue(app: &stockroom_tests::TestApp, org: &str, sql: &str) {
    use sea_orm::{ConnectionTrait as _, DbBackend, Statement, TransactionTrait as _};
    let owner = app.database.owner().await;
    let txn = owner.begin().await.unwrap();
    if owner.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT set_config('app.organization_id', $1, true)",
            [org.into()],
        ))
        .await
        .unwrap();
    }
    txn.execute_unprepared(sql).await.unwrap();
    txn.commit().await.unwrap();
}

#[tokio::test]
async fn roll_up_buckets_saturate_and_totals_never_wrap() {
    let app = spawn_app().await;
    let s = app.new_user("Huge Sales Co").await;
    let location = app.create_location(&s, "Depot").await;
    let item = app.create_item(&s, "HUGE").await;
    let first_day = Utc::now() - Duration::days(3);
    // In stock at the first sale's instant (before it, as it is recorded first), on its day.
    let stock = json!({ "locationId": location, "occurredAt": first_day.to_rfc3339(),
        "lines": [{ "itemId": item, "quantity": "100" }] });
    app.movement(&s, "stockIn", stock).await.data();
    let sale = |at: chrono::DateTime<Utc>| {
        json!({ "locationId": location, "occurredAt": at.to_rfc3339(),
            "lines": [{ "itemId": item, "quantity": "1", "unitPrice": "1" }] })
    };
    for at in [first_day, first_day + Duration::days(1)] {
        app.movement(&s, "stockOut", sale(at)).await.data();
    }
    run_outbox(&app).await;
    // Two buckets near the 64-bit bound (in ten-thousandths), as years of absurd sales would.
    set_revenue(
        &app,
        &s.org_id,
        "UPDATE daily_item_stats SET revenue = 9000000000000000000 WHERE sold_quantity <> 0",
    )
    .await;
    set_revenue(
        &app,
        &s.org_id,
        "UPDATE daily_item_stats SET revenue = 9223372036854775000 WHERE day = (SELECT MIN(day) FROM daily_item_stats)",
    )
    .await;
    // One more sale on the first day pushes its bucket past the bound: it saturates.
    app.movement(&s, "stockOut", sale(first_day)).await.data();
    run_outbox(&app).await;

    let query =
        "query($from: Date!, $to: Date!) { salesSummary(from: $from, to: $to, groupBy: DAY) {
        rows { revenue } totalRevenue } }";
    let range = json!({
        "from": (first_day - Duration::days(2)).date_naive().to_string(),
        "to": (Utc::now() + Duration::days(2)).date_naive().to_string(),
    });
    let summary = app.ok(&s, query, range, "salesSummary").await;
    assert_eq!(
        summary["rows"],
        json!([{ "revenue": "922337203685477.5807" }, { "revenue": "900000000000000" }]),
        "{summary}"
    );
    assert_eq!(summary["totalRevenue"], "922337203685477.5807", "{summary}");
}

#[tokio::test]
async fn forged_cursors_nul_bytes_and_impossible_dates_are_bad_input() {
    let app = spawn_app().await;
    let s = app.new_user("Forgery Co").await;
    let location = app.create_location(&s, "Depot").await;
    let item = app.create_item(&s, "REAL").await;
    app.stock_in(&s, &location, &item, "5").await.data();
    let id = uuid::Uuid::new_v4();
    let forged = |text: &str| URL_SAFE_NO_PAD.encode(text);

    let items = "query($after: String, $search: String) { items(first: 5, after: $after, filter: { search: $search }) { totalCount } }";
    for after in [
        "!!! not base64 !!!".to_owned(),
        forged("junk"),
        forged(&format!("Name|{id}|tBolt\u{0}")),
        forged(&format!("Name|{id}|n42")),
        forged(&format!("Quantity|{id}|tforty-two")),
    ] {
        let answer = app
            .as_user(&s, items, json!({ "after": after, "search": null }))
            .await;
        assert_eq!(
            answer.error_code(),
            "BAD_USER_INPUT",
            "{after}: {:?}",
            answer.body
        );
    }
    let nul_search = app
        .as_user(&s, items, json!({ "after": null, "search": "bo\u{0}lt" }))
        .await;
    assert_eq!(
        nul_search.error_code(),
        "BAD_USER_INPUT",
        "{:?}",
        nul_search.body
    );
    assert_eq!(
        nul_search.errors()[0]["extensions"]["field"],
        "filter.search"
    );

    let transactions =
        "query($after: String) { stockTransactions(first: 5, after: $after) { totalCount } }";
    for after in [
        forged(&format!("-999999999999999999|{id}")),
        forged(&format!("999999999999999999|{id}")),
        forged("12|not-a-uuid"),
    ] {
        let answer = app
            .as_user(&s, transactions, json!({ "after": after }))
            .await;
        assert_eq!(
            answer.error_code(),
            "BAD_USER_INPUT",
            "{after}: {:?}",
            answer.body
        );
    }

    let barcode = app
        .as_user(
            &s,
            "query($c: String!) { itemByBarcode(code: $c) { id } }",
            json!({ "c": "12\u{0}34" }),
        )
        .await;
    assert_eq!(barcode.error_code(), "BAD_USER_INPUT", "{:?}", barcode.body);
    let audit = app
        .as_user(
            &s,
            "query($a: String) { auditLog(first: 5, filter: { action: $a }) { edges { cursor } } }",
            json!({ "a": "item.\u{0}create" }),
        )
        .await;
    assert_eq!(audit.error_code(), "BAD_USER_INPUT", "{:?}", audit.body);

    for at in [
        "0000-01-01T00:00:00Z",
        "1999-12-31T23:59:59Z",
        "3000-01-01T00:00:00Z",
    ] {
        let input = json!({ "locationId": location, "occurredAt": at,
            "lines": [{ "itemId": item, "quantity": "1" }] });
        let answer = app.movement(&s, "stockIn", input).await;
        assert_eq!(
            answer.error_code(),
            "BAD_USER_INPUT",
            "{at}: {:?}",
            answer.body
        );
    }
    assert_eq!(app.transaction_count(&s, None).await, 1);
}

#[tokio::test]
async fn dates_beyond_what_the_database_stores_are_bad_input_never_internal() {
    let app = spawn_app().await;
    let s = app.new_user("Far Dates Co").await;
    let queries = [
        (
            "query($d: Date!) { salesSummary(from: $d, to: $d, groupBy: DAY) { totalRevenue } }",
            "-5000-01-01",
        ),
        (
            "query($t: DateTime) { auditLog(first: 5, filter: { from: $t }) { edges { cursor } } }",
            "-5000-01-01T00:00:00Z",
        ),
    ];
    for (query, value) in queries {
        let variable = if query.contains("$d") { "d" } else { "t" };
        let answer = app.as_user(&s, query, json!({ variable: value })).await;
        // Years outside 0001-9999 (what RFC 3339 writes, and every backend stores) are refused
        // as they are read, naming the argument, on both backends.
        assert_eq!(answer.error_code(), "BAD_USER_INPUT", "{:?}", answer.body);
        let field = answer.errors()[0]["extensions"]["field"]
            .as_str()
            .unwrap_or_default();
        assert!(
            field == "from" || field == "filter.from",
            "{:?}",
            answer.body
        );
    }
}

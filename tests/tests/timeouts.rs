//! No request runs unbounded: PostgreSQL cancels a statement past `statement_timeout` and the
//! client gets a coded error, while other requests carry on; past `REQUEST_TIMEOUT_SECS` the
//! HTTP layer answers 503 `TIMEOUT` itself.

use sea_orm::{ConnectionTrait as _, TransactionTrait as _};
use serde_json::json;
use stockroom_tests::spawn_app_with;

const ITEMS: &str = "{ items(first: 5) { totalCount edges { node { quantity } } } }";

#[tokio::test]
async fn a_statement_blocked_past_the_timeout_is_cut_with_a_code_and_others_carry_on() {
    if stockroom_tests::skip_without_postgres("statement timeouts are a PostgreSQL setting") {
        return;
    }
    let app = spawn_app_with(|config| config.platform.database_statement_timeout_ms = 1_000).await;
    let writer = app.new_user("Blocked Ltd").await;
    let reader = app.new_user("Reader Ltd").await;
    let location = app.create_location(&writer, "Depot").await;
    let item = app.create_item(&writer, "SLOW").await;
    app.stock_in(&writer, &location, &item, "1").await.data();

    // The schema owner holds stock levels against writes (reads still go through).
    let owner = app.database.owner().await;
    let lock = owner.begin().await.unwrap();
    lock.execute_unprepared("LOCK TABLE stock_levels IN EXCLUSIVE MODE")
        .await
        .unwrap();

    let blocked = app.stock_in(&writer, &location, &item, "1").await;
    assert_eq!(blocked.error_code(), "TIMEOUT", "{}", blocked.body);
    assert!(
        !blocked.error_message().contains("statement"),
        "{}",
        blocked.body
    );
    let read = app.as_user(&reader, ITEMS, json!({})).await;
    assert!(read.errors().is_empty(), "{}", read.body);

    lock.rollback().await.unwrap();
    // Nothing of the cut request was written; the next one goes through.
    assert_eq!(app.level(&writer, &item, &location).await, "1");
    app.stock_in(&writer, &location, &item, "2").await.data();
    assert_eq!(app.level(&writer, &item, &location).await, "3");
}

#[tokio::test]
async fn a_request_past_the_request_timeout_is_answered_503_timeout() {
    if stockroom_tests::skip_without_postgres("needs a PostgreSQL lock to hold a request") {
        return;
    }
    let app = spawn_app_with(|config| {
        config.request_timeout_secs = 1;
        config.platform.database_statement_timeout_ms = 20_000;
    })
    .await;
    let writer = app.new_user("Held Ltd").await;
    let location = app.create_location(&writer, "Depot").await;
    let item = app.create_item(&writer, "HELD").await;
    let owner = app.database.owner().await;
    let lock = owner.begin().await.unwrap();
    lock.execute_unprepared("LOCK TABLE stock_levels IN EXCLUSIVE MODE")
        .await
        .unwrap();

    let held = app.stock_in(&writer, &location, &item, "1").await;
    assert_eq!(held.status, 503);
    assert_eq!(held.error_code(), "TIMEOUT", "{}", held.body);
    let read = app.as_user(&writer, ITEMS, json!({})).await;
    assert!(read.errors().is_empty(), "{}", read.body);

    lock.rollback().await.unwrap();
    assert_eq!(app.level(&writer, &item, &location).await, "0");
}

#[tokio::test]
async fn websocket_connections_outlive_the_request_timeout() {
    let app = spawn_app_with(|config| config.request_timeout_secs = 1).await;
    let s = app.new_user("Live Ltd").await;
    let (mut client, ack) = app
        .ws_connect(json!({ "authorization": format!("Bearer {}", s.access_token), "organizationId": s.org_id }))
        .await;
    assert_eq!(
        ack.map(|a| a["type"].clone()),
        Some(json!("connection_ack"))
    );
    client
        .subscribe("1", "subscription { organizationUpdated { id name } }")
        .await;
    // Longer than REQUEST_TIMEOUT_SECS: the connection must not have been cut.
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let rename = "mutation($n: String!) { updateOrganization(input: { name: $n }) { name } }";
    let mut seen = None;
    for i in 0..20 {
        app.as_user(&s, rename, json!({ "n": format!("Live {i}") }))
            .await
            .data();
        seen = client.next(std::time::Duration::from_millis(500)).await;
        if seen.is_some() {
            break;
        }
    }
    let event = seen.expect("the subscription still delivers");
    assert_eq!(event["type"], "next", "{event}");
}

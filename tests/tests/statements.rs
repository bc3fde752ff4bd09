//! What one request costs the database, counted through `stockroom_db_statements_total` so the
//! hot paths cannot creep back: a one-line `stockOut` and an `items(first: 50)` page, each one
//! transaction whose first statement admits the caller. And because nothing about a membership
//! is cached, a member removed through one replica is refused by the next request to another.

use serde_json::json;
use stockroom_tests::{Session, TestApp, spawn_app};

use crate::fixtures::add_member;

/// An organization stocked like the benchmark's: items with a safety stock, so every stock-out
/// also judges the item's total against it.
async fn stocked(app: &TestApp, items: usize) -> (Session, String, Vec<String>) {
    let s = app.new_user("Counted").await;
    let location = app.create_location(&s, "Shelf").await;
    let mut ids = Vec::new();
    for i in 0..items {
        let input =
            json!({ "sku": format!("C-{i}"), "name": format!("Counted {i}"), "safetyStock": "10" });
        let id = app.try_create_item(&s, input).await.data()["createItem"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.stock_in(&s, &location, &id, "1000").await.data();
        ids.push(id);
    }
    (s, location, ids)
}

#[tokio::test]
async fn a_one_line_stock_out_is_one_transaction_of_at_most_five_statements() {
    let app = spawn_app().await;
    let (s, location, items) = stocked(&app, 2).await;
    let mut costs = Vec::new();
    let stock_out = async |item: &str, quantity: &str| {
        let before = app.db_statements().await;
        let out = app
            .as_user(
                &s,
                "mutation($i: StockOutInput!) { stockOut(input: $i) { id kind } }",
                json!({ "i": { "locationId": location, "lines": [{ "itemId": item, "quantity": quantity }] } }),
            )
            .await;
        assert_eq!(out.data()["stockOut"]["kind"], "OUT", "{out:?}");
        app.db_statements().await - before
    };
    for item in &items {
        costs.push(stock_out(item, "1").await);
    }
    // One crossing below the safety stock costs its alert, and no more than that.
    let crossing = stock_out(&items[0], "995").await;

    // SQLite runs in-process, where a statement is a function call, not a round trip: it
    // checks references and writes rows one statement each.
    let (ceiling, alert) = if app.database.is_postgres() {
        (5, 1)
    } else {
        (11, 2)
    };
    for cost in &costs {
        assert!(
            *cost <= ceiling,
            "a one-line stockOut ran {cost} statements (at most {ceiling})"
        );
    }
    assert!(
        crossing <= ceiling + alert,
        "a stockOut crossing the safety stock ran {crossing} statements"
    );
    assert_eq!(app.level(&s, &items[0], &location).await, "4");
}

#[tokio::test]
async fn an_items_page_with_quantities_and_levels_is_at_most_four_statements() {
    let app = spawn_app().await;
    let (s, _, _) = stocked(&app, 3).await;
    // The benchmark's page.
    let query = "{ items(first: 50) { totalCount edges { node { id sku name quantity stockLevels { quantity } } } } }";
    let before = app.db_statements().await;
    let page = app.ok(&s, query, json!({}), "items").await;
    let cost = app.db_statements().await - before;
    assert_eq!(page["totalCount"], 3);
    assert_eq!(page["edges"][0]["node"]["quantity"], "1000");
    assert_eq!(
        page["edges"][0]["node"]["stockLevels"][0]["quantity"],
        "1000"
    );
    let ceiling = if app.database.is_postgres() { 4 } else { 6 };
    assert!(
        cost <= ceiling,
        "an items page ran {cost} statements (at most {ceiling})"
    );
}

#[tokio::test]
async fn a_member_removed_through_one_replica_is_refused_by_the_next_request_to_another() {
    let app = spawn_app().await;
    let replica = app.spawn_replica().await;
    let owner = app.new_user("Replicated").await;
    let member = app.new_user("Elsewhere").await;
    add_member(&app, &owner.org_id, &member.user_id, "member").await;
    let as_member = Session {
        org_id: owner.org_id.clone(),
        ..member.clone()
    };
    let location = app.create_location(&owner, "Shared shelf").await;
    let item = app.create_item(&owner, "SHARED-1").await;
    app.stock_in(&owner, &location, &item, "10").await.data();
    let items = "{ items(first: 5) { totalCount } }";
    let allowed = replica.as_user(&as_member, items, json!({})).await;
    assert_eq!(allowed.data()["items"]["totalCount"], 1);
    replica
        .stock_out(&as_member, &location, &item, "1")
        .await
        .data();

    let removed = app
        .as_user(
            &owner,
            "mutation($u: ID!) { removeMember(userId: $u) }",
            json!({ "u": member.user_id }),
        )
        .await;
    assert_eq!(removed.data()["removeMember"], true, "{removed:?}");
    assert_eq!(
        replica
            .as_user(&as_member, items, json!({}))
            .await
            .error_code(),
        "FORBIDDEN"
    );
    let refused = replica.stock_out(&as_member, &location, &item, "1").await;
    assert_eq!(refused.error_code(), "FORBIDDEN");
    assert_eq!(app.level(&owner, &item, &location).await, "9");
}

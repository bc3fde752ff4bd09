//! Location scopes: an admin restricts a member to some locations; the member then sees and
//! moves stock only there, and other locations' stock is hidden rather than shown as zero.

use serde_json::json;
use stockroom_tests::{SmtpSink, spawn_app};

use crate::team::{invite, join_as_new_user};

#[tokio::test]
async fn a_location_scoped_member_sees_and_moves_stock_only_at_their_locations() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@scopes.example", "Scopes Ltd").await;
    let token = invite(&app, &sink, &owner, "clerk@scopes.example", "MEMBER").await;
    let clerk = join_as_new_user(&app, &token, &owner.org_id).await;
    let shop = app.create_location(&owner, "Shop").await;
    let depot = app.create_location(&owner, "Depot").await;
    let item = app.create_item(&owner, "SCOPE-1").await;
    app.stock_in(&owner, &shop, &item, "3").await.data();
    app.stock_in(&owner, &depot, &item, "40").await.data();

    let restrict = "mutation($input: SetMemberLocationsInput!) { setMemberLocations(input: $input) { role locations { name } } }";
    let restricted = app
        .ok(
            &owner,
            restrict,
            json!({ "input": { "userId": clerk.user_id, "locationIds": [shop] } }),
            "setMemberLocations",
        )
        .await;
    assert_eq!(restricted["locations"], json!([{ "name": "Shop" }]));

    // Levels: the depot's is hidden, not zero; the total is what the clerk may see.
    let (levels, total) = app.levels(&clerk, &item).await;
    assert_eq!(levels, [(shop.clone(), "3".to_owned())]);
    assert_eq!(total, "3");
    let locations = app
        .ok(&clerk, "{ locations { name } }", json!({}), "locations")
        .await;
    assert_eq!(locations, json!([{ "name": "Shop" }]));

    // Moving stock at the depot, or out of it, is refused and changes nothing.
    assert_eq!(
        app.stock_out(&clerk, &depot, &item, "1").await.error_code(),
        "FORBIDDEN"
    );
    assert_eq!(
        app.stock_in(&clerk, &depot, &item, "1").await.error_code(),
        "FORBIDDEN"
    );
    let moved = app
        .movement(
            &clerk,
            "moveStock",
            json!({ "fromLocationId": shop, "toLocationId": depot, "lines": [{ "itemId": item, "quantity": "1" }] }),
        )
        .await;
    assert_eq!(moved.error_code(), "FORBIDDEN");
    assert_eq!(app.level(&owner, &item, &depot).await, "40");
    assert_eq!(app.level(&owner, &item, &shop).await, "3");

    // Reads that would reveal the depot are refused or filtered.
    let past = app
        .as_user(
            &clerk,
            "query($i: ID!, $l: ID!) { pastQuantity(itemId: $i, locationId: $l, at: \"2100-01-01T00:00:00Z\") }",
            json!({ "i": item, "l": depot }),
        )
        .await;
    assert_eq!(past.error_code(), "FORBIDDEN");
    // The owner's read fills the cache; the clerk must not be answered from it.
    app.ok(
        &owner,
        "{ inventorySummary { totalQuantity } }",
        json!({}),
        "inventorySummary",
    )
    .await;
    for figures in [
        "{ inventorySummary { totalQuantity } }",
        "{ salesSummary(from: \"2000-01-01\", to: \"2100-01-01\", groupBy: DAY) { totalQuantity } }",
        "{ lowStockItems { id } }",
    ] {
        let answer = app.as_user(&clerk, figures, json!({})).await;
        assert_eq!(answer.error_code(), "FORBIDDEN", "{figures}");
    }
    assert_eq!(
        app.transaction_count(&clerk, None).await,
        1,
        "only the shop's delivery"
    );
    let depot_items = app
        .as_user(
            &clerk,
            "query($l: ID!) { items(first: 5, filter: { locationId: $l }) { totalCount } }",
            json!({ "l": depot }),
        )
        .await;
    assert_eq!(depot_items.error_code(), "FORBIDDEN");

    // At the shop the clerk works as usual.
    app.stock_out(&clerk, &shop, &item, "2").await.data();
    assert_eq!(app.level(&owner, &item, &shop).await, "1");

    // Lifting the restriction shows everything again.
    app.ok(
        &owner,
        restrict,
        json!({ "input": { "userId": clerk.user_id, "locationIds": [] } }),
        "setMemberLocations",
    )
    .await;
    let (levels, total) = app.levels(&clerk, &item).await;
    assert_eq!(levels.len(), 2);
    assert_eq!(total, "41");
}

#[tokio::test]
async fn admins_cannot_be_restricted_and_only_admins_restrict() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@scopes2.example", "Scopes Two").await;
    let token = invite(&app, &sink, &owner, "clerk@scopes2.example", "MEMBER").await;
    let clerk = join_as_new_user(&app, &token, &owner.org_id).await;
    let shop = app.create_location(&owner, "Shop").await;
    let restrict =
        "mutation($input: SetMemberLocationsInput!) { setMemberLocations(input: $input) { role } }";
    let by_member = app
        .as_user(
            &clerk,
            restrict,
            json!({ "input": { "userId": clerk.user_id, "locationIds": [shop] } }),
        )
        .await;
    assert_eq!(by_member.error_code(), "FORBIDDEN");
    let on_owner = app
        .as_user(
            &owner,
            restrict,
            json!({ "input": { "userId": owner.user_id, "locationIds": [shop] } }),
        )
        .await;
    assert_eq!(on_owner.error_code(), "BAD_USER_INPUT");
    let unknown = app
        .as_user(
            &owner,
            restrict,
            json!({ "input": { "userId": clerk.user_id, "locationIds": [uuid::Uuid::now_v7()] } }),
        )
        .await;
    assert_eq!(unknown.error_code(), "NOT_FOUND");
}

#[tokio::test]
async fn a_location_scoped_member_is_alerted_only_about_their_locations() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app
        .sign_up("owner@scoped-alerts.example", "Alerts Ltd")
        .await;
    let token = invite(&app, &sink, &owner, "clerk@scoped-alerts.example", "MEMBER").await;
    let clerk = join_as_new_user(&app, &token, &owner.org_id).await;
    let shop = app.create_location(&owner, "Shop").await;
    let depot = app.create_location(&owner, "Depot").await;
    let shop_item = app.create_item(&owner, "SHOP-1").await;
    let depot_item = app.create_item(&owner, "DEPOT-1").await;
    for (item, location) in [(&shop_item, &shop), (&depot_item, &depot)] {
        app.ok(
            &owner,
            "mutation($i: ID!, $l: ID!) { setLocationSafetyStock(itemId: $i, locationId: $l, safetyStock: \"5\") { id } }",
            json!({ "i": item, "l": location }),
            "setLocationSafetyStock",
        )
        .await;
        app.stock_in(&owner, location, item, "10").await.data();
    }
    app.ok(
        &owner,
        "mutation($input: SetMemberLocationsInput!) { setMemberLocations(input: $input) { role } }",
        json!({ "input": { "userId": clerk.user_id, "locationIds": [shop] } }),
        "setMemberLocations",
    )
    .await;
    app.ok(
        &clerk,
        "mutation { setLowStockAlerts(enabled: true) }",
        json!({}),
        "setLowStockAlerts",
    )
    .await;

    app.stock_out(&owner, &shop, &shop_item, "6").await.data();
    app.stock_out(&owner, &depot, &depot_item, "6").await.data();
    crate::fixtures::deliver_mail(&app, &sink).await;
    let clerk_mail: Vec<String> = crate::fixtures::mails_to(&sink, "clerk@scoped-alerts.example")
        .into_iter()
        .filter(|m| m.contains("Low stock"))
        .collect();
    assert_eq!(clerk_mail.len(), 1, "only the shop's alert");
    assert!(clerk_mail[0].contains("SHOP-1"));
    let owner_mail = crate::fixtures::mails_to(&sink, "owner@scoped-alerts.example")
        .into_iter()
        .filter(|m| m.contains("Low stock"))
        .count();
    assert_eq!(owner_mail, 2, "the owner hears about both");

    // Sales figures are organization-wide: hidden from the clerk, shown to the owner.
    let figures = "query($id: ID!) { item(id: $id) { daysOfCover turnover } }";
    let seen = app
        .ok(&clerk, figures, json!({ "id": shop_item }), "item")
        .await;
    assert_eq!(seen, json!({ "daysOfCover": null, "turnover": null }));
}

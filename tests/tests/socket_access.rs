//! Access on a WebSocket ends when it is withdrawn, exactly as it would over HTTP: every
//! operation is authorized when it starts, running subscriptions end, and a connection whose
//! credentials no longer hold is closed with 4401 (unauthenticated) or 4403 (forbidden).

use std::time::Duration;

use serde_json::{Value, json};
use stockroom_tests::{Session, TestApp, WsClient, spawn_app, spawn_app_with};

use crate::fixtures::{add_member, delete_membership_silently, revoke_key_silently};

const STOCK_IN: &str = "mutation($i: StockInInput!) { stockIn(input: $i) { id } }";

/// A socket authenticated with `credential` (a token or key), acknowledged.
async fn socket(app: &TestApp, credential: &str, org: Option<&str>) -> WsClient {
    let mut payload = json!({ "authorization": format!("Bearer {credential}") });
    if let Some(org) = org {
        payload["organizationId"] = json!(org);
    }
    let (client, ack) = app.ws_connect(payload).await;
    assert_eq!(ack.expect("an answer")["type"], "connection_ack");
    client
}

/// Subscribes to stock changes and records stock until the subscription delivers.
async fn live_stock_subscription(
    app: &TestApp,
    client: &mut WsClient,
    owner: &Session,
    location: &str,
    item: &str,
) {
    client
        .subscribe("live", "subscription { stockChanged { quantity } }")
        .await;
    for _ in 0..50 {
        app.stock_in(owner, location, item, "1").await.data();
        if client
            .next(Duration::from_millis(200))
            .await
            .is_some_and(|m| m["type"] == "next")
        {
            return;
        }
    }
    panic!("the subscription never delivered");
}

fn data(answer: &Option<Value>) -> &Value {
    &answer.as_ref().expect("an answer")["payload"]["data"]
}

fn stock_in_input(location: &str, item: &str) -> Value {
    json!({ "i": { "locationId": location, "lines": [{ "itemId": item, "quantity": "7" }] } })
}

#[tokio::test]
async fn a_removed_admin_loses_an_open_socket_at_once() {
    let app = spawn_app().await;
    let owner = app.new_user("Socket Removal Ltd").await;
    let admin = app.new_user("Elsewhere Ltd").await;
    add_member(&app, &owner.org_id, &admin.user_id, "admin").await;
    let location = app.create_location(&owner, "Main").await;
    let item = app.create_item(&owner, "SOCK-1").await;

    let mut client = socket(&app, &admin.access_token, Some(&owner.org_id)).await;
    let members = client
        .request("m1", "{ members { user { email } } }", json!({}))
        .await;
    assert!(data(&members)["members"].is_array(), "{members:?}");
    live_stock_subscription(&app, &mut client, &owner, &location, &item).await;

    app.ok(
        &owner,
        "mutation($u: ID!) { removeMember(userId: $u) }",
        json!({ "u": admin.user_id }),
        "removeMember",
    )
    .await;

    // No further stock event reaches the removed admin: the subscription completes, then the
    // socket closes as forbidden.
    app.stock_in(&owner, &location, &item, "1").await.data();
    let mut delivered_after_removal = 0;
    let mut completed = false;
    while let Some(message) = client.next(Duration::from_secs(5)).await {
        match message["type"].as_str() {
            Some("next") if !completed => delivered_after_removal += 1,
            Some("complete") if message["id"] == "live" => completed = true,
            _ => panic!("nothing after the subscription completed: {message}"),
        }
    }
    assert!(completed, "the subscription completes before the close");
    assert_eq!(client.close_frame(Duration::from_secs(1)).await, Some(4403));
    assert!(
        delivered_after_removal <= 1,
        "at most an event already in flight"
    );

    // A new socket for that organization is refused the same way.
    let (mut again, answer) = app
        .ws_connect(json!({ "authorization": format!("Bearer {}", admin.access_token), "organizationId": owner.org_id }))
        .await;
    assert!(answer.is_none(), "{answer:?}");
    assert_eq!(again.close_frame(Duration::from_secs(1)).await, Some(4403));
}

#[tokio::test]
async fn every_operation_on_a_socket_is_authorized_when_it_starts() {
    let app = spawn_app().await;
    let owner = app.new_user("Per Operation Ltd").await;
    let member = app.new_user("Member Home Ltd").await;
    add_member(&app, &owner.org_id, &member.user_id, "member").await;
    let location = app.create_location(&owner, "Main").await;
    let item = app.create_item(&owner, "PEROP-1").await;

    let mut client = socket(&app, &member.access_token, Some(&owner.org_id)).await;
    let first = client
        .request("1", STOCK_IN, stock_in_input(&location, &item))
        .await;
    assert!(data(&first)["stockIn"]["id"].is_string(), "{first:?}");

    // The membership goes behind the api's back: no event announces it, so only the check at
    // the start of the next operation can notice.
    delete_membership_silently(&app, &owner.org_id, &member.user_id).await;
    let second = client
        .request("2", STOCK_IN, stock_in_input(&location, &item))
        .await;
    assert!(
        second
            .as_ref()
            .is_none_or(|m| m["payload"]["data"]["stockIn"].is_null()),
        "{second:?}"
    );
    assert_eq!(client.close_frame(Duration::from_secs(5)).await, Some(4403));
    assert_eq!(app.level(&owner, &item, &location).await, "7");
}

#[tokio::test]
async fn a_revoked_api_key_cannot_act_on_its_open_socket() {
    let app = spawn_app().await;
    let owner = app.new_user("Key Socket Ltd").await;
    let location = app.create_location(&owner, "Main").await;
    let item = app.create_item(&owner, "KEYSOCK-1").await;
    let (key, key_id) =
        crate::api_keys::named_key(&app, &owner, "socket integration", "MEMBER", None).await;

    // Revoked behind the api's back, the next operation on the socket finds out.
    let mut client = socket(&app, &key, None).await;
    let first = client
        .request("1", STOCK_IN, stock_in_input(&location, &item))
        .await;
    assert!(data(&first)["stockIn"]["id"].is_string(), "{first:?}");
    revoke_key_silently(&app, &owner.org_id, &key_id).await;
    let second = client
        .request("2", STOCK_IN, stock_in_input(&location, &item))
        .await;
    assert!(
        second
            .as_ref()
            .is_none_or(|m| m["payload"]["data"]["stockIn"].is_null()),
        "{second:?}"
    );
    assert_eq!(client.close_frame(Duration::from_secs(5)).await, Some(4401));
    assert_eq!(app.level(&owner, &item, &location).await, "7");

    // Revoked through the api, a second key's socket closes without waiting for an operation.
    let (key, key_id) =
        crate::api_keys::named_key(&app, &owner, "second integration", "VIEWER", None).await;
    let mut client = socket(&app, &key, None).await;
    live_stock_subscription(&app, &mut client, &owner, &location, &item).await;
    app.ok(
        &owner,
        "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
        json!({ "id": key_id }),
        "revokeApiKey",
    )
    .await;
    while client.next(Duration::from_secs(5)).await.is_some() {}
    assert_eq!(client.close_frame(Duration::from_secs(1)).await, Some(4401));
}

#[tokio::test]
async fn a_socket_closes_when_its_access_token_expires() {
    let app = spawn_app_with(|config| config.access_token_ttl_secs = 2).await;
    let owner = app.new_user("Expiry Ltd").await;
    let mut client = socket(&app, &owner.access_token, Some(&owner.org_id)).await;
    client
        .subscribe("live", "subscription { stockChanged { quantity } }")
        .await;
    // Nothing but the expiry ends it: no request is made after subscribing.
    while client.next(Duration::from_secs(10)).await.is_some() {}
    assert_eq!(client.close_frame(Duration::from_secs(1)).await, Some(4401));
}

#[tokio::test]
async fn a_member_restricted_on_an_open_socket_sees_only_their_locations_from_then_on() {
    let app = spawn_app().await;
    let owner = app.new_user("Restrict Live Ltd").await;
    let member = app.new_user("Clerk Home Ltd").await;
    add_member(&app, &owner.org_id, &member.user_id, "member").await;
    let shop = app.create_location(&owner, "Shop").await;
    let depot = app.create_location(&owner, "Depot").await;
    let item = app.create_item(&owner, "RESTRICT-1").await;
    app.stock_in(&owner, &depot, &item, "40").await.data();

    let mut client = socket(&app, &member.access_token, Some(&owner.org_id)).await;
    let levels = "query($id: ID!) { item(id: $id) { stockLevels { location { name } quantity } } }";
    let before = client.request("1", levels, json!({ "id": item })).await;
    assert_eq!(
        data(&before)["item"]["stockLevels"],
        json!([{ "location": { "name": "Depot" }, "quantity": "40" }])
    );
    live_stock_subscription(&app, &mut client, &owner, &shop, &item).await;

    app.ok(
        &owner,
        "mutation($input: SetMemberLocationsInput!) { setMemberLocations(input: $input) { role } }",
        json!({ "input": { "userId": member.user_id, "locationIds": [shop] } }),
        "setMemberLocations",
    )
    .await;

    // The running subscription completes; the socket itself stays open.
    let mut completed = false;
    while let Some(message) = client.next(Duration::from_secs(5)).await {
        if message["type"] == "complete" && message["id"] == "live" {
            completed = true;
            break;
        }
    }
    assert!(completed, "the subscription made under wider access ends");
    let after = client.request("2", levels, json!({ "id": item })).await;
    let shown = data(&after)["item"]["stockLevels"].clone();
    assert!(!shown.to_string().contains("Depot"), "{shown}");
    let write = client
        .request("3", STOCK_IN, stock_in_input(&depot, &item))
        .await
        .expect("an answer");
    assert_eq!(
        write["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{write}"
    );
    assert_eq!(app.level(&owner, &item, &depot).await, "40");
}

#[tokio::test]
async fn a_socket_closes_when_its_api_key_expires() {
    let app = spawn_app().await;
    let owner = app.new_user("Key Expiry Ltd").await;
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(3)).to_rfc3339();
    let (key, _) =
        crate::api_keys::named_key(&app, &owner, "short-lived", "VIEWER", Some(&soon)).await;
    let mut client = socket(&app, &key, None).await;
    client
        .subscribe("live", "subscription { stockChanged { quantity } }")
        .await;
    while client.next(Duration::from_secs(10)).await.is_some() {}
    assert_eq!(client.close_frame(Duration::from_secs(1)).await, Some(4401));
}

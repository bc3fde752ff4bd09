//! API keys: shown once, stored hashed, act in their organization with their role and without
//! `X-Organization-Id`, and stop working when revoked or expired.

use serde_json::{Value, json};
use stockroom_tests::{GqlResponse, Session, TestApp, spawn_app};

const CREATE: &str = "mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role lastUsedAt } } }";

/// Creates a key named `name` with `role` through `admin`; returns the key and its id.
pub async fn named_key(
    app: &TestApp,
    admin: &Session,
    name: &str,
    role: &str,
    expires_at: Option<&str>,
) -> (String, String) {
    let created = app
        .ok(
            admin,
            CREATE,
            json!({ "input": { "name": name, "role": role, "expiresAt": expires_at } }),
            "createApiKey",
        )
        .await;
    (
        created["key"].as_str().unwrap().to_owned(),
        created["apiKey"]["id"].as_str().unwrap().to_owned(),
    )
}

async fn create_key(
    app: &TestApp,
    admin: &Session,
    role: &str,
    expires_at: Option<&str>,
) -> (String, String) {
    named_key(app, admin, &format!("{role} integration"), role, expires_at).await
}

async fn with_key(app: &TestApp, key: &str, query: &str, variables: Value) -> GqlResponse {
    app.graphql(query, variables, Some(key), None).await
}

#[tokio::test]
async fn a_key_works_without_the_header_within_its_organization_and_role_until_revoked() {
    let app = spawn_app().await;
    let owner = app.new_user("Keys Ltd").await;
    let other = app.new_user("Other Ltd").await;
    let location = app.create_location(&owner, "Main").await;
    let item = app.create_item(&owner, "KEY-1").await;
    let (key, key_id) = create_key(&app, &owner, "MEMBER", None).await;
    assert!(key.starts_with("srk_"), "{key}");

    let stock_in = "mutation($i: StockInInput!) { stockIn(input: $i) { id } }";
    let input =
        json!({ "i": { "locationId": location, "lines": [{ "itemId": item, "quantity": "5" }] } });
    assert!(
        with_key(&app, &key, stock_in, input.clone())
            .await
            .errors()
            .is_empty()
    );
    let items = with_key(
        &app,
        &key,
        "{ items(first: 5) { edges { node { sku quantity } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        items.data()["items"]["edges"],
        json!([{ "node": { "sku": "KEY-1", "quantity": "5" } }])
    );

    // Its role bounds it (member: no locations), and it reaches no other organization.
    let location_attempt = with_key(
        &app,
        &key,
        "mutation { createLocation(input: { name: \"X\" }) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(location_attempt.error_code(), "FORBIDDEN");
    let crossing = app
        .graphql(
            "{ items(first: 5) { totalCount } }",
            json!({}),
            Some(&key),
            Some(&other.org_id),
        )
        .await;
    assert_eq!(crossing.error_code(), "FORBIDDEN");
    assert_eq!(
        with_key(&app, &key, "{ me { user { id } } }", json!({}))
            .await
            .error_code(),
        "FORBIDDEN"
    );

    // Listed with its last use, never with its secret.
    let listed = app
        .ok(
            &owner,
            "{ apiKeys { id name role lastUsedAt revokedAt } }",
            json!({}),
            "apiKeys",
        )
        .await;
    assert_eq!(listed[0]["id"], key_id.as_str());
    assert!(listed[0]["lastUsedAt"].is_string(), "{listed}");
    assert!(!listed.to_string().contains(key.rsplit('_').next().unwrap()));

    app.ok(
        &owner,
        "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
        json!({ "id": key_id }),
        "revokeApiKey",
    )
    .await;
    let refused = with_key(&app, &key, stock_in, input).await;
    assert_eq!(refused.error_code(), "UNAUTHENTICATED");
    assert_eq!(app.level(&owner, &item, &location).await, "5");
}

#[tokio::test]
async fn viewer_keys_only_read_and_expired_or_forged_keys_are_refused() {
    let app = spawn_app().await;
    let owner = app.new_user("Keys Two").await;
    let item = app.create_item(&owner, "KEY-2").await;
    let (viewer, _) = create_key(&app, &owner, "VIEWER", None).await;
    let read = with_key(
        &app,
        &viewer,
        "query($id: ID!) { item(id: $id) { sku } }",
        json!({ "id": item }),
    )
    .await;
    assert_eq!(read.data()["item"]["sku"], "KEY-2");
    let write = with_key(
        &app,
        &viewer,
        "mutation { createItem(input: { sku: \"NO\", name: \"No\" }) { id } }",
        json!({}),
    )
    .await;
    assert_eq!(write.error_code(), "FORBIDDEN");

    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let (expiring, _) = create_key(&app, &owner, "VIEWER", Some(&soon)).await;
    assert!(
        with_key(
            &app,
            &expiring,
            "{ items(first: 1) { totalCount } }",
            json!({})
        )
        .await
        .errors()
        .is_empty()
    );
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let expired = with_key(
        &app,
        &expiring,
        "{ items(first: 1) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(expired.error_code(), "UNAUTHENTICATED");

    let mut forged = viewer.clone();
    forged.pop();
    forged.push(if viewer.ends_with('A') { 'B' } else { 'A' });
    let forged = with_key(
        &app,
        &forged,
        "{ items(first: 1) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(forged.error_code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn keys_are_made_by_admins_with_at_most_their_role() {
    let app = spawn_app().await;
    let owner = app.new_user("Keys Three").await;
    let owner_key = app
        .as_user(
            &owner,
            CREATE,
            json!({ "input": { "name": "Root", "role": "OWNER" } }),
        )
        .await;
    assert_eq!(owner_key.error_code(), "BAD_USER_INPUT");
    let past = app
        .as_user(&owner, CREATE, json!({ "input": { "name": "Old", "role": "VIEWER", "expiresAt": "2001-01-01T00:00:00Z" } }))
        .await;
    assert_eq!(past.error_code(), "BAD_USER_INPUT");
    let (admin_key, _) = create_key(&app, &owner, "ADMIN", None).await;
    // A key acting as admin may create a location, but no key for itself beyond admin.
    let location = with_key(
        &app,
        &admin_key,
        "mutation { createLocation(input: { name: \"By key\" }) { name } }",
        json!({}),
    )
    .await;
    assert_eq!(location.data()["createLocation"]["name"], "By key");
}

#[tokio::test]
async fn a_key_subscribes_over_websocket_until_it_is_revoked() {
    let app = spawn_app().await;
    let owner = app.new_user("Keys Live").await;
    let location = app.create_location(&owner, "Main").await;
    let item = app.create_item(&owner, "LIVE-KEY").await;
    let (key, key_id) = create_key(&app, &owner, "VIEWER", None).await;

    let (mut client, ack) = app
        .ws_connect(json!({ "authorization": format!("Bearer {key}") }))
        .await;
    assert_eq!(ack.unwrap()["type"], "connection_ack");
    client
        .subscribe("1", "subscription { stockChanged { quantity } }")
        .await;
    // The subscription starts asynchronously: record until it delivers.
    let mut delivered = false;
    for _ in 0..50 {
        app.stock_in(&owner, &location, &item, "1").await.data();
        if client
            .next(std::time::Duration::from_millis(200))
            .await
            .is_some_and(|m| m["type"] == "next")
        {
            delivered = true;
            break;
        }
    }
    assert!(delivered, "the key's subscription delivers");

    app.ok(
        &owner,
        "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
        json!({ "id": key_id }),
        "revokeApiKey",
    )
    .await;
    let mut completed = false;
    while let Some(message) = client.next(std::time::Duration::from_secs(5)).await {
        if message["type"] == "complete" && message["id"] == "1" {
            completed = true;
            break;
        }
    }
    assert!(completed, "revoking the key ends its subscription");
}

//! Subscriptions over graphql-transport-ws: authenticated in connection_init, scoped to the
//! organization, and fanned out across replicas through Redis.

use std::time::Duration;

use serde_json::{Value, json};
use stockroom_tests::{Session, TestApp, WsClient, spawn_app};

const SUBSCRIPTION: &str = "subscription { organizationUpdated { id name } }";

async fn subscribe(app: &TestApp, session: &Session) -> WsClient {
    let (mut client, ack) = app
        .ws_connect(json!({ "authorization": format!("Bearer {}", session.access_token), "organizationId": session.org_id }))
        .await;
    assert_eq!(
        ack.as_ref().map(|a| a["type"].clone()),
        Some(json!("connection_ack")),
        "{ack:?}"
    );
    client.subscribe("1", SUBSCRIPTION).await;
    client
}

/// Another replica of `app` when Redis joins them; without Redis the bus is in-process, so
/// `app` itself plays the other replica.
async fn other_replica(app: &TestApp) -> Option<TestApp> {
    if stockroom_tests::redis_url().is_some() {
        Some(app.spawn_replica().await)
    } else {
        None
    }
}

/// Renames the organization through `writer`.
async fn rename(writer: &TestApp, session: &Session, name: &str) {
    let rename = writer
        .as_user(
            session,
            "mutation($n: String!) { updateOrganization(input: { name: $n }) { name } }",
            json!({ "n": name }),
        )
        .await;
    assert_eq!(rename.data()["updateOrganization"]["name"], name);
}

/// Renames through `writer` once and returns the event `client` gets for it: a subscription
/// listens from the moment its `subscribe` arrives, so no change needs repeating.
async fn rename_and_see(
    writer: &TestApp,
    session: &Session,
    client: &mut WsClient,
    name: &str,
) -> Value {
    rename(writer, session, name).await;
    client
        .next(Duration::from_secs(5))
        .await
        .unwrap_or_else(|| panic!("no event for {name}"))
}

#[tokio::test]
async fn a_subscriber_on_one_replica_sees_changes_made_through_another() {
    let app = spawn_app().await;
    let replica = other_replica(&app).await;
    let writer = replica.as_ref().unwrap_or(&app);
    let session = app.sign_up("live@example.com", "Live").await;
    let mut client = subscribe(&app, &session).await;

    let event = rename_and_see(writer, &session, &mut client, "Live Renamed").await;
    assert_eq!(event["type"], "next");
    assert_eq!(event["id"], "1");
    assert_eq!(
        event["payload"]["data"]["organizationUpdated"],
        json!({ "id": session.org_id, "name": "Live Renamed" })
    );
}

/// A subscription is listening from the moment its `subscribe` message arrives, not from
/// when its access checks are done: a change made right after subscribing, on a fresh
/// connection, is always seen by each of the ten subscriptions a page opens at once (through
/// another replica when Redis is there).
#[tokio::test]
async fn a_change_made_right_after_subscribing_is_never_missed() {
    const ROUNDS: usize = 200;
    const SUBSCRIPTIONS: usize = 10;
    let app = spawn_app().await;
    let replica = other_replica(&app).await;
    let writer = replica.as_ref().unwrap_or(&app);
    let session = app.sign_up("race@example.com", "Race").await;
    let mut missed = Vec::new();
    for round in 0..ROUNDS {
        let mut client = subscribe(&app, &session).await;
        for id in 2..=SUBSCRIPTIONS {
            client.subscribe(&id.to_string(), SUBSCRIPTION).await;
        }
        let name = format!("Round {round}");
        rename(writer, &session, &name).await;
        let mut seen = std::collections::BTreeSet::new();
        while seen.len() < SUBSCRIPTIONS {
            let Some(event) = client.next(Duration::from_secs(2)).await else {
                break;
            };
            if event["payload"]["data"]["organizationUpdated"]["name"] == name.as_str() {
                seen.insert(event["id"].as_str().unwrap_or_default().to_owned());
            }
        }
        if seen.len() < SUBSCRIPTIONS {
            missed.push((round, SUBSCRIPTIONS - seen.len()));
        }
    }
    assert!(
        missed.is_empty(),
        "events missed in {} of {ROUNDS} rounds (round, missed): {missed:?}",
        missed.len()
    );
}

#[tokio::test]
async fn a_subscriber_never_receives_another_organizations_events() {
    let app = spawn_app().await;
    let a = app.sign_up("live-a@example.com", "A").await;
    let b = app.sign_up("live-b@example.com", "B").await;
    let mut client_b = subscribe(&app, &b).await;
    let mut client_a = subscribe(&app, &a).await;

    rename_and_see(&app, &a, &mut client_a, "A again").await;
    // B's own change still arrives, and is the first thing B sees.
    let event = rename_and_see(&app, &b, &mut client_b, "B again").await;
    assert_eq!(
        event["payload"]["data"]["organizationUpdated"]["id"],
        b.org_id
    );
}

#[tokio::test]
async fn connections_without_a_valid_token_or_membership_get_nothing() {
    let app = spawn_app().await;
    let a = app.sign_up("ws-a@example.com", "WS A").await;
    let b = app.sign_up("ws-b@example.com", "WS B").await;

    let (mut refused_client, refused) = app
        .ws_connect(json!({ "authorization": "Bearer nonsense" }))
        .await;
    assert!(
        refused.is_none(),
        "an invalid token is refused: {refused:?}"
    );
    assert_eq!(
        refused_client.close_frame(Duration::from_secs(5)).await,
        Some(4401)
    );
    assert!(
        refused_client.close_reason.contains("invalid or expired"),
        "{}",
        refused_client.close_reason
    );
    let (mut anonymous, refused) = app.ws_connect(json!({})).await;
    assert!(refused.is_none());
    assert_eq!(
        anonymous.close_frame(Duration::from_secs(5)).await,
        Some(4401)
    );
    assert!(
        anonymous.close_reason.contains("no authorization"),
        "{}",
        anonymous.close_reason
    );

    // The bare token, without `Bearer`, as many graphql-ws examples send it.
    let (_bare, ack) = app
        .ws_connect(json!({ "authorization": a.access_token, "organizationId": a.org_id }))
        .await;
    assert_eq!(ack.unwrap()["type"], "connection_ack");

    // A valid token but someone else's organization: the connection is refused as forbidden.
    let (mut client, answer) = app
        .ws_connect(json!({ "authorization": format!("Bearer {}", a.access_token), "organizationId": b.org_id }))
        .await;
    assert!(answer.is_none(), "{answer:?}");
    assert_eq!(client.close_frame(Duration::from_secs(5)).await, Some(4403));
    assert!(
        client.close_reason.contains("organizationId"),
        "{}",
        client.close_reason
    );
}

#[tokio::test]
async fn websockets_are_closed_politely_when_the_server_stops() {
    let app = spawn_app().await;
    let session = app.sign_up("bye-ws@example.com", "Closing").await;
    let mut client = subscribe(&app, &session).await;
    rename_and_see(&app, &session, &mut client, "Subscribed").await;

    app.stop();
    let close = client.close_frame(Duration::from_secs(5)).await;
    assert_eq!(
        close,
        Some(1001),
        "going away, so the client reconnects elsewhere"
    );
}

async fn stock_subscriber(app: &TestApp, session: &Session) -> WsClient {
    let (mut client, ack) = app
        .ws_connect(json!({ "authorization": format!("Bearer {}", session.access_token), "organizationId": session.org_id }))
        .await;
    assert_eq!(
        ack.map(|a| a["type"].clone()),
        Some(json!("connection_ack"))
    );
    client
        .subscribe(
            "levels",
            "subscription { stockChanged { item { id sku } location { id } quantity } }",
        )
        .await;
    client
        .subscribe(
            "ledger",
            "subscription { stockTransactionCreated { id kind } }",
        )
        .await;
    client
}

/// Records stock until `client` has seen both a level change and a new transaction.
async fn stock_in_until_seen(
    writer: &TestApp,
    session: &Session,
    location: &str,
    item: &str,
    client: &mut WsClient,
) -> (Value, Value) {
    let (mut level, mut transaction) = (None, None);
    for _ in 0..20 {
        writer.stock_in(session, location, item, "1").await.data();
        while let Some(message) = client.next(Duration::from_millis(300)).await {
            assert_eq!(message["type"], "next", "{message}");
            match message["id"].as_str() {
                // Keep the first of each: a stray event of another tenant would show there.
                Some("levels") => {
                    level.get_or_insert_with(|| message["payload"]["data"]["stockChanged"].clone());
                }
                Some("ledger") => {
                    transaction.get_or_insert_with(|| {
                        message["payload"]["data"]["stockTransactionCreated"].clone()
                    });
                }
                _ => panic!("unexpected {message}"),
            }
        }
        if let (Some(level), Some(transaction)) = (&level, &transaction) {
            return (level.clone(), transaction.clone());
        }
    }
    panic!("no stock events");
}

#[tokio::test]
async fn stock_events_cross_replicas_and_stay_within_their_organization() {
    let app = spawn_app().await;
    let replica = other_replica(&app).await;
    let writer = replica.as_ref().unwrap_or(&app);
    let a = app.new_user("Stock live A").await;
    let b = app.new_user("Stock live B").await;
    let (a_location, b_location) = (
        app.create_location(&a, "A shelf").await,
        app.create_location(&b, "B shelf").await,
    );
    let (a_item, b_item) = (
        app.create_item(&a, "A-LIVE").await,
        app.create_item(&b, "B-LIVE").await,
    );
    let mut a_client = stock_subscriber(&app, &a).await;
    let mut b_client = stock_subscriber(&app, &b).await;

    let (level, transaction) =
        stock_in_until_seen(writer, &a, &a_location, &a_item, &mut a_client).await;
    assert_eq!(level["item"], json!({ "id": a_item, "sku": "A-LIVE" }));
    assert_eq!(level["location"]["id"], a_location);
    assert_eq!(transaction["kind"], "IN");

    // B heard nothing of A's movements; its own arrive.
    let (level, _) = stock_in_until_seen(writer, &b, &b_location, &b_item, &mut b_client).await;
    assert_eq!(level["item"]["id"], b_item, "B's first event is its own");
}

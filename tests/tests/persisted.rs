//! Persisted queries: Apollo's automatic persisted queries over POST, GET and across
//! replicas, and the allow-list mode that runs only a manifest's operations, on WebSocket too.

use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use stockroom_tests::{Session, TestApp, spawn_app, spawn_app_with};

const LOCATIONS: &str = "query Locations { locations { name } }";

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

async fn post(app: &TestApp, s: &Session, body: Value) -> Value {
    app.client
        .post(format!("{}/graphql", app.address))
        .bearer_auth(&s.access_token)
        .header("X-Organization-Id", &s.org_id)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn get(app: &TestApp, s: &Session, params: &[(&str, String)]) -> (u16, Value) {
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .bearer_auth(&s.access_token)
        .header("X-Organization-Id", &s.org_id)
        .query(params)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn automatic_persisted_queries_register_once_then_run_by_hash() {
    let app = spawn_app().await;
    let s = app.new_user("Persisted Ltd").await;
    app.create_location(&s, "Depot").await;
    let hash = sha256(LOCATIONS);
    let expected = json!({ "locations": [{ "name": "Depot" }] });

    // Unknown: the client is told to send the document.
    let unknown = post(&app, &s, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(unknown["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(
        unknown["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    // A hash that is not the document's registers nothing.
    let forged = post(
        &app,
        &s,
        json!({ "query": "{ me { user { email } } }", "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(forged["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    // The document with its hash runs and registers it...
    let registered = post(
        &app,
        &s,
        json!({ "query": LOCATIONS, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(registered["data"], expected, "{registered}");
    // ...so the hash alone runs it, over POST and GET, here and on another replica.
    let by_hash = post(&app, &s, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(by_hash["data"], expected, "{by_hash}");
    let (status, over_get) = get(&app, &s, &[("extensions", persisted(&hash).to_string())]).await;
    assert_eq!((status, &over_get["data"]), (200, &expected), "{over_get}");
    if stockroom_tests::redis_url().is_some() {
        let replica = app.spawn_replica().await;
        let there = post(&replica, &s, json!({ "extensions": persisted(&hash) })).await;
        assert_eq!(there["data"], expected, "{there}");
    }
}

#[tokio::test]
async fn a_persisted_mutation_still_cannot_run_over_get() {
    let app = spawn_app().await;
    let s = app.new_user("Get Ltd").await;
    let mutation = r#"mutation { createLocation(input: { name: "Via GET" }) { id } }"#;
    let hash = sha256(mutation);
    let (status, _) = get(
        &app,
        &s,
        &[
            ("query", mutation.to_owned()),
            ("extensions", persisted(&hash).to_string()),
        ],
    )
    .await;
    assert_eq!(status, 405);
    // Registered over POST (where it runs), then asked for by hash over GET: still refused.
    let posted = post(
        &app,
        &s,
        json!({ "query": mutation, "extensions": persisted(&hash) }),
    )
    .await;
    assert!(
        posted["data"]["createLocation"]["id"].is_string(),
        "{posted}"
    );
    let (status, _) = get(&app, &s, &[("extensions", persisted(&hash).to_string())]).await;
    assert_eq!(status, 405);
    let locations = app
        .ok(&s, "{ locations { name } }", json!({}), "locations")
        .await;
    assert_eq!(locations, json!([{ "name": "Via GET" }]));
}

#[tokio::test]
async fn the_allow_list_runs_only_the_manifests_operations_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("persisted-documents.json");
    let sign_up = r#"mutation SignUp($e: String!) { signUp(input: { email: $e, password: "correct horse battery staple", name: "A", organizationName: "Listed" }) { accessToken organization { id } } }"#;
    std::fs::write(
        &manifest,
        json!({
            "format": "apollo-persisted-query-manifest",
            "version": 1,
            "operations": [
                { "id": sha256(LOCATIONS), "name": "Locations", "type": "query", "body": LOCATIONS },
                { "id": sha256(sign_up), "name": "SignUp", "type": "mutation", "body": sign_up },
            ],
        })
        .to_string(),
    )
    .unwrap();
    let app = spawn_app_with(|config| {
        config.graphql_persisted_queries = Some(manifest.clone());
        config.graphql_persisted_only = true;
    })
    .await;

    // A listed operation runs by hash (no registration needed) and by its exact text.
    let signed_up = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "variables": { "e": "listed@example.com" }, "extensions": persisted(&sha256(sign_up)) }))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let token = signed_up["data"]["signUp"]["accessToken"].as_str().unwrap();
    let org = signed_up["data"]["signUp"]["organization"]["id"]
        .as_str()
        .unwrap();
    let s = Session {
        access_token: token.to_owned(),
        refresh_token: String::new(),
        user_id: String::new(),
        org_id: org.to_owned(),
        email: "listed@example.com".to_owned(),
    };
    let by_text = post(&app, &s, json!({ "query": LOCATIONS })).await;
    assert_eq!(by_text["data"], json!({ "locations": [] }), "{by_text}");

    // Anything else is refused, whether sent as text or registered with its hash.
    let other = "{ me { user { email } } }";
    for body in [
        json!({ "query": other }),
        json!({ "query": other, "extensions": persisted(&sha256(other)) }),
    ] {
        let refused = post(&app, &s, body).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_IN_LIST",
            "{refused}"
        );
    }
    let unknown = post(&app, &s, json!({ "extensions": persisted(&sha256(other)) })).await;
    assert_eq!(
        unknown["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );

    // The WebSocket is held to the same list.
    let (mut client, ack) = app
        .ws_connect(json!({ "authorization": token, "organizationId": org }))
        .await;
    assert_eq!(
        ack.map(|a| a["type"].clone()),
        Some(json!("connection_ack"))
    );
    let answer = client
        .request(
            "1",
            "subscription { organizationUpdated { name } }",
            json!({}),
        )
        .await
        .unwrap();
    assert_eq!(answer["type"], "error", "{answer}");
    assert_eq!(
        answer["payload"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_IN_LIST",
        "{answer}"
    );
    // `error` ended the operation: no `complete` follows it.
    let after = client.next(std::time::Duration::from_millis(300)).await;
    assert!(after.is_none(), "{after:?}");
}

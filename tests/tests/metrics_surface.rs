//! `/metrics` cannot be inflated by clients, and can be kept off the public port.

use std::collections::HashSet;

use api::Application;
use platform::Secret;
use serde_json::json;
use stockroom_tests::{TestDatabase, spawn_app, test_config};

/// The distinct values of the `operation` label in a metrics text.
fn operation_labels(text: &str) -> HashSet<String> {
    text.lines()
        .filter(|l| l.starts_with("stockroom_graphql_operations_total"))
        .filter_map(|l| l.split("operation=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn made_up_operation_names_do_not_make_new_series() {
    let app = spawn_app().await;
    let session = app.sign_up("metrics@example.com", "Metrics").await;
    for i in 0..100 {
        let name = format!("Made_up_{i}_{}", uuid::Uuid::new_v4().simple());
        let query = match i % 4 {
            0 => format!("query {name} {{ __typename }}"),
            1 => format!("query {name} {{ me {{ user {{ id }} }} }}"),
            2 => format!("query {name} {{ {name}: me {{ user {{ id }} }} locations {{ id }} }}"),
            _ => format!("query {name} {{ {name} }}"),
        };
        app.as_user(&session, &query, json!({})).await;
    }
    let text = app.get("/metrics").await.text().await.unwrap();
    let labels = operation_labels(&text);
    assert!(labels.iter().all(|l| !l.contains("Made_up")), "{labels:?}");
    let expected: HashSet<String> = ["__typename", "me", "multiple", "other", "signUp"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert!(labels.is_subset(&expected), "{labels:?}");
}

#[tokio::test]
async fn made_up_http_methods_do_not_make_new_series() {
    let app = spawn_app().await;
    for i in 0..50 {
        let method = reqwest::Method::from_bytes(format!("MADEUP{i}").as_bytes()).unwrap();
        app.client
            .request(method, format!("{}/healthz", app.address))
            .send()
            .await
            .unwrap();
    }
    let text = app.get("/metrics").await.text().await.unwrap();
    let methods: HashSet<String> = text
        .lines()
        .filter(|l| l.starts_with("stockroom_http_requests_total"))
        .filter_map(|l| l.split("method=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    assert!(methods.contains("other"), "{methods:?}");
    assert!(methods.iter().all(|m| !m.contains("MADEUP")), "{methods:?}");
}

#[tokio::test]
async fn with_metrics_bind_addr_metrics_leave_the_public_port() {
    let database = TestDatabase::create().await;
    let mail_dir = tempfile::tempdir().unwrap();
    let prefix = format!("test:{}:", uuid::Uuid::new_v4().simple());
    let mut config = test_config(
        &database.app_url,
        "metrics-test-secret-0123456789abcdef",
        &prefix,
        mail_dir.path(),
    );
    config.jwt_secret = Some(Secret::new("metrics-test-secret-0123456789abcdef"));
    config.metrics_bind_addr = Some("127.0.0.1:0".parse().unwrap());
    let app = Application::build(config).await.unwrap();
    let public = app.local_addr().unwrap();
    let private = app.metrics_addr().unwrap();
    let shutdown = app.shutdown_token();
    let server = tokio::spawn(app.run_until_stopped());

    let client = reqwest::Client::new();
    let get =
        |addr: std::net::SocketAddr, path: &str| client.get(format!("http://{addr}{path}")).send();
    assert_eq!(
        get(public, "/metrics").await.unwrap().status().as_u16(),
        404
    );
    assert_eq!(
        get(public, "/healthz").await.unwrap().status().as_u16(),
        200
    );
    let metrics = get(private, "/metrics").await.unwrap();
    assert_eq!(metrics.status().as_u16(), 200);
    let text = metrics.text().await.unwrap();
    // The public port's requests are counted; the metrics port serves nothing else.
    assert!(text.contains("route=\"/healthz\""), "{text}");
    assert_eq!(
        get(private, "/graphql").await.unwrap().status().as_u16(),
        404
    );

    // Both listeners stop with the server.
    shutdown.cancel();
    server.await.unwrap().unwrap();
    assert!(get(private, "/metrics").await.is_err());
}

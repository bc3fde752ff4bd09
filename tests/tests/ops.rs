//! What operators rely on: probes, metrics, schema and GraphiQL.

use serde_json::{Value, json};
use stockroom_tests::spawn_app;

#[tokio::test]
async fn health_and_readiness_report_their_dependencies() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status().as_u16(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["cache"]["status"], "ok");
    let expected_kind = if stockroom_tests::redis_url().is_some() {
        "redis"
    } else {
        "in-process"
    };
    assert_eq!(body["cache"]["kind"], expected_kind);

    app.stop();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // Stopped: the listener is closed or readiness fails; either way no traffic is taken.
    if let Ok(response) = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
    {
        assert_eq!(response.status().as_u16(), 503);
    }
}

#[tokio::test]
async fn metrics_count_operations_by_root_field_and_show_the_pool() {
    let app = spawn_app().await;
    app.anonymous("query CountMe { __typename }", json!({}))
        .await;
    app.anonymous("query CountMe { __typename }", json!({}))
        .await;
    let text = app.get("/metrics").await.text().await.unwrap();
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("stockroom_graphql_operations_total")
                && l.contains("operation=\"__typename\"")
        })
        .unwrap_or_else(|| panic!("no operation counter in:\n{text}"));
    assert!(line.ends_with(" 2"), "{line}");
    assert!(text.contains("stockroom_graphql_operation_duration_seconds_bucket"));
    assert!(text.contains("stockroom_http_requests_total"));
    assert!(text.contains("stockroom_db_pool_connections{state=\"idle\"}"));
    assert!(text.contains("stockroom_db_pool_max_connections"));
}

#[tokio::test]
async fn graphiql_and_the_schema_are_served() {
    let app = spawn_app().await;
    let page = app.get("/graphql").await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("graphiql")
    );
    let sdl = app.get("/schema.graphql").await.text().await.unwrap();
    for name in [
        "signUp(input: SignUpInput!): AuthPayload!",
        "logIn(",
        "refreshToken(",
        "createOrganization(",
        "me: Me!",
        "organizationUpdated",
    ] {
        assert!(sdl.contains(name), "{name} missing from the schema");
    }
}

#[tokio::test]
async fn responses_carry_a_request_id() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    let id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(id.len(), 36, "a UUID request id: {id:?}");
}

#[tokio::test]
async fn an_in_process_worker_reports_its_job_loops_on_the_probes() {
    let app = stockroom_tests::spawn_app_with(|config| config.worker_in_process = Some(true)).await;
    let mut jobs = Value::Null;
    for _ in 0..50 {
        let body: Value = app.get("/readyz").await.json().await.unwrap();
        jobs = body["worker"]["jobs"].clone();
        let running = jobs
            .as_array()
            .is_some_and(|all| all.iter().all(|job| job["running"] == true));
        if running {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let names: Vec<&str> = jobs
        .as_array()
        .map(|all| all.iter().filter_map(|job| job["job"].as_str()).collect())
        .unwrap_or_default();
    assert!(names.contains(&"deliver_outbox"), "{jobs}");
    assert!(
        jobs.as_array()
            .is_some_and(|all| all.iter().all(|job| job["running"] == true)),
        "{jobs}"
    );
    let live = app.get("/healthz").await;
    assert_eq!(live.status().as_u16(), 200);
    assert_eq!(live.text().await.unwrap(), "ok");

    // A separate worker (the production layout) is not reported by the api.
    let api_only = spawn_app().await;
    let body: Value = api_only.get("/readyz").await.json().await.unwrap();
    assert_eq!(body["worker"], Value::Null);
}

//! Redis gone: a real `redis-server` of the test's own is killed under two api replicas and
//! started again. The api stays ready and serves reads and writes, rate limits are counted
//! in process, live events reach the replica's own subscribers, and events across replicas
//! resume by themselves when Redis is back.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stockroom_tests::{RedisServer, Session, TestApp, WsClient, spawn_app_with};

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

async fn rename(writer: &TestApp, session: &Session, name: &str) {
    let renamed = writer
        .as_user(
            session,
            "mutation($n: String!) { updateOrganization(input: { name: $n }) { name } }",
            json!({ "n": name }),
        )
        .await;
    assert_eq!(
        renamed.data()["updateOrganization"]["name"],
        name,
        "{renamed:?}"
    );
}

/// The next event's organization name within `wait`, if any.
async fn next_name(client: &mut WsClient, wait: Duration) -> Option<String> {
    let event = client.next(wait).await?;
    event["payload"]["data"]["organizationUpdated"]["name"]
        .as_str()
        .map(str::to_owned)
}

async fn readiness(app: &TestApp) -> (u16, Value) {
    let response = app.get("/readyz").await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_api_serves_without_redis_and_live_events_resume_when_it_returns() {
    let Some(mut redis) = RedisServer::start().await else {
        stockroom_tests::skip_missing(
            "redis-server",
            "the test stops and restarts a Redis of its own",
        );
        return;
    };
    let url = redis.url();
    let limited = |config: &mut api::Config| {
        config.platform.redis_url = Some(url.clone());
        config.login_attempts_per_account = 4;
    };
    let app = spawn_app_with(limited).await;
    let replica = app.spawn_replica_with(limited).await;
    let session = app.sign_up("redis-down@example.com", "Before").await;
    let mut client = subscribe(&app, &session).await;
    rename(&replica, &session, "Through Redis").await;
    assert_eq!(
        next_name(&mut client, Duration::from_secs(5))
            .await
            .as_deref(),
        Some("Through Redis"),
        "across replicas through Redis, before the fault"
    );

    redis.kill().await;

    let (status, body) = readiness(&app).await;
    assert_eq!(
        status, 200,
        "a cache outage must not make replicas unready: {body}"
    );
    assert_eq!(body["database"], "ok");
    assert_eq!(body["cache"]["status"], "unavailable", "{body}");

    // Writes and reads are served.
    let location = app.create_location(&session, "Main").await;
    let item = app.create_item(&session, "REDIS-DOWN-1").await;
    let stocked = app.stock_in(&session, &location, &item, "7").await;
    assert!(stocked.errors().is_empty(), "{stocked:?}");
    assert_eq!(replica.level(&session, &item, &location).await, "7");

    // This replica's own subscribers still hear of its changes.
    rename(&app, &session, "While Redis is down").await;
    assert_eq!(
        next_name(&mut client, Duration::from_secs(5))
            .await
            .as_deref(),
        Some("While Redis is down")
    );

    // Log-in attempts are still limited, counted in this process.
    let codes: Vec<String> = {
        let mut codes = Vec::new();
        for _ in 0..5 {
            let attempt = app
                .log_in("redis-down@example.com", "not the password")
                .await;
            codes.push(attempt.error_code().to_owned());
        }
        codes
    };
    assert_eq!(
        codes.last().map(String::as_str),
        Some("RATE_LIMITED"),
        "{codes:?}"
    );
    assert!(
        codes[..4].iter().all(|code| code != "RATE_LIMITED"),
        "{codes:?}"
    );

    redis.restart().await;
    let back = Instant::now();
    let mut resumed = None;
    for attempt in 0..40 {
        let name = format!("Back {attempt}");
        rename(&replica, &session, &name).await;
        // Events of earlier attempts may arrive late; any one through Redis proves it.
        while let Some(seen) = next_name(&mut client, Duration::from_millis(500)).await {
            if seen.starts_with("Back ") {
                resumed = Some(back.elapsed());
                break;
            }
        }
        if resumed.is_some() {
            break;
        }
    }
    let resumed = resumed.expect("events across replicas resume within 20 s of Redis returning");
    eprintln!("live events across replicas resumed {resumed:?} after Redis returned");

    let (status, body) = readiness(&app).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["cache"]["status"], "ok", "{body}");
}

//! Outgoing webhooks end to end: a real HTTP receiver started by the test, the worker's
//! delivery job running as in production, signatures checked with Standard Webhooks'
//! algorithm written out here (HMAC from SHA-256, not the crate the worker signs with).

use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use stockroom_tests::{Session, TestApp, spawn_app, spawn_app_with};
use worker::jobs::Retries;

/// One request as the receiver got it.
#[derive(Clone, Debug)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    body: Value,
    raw: String,
    answered: u16,
}

impl Received {
    fn sequence(&self) -> i64 {
        self.body["sequence"].as_i64().unwrap()
    }
}

#[derive(Default)]
struct Inbox {
    requests: Mutex<Vec<Received>>,
    /// The status answered; 0 means 200.
    status: AtomicU16,
    /// Accept and never answer.
    hang: AtomicBool,
}

/// An HTTP endpoint that records every request and answers as told.
struct Receiver {
    url: String,
    inbox: Arc<Inbox>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receive(State(inbox): State<Arc<Inbox>>, headers: HeaderMap, body: String) -> StatusCode {
    if inbox.hang.load(Ordering::SeqCst) {
        std::future::pending::<()>().await;
    }
    let status = match inbox.status.load(Ordering::SeqCst) {
        0 => 200,
        code => code,
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    inbox
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Received {
            id: header("webhook-id"),
            timestamp: header("webhook-timestamp"),
            signature: header("webhook-signature"),
            body: serde_json::from_str(&body).unwrap_or(Value::Null),
            raw: body,
            answered: status,
        });
    StatusCode::from_u16(status).unwrap()
}

impl Receiver {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Inbox::default());
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(inbox.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            url: format!("http://127.0.0.1:{port}/hook"),
            inbox,
            task,
        }
    }

    fn answer(&self, status: u16) {
        self.inbox.status.store(status, Ordering::SeqCst);
    }

    fn all(&self) -> Vec<Received> {
        self.inbox
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Requests answered with 2xx, in arrival order.
    fn accepted(&self) -> Vec<Received> {
        self.all()
            .into_iter()
            .filter(|r| (200..300).contains(&r.answered))
            .collect()
    }

    async fn wait_for_accepted(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let accepted = self.accepted();
            if accepted.len() >= count {
                return accepted;
            }
            assert!(
                Instant::now() < deadline,
                "{} of {count} requests accepted after {within:?}",
                accepted.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// HMAC-SHA256 (RFC 2104) from SHA-256 itself.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner_pad: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    let outer_pad: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&inner_pad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(&outer_pad)
        .chain_update(inner)
        .finalize()
        .to_vec()
}

/// Standard Webhooks verification: a `v1,` signature of `{id}.{timestamp}.{body}` under the
/// secret's key, and a timestamp within five minutes.
fn verifies(secret: &str, request: &Received) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let signed = format!("{}.{}.{}", request.id, request.timestamp, request.raw);
    let expected = STANDARD.encode(hmac_sha256(&key, signed.as_bytes()));
    let timestamp: i64 = request.timestamp.parse().unwrap();
    let fresh = (chrono::Utc::now().timestamp() - timestamp).abs() < 300;
    fresh
        && request
            .signature
            .split(' ')
            .any(|s| s.strip_prefix("v1,") == Some(expected.as_str()))
}

/// An app that runs its worker in-process (as the embedded default does; on SQLite that is
/// also the only way to share its one connection), polling every 100 ms, whose webhooks may
/// go to this machine over http when `private` says so.
async fn webhook_app_with(private: bool, retries: Retries) -> TestApp {
    spawn_app_with(|config| {
        config.worker_in_process = Some(true);
        config.jobs.outbox_poll_interval = Duration::from_millis(100);
        config.jobs.webhook_allow_http = true;
        config.jobs.webhook_allow_private_addresses = private;
        config.jobs.webhook_retry_for = retries.retry_for;
        config.jobs.webhook_retry_max_interval = retries.max_interval;
    })
    .await
}

async fn webhook_app() -> TestApp {
    webhook_app_with(true, QUICK_RETRIES).await
}

const QUICK_RETRIES: Retries = Retries {
    retry_for: Duration::from_secs(3600),
    max_interval: Duration::from_secs(1),
};

const ENDPOINT_FIELDS: &str = "id url events enabled disabledReason deliveredThroughSequence";

async fn create_endpoint(
    app: &TestApp,
    s: &Session,
    url: &str,
    events: &[&str],
) -> (String, String) {
    let created = app
        .ok(
            s,
            &format!(
                "mutation($i: CreateWebhookEndpointInput!) {{ createWebhookEndpoint(input: $i) {{ secret endpoint {{ {ENDPOINT_FIELDS} }} }} }}"
            ),
            json!({ "i": { "url": url, "events": events, "description": "test receiver" } }),
            "createWebhookEndpoint",
        )
        .await;
    (
        created["endpoint"]["id"].as_str().unwrap().to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

async fn endpoint(app: &TestApp, s: &Session, id: &str) -> Value {
    app.ok(
        s,
        &format!("query($id: ID!) {{ webhookEndpoint(id: $id) {{ {ENDPOINT_FIELDS} }} }}"),
        json!({ "id": id }),
        "webhookEndpoint",
    )
    .await
}

async fn deliveries(app: &TestApp, s: &Session, endpoint: &str, status: Option<&str>) -> Value {
    app.ok(
        s,
        "query($e: ID!, $f: WebhookDeliveryFilterInput) { webhookDeliveries(endpointId: $e, first: 200, filter: $f) { totalCount nodes { id eventId sequence attempt status statusCode error redelivery latencyMs } } }",
        json!({ "e": endpoint, "f": status.map(|s| json!({ "status": s })) }),
        "webhookDeliveries",
    )
    .await
}

/// The delivery log once it holds `count` entries (of `status`): the worker records a
/// delivery after its receiver has answered, so a receiver can see a request first.
async fn deliveries_when(
    app: &TestApp,
    s: &Session,
    endpoint: &str,
    status: Option<&str>,
    count: u64,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let log = deliveries(app, s, endpoint, status).await;
        if log["totalCount"].as_u64() >= Some(count) || Instant::now() > deadline {
            return log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The `quantity` each STOCK_CHANGED request carried, in order.
fn quantities(requests: &[Received]) -> Vec<String> {
    requests
        .iter()
        .map(|r| r.body["data"]["quantity"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_in_sequence(requests: &[Received]) {
    let sequences: Vec<i64> = requests.iter().map(Received::sequence).collect();
    assert!(
        sequences.windows(2).all(|w| w[0] < w[1]),
        "accepted out of order: {sequences:?}"
    );
}

#[tokio::test]
async fn events_arrive_in_commit_order_signed_survive_a_failing_receiver_and_a_dead_endpoint_holds_back_only_itself()
 {
    let app = webhook_app().await;
    let s = app.new_user("Hooks").await;
    let location = app.create_location(&s, "Main").await;
    let item = app.create_item(&s, "HOOK-1").await;
    let healthy = Receiver::start().await;
    let dead = Receiver::start().await;
    dead.inbox.hang.store(true, Ordering::SeqCst);
    let (healthy_id, secret) = create_endpoint(&app, &s, &healthy.url, &["STOCK_CHANGED"]).await;
    let (dead_id, _) = create_endpoint(&app, &s, &dead.url, &["STOCK_CHANGED"]).await;

    // 100 stock-ins of one unit from 4 clients at once: each level change is an event, and
    // its quantity says where it falls in commit order.
    let app = Arc::new(app);
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (app, s, location, item) = (app.clone(), s.clone(), location.clone(), item.clone());
        clients.spawn(async move {
            for _ in 0..25 {
                app.stock_in(&s, &location, &item, "1").await.data();
            }
        });
    }
    while let Some(done) = clients.join_next().await {
        done.unwrap();
    }
    let accepted = healthy
        .wait_for_accepted(100, Duration::from_secs(30))
        .await;
    assert_eq!(accepted.len(), 100, "each event once while nothing failed");
    assert_in_sequence(&accepted);
    let expected: Vec<String> = (1..=100).map(|n| n.to_string()).collect();
    assert_eq!(
        quantities(&accepted),
        expected,
        "sequence order is commit order"
    );
    for request in &accepted {
        assert!(verifies(&secret, request), "a valid signature: {request:?}");
        assert_eq!(request.body["type"], "STOCK_CHANGED");
        assert_eq!(request.body["organizationId"], s.org_id.as_str());
        assert_eq!(
            request.body["id"],
            request.id.as_str(),
            "webhook-id is the event's id"
        );
        assert_eq!(request.body["data"]["itemId"], item.as_str());
        assert!(request.body["occurredAt"].as_str().is_some());
    }
    // The dead endpoint held only its own queue.
    let stuck = endpoint(&app, &s, &dead_id).await;
    assert!(
        stuck["deliveredThroughSequence"].as_i64().unwrap() < accepted[0].sequence(),
        "{stuck}"
    );
    assert!(dead.all().is_empty());

    // The receiver fails for a minute while 50 more events are recorded.
    healthy.answer(500);
    let failing_from = Instant::now();
    for _ in 0..50 {
        app.stock_out(&s, &location, &item, "1").await.data();
    }
    tokio::time::sleep(Duration::from_secs(60).saturating_sub(failing_from.elapsed())).await;
    healthy.answer(200);
    let accepted = healthy
        .wait_for_accepted(150, Duration::from_secs(30))
        .await;
    assert_in_sequence(&accepted);
    let expected: Vec<String> = (1..=100)
        .chain((50..100).rev())
        .map(|n| n.to_string())
        .collect();
    assert_eq!(quantities(&accepted), expected, "nothing lost, order kept");
    let refused = healthy.all().len() - accepted.len();
    assert!(
        refused > 5,
        "the failing minute was retried ({refused} refused requests)"
    );
    let failed = deliveries(&app, &s, &healthy_id, Some("FAILED")).await;
    assert_eq!(failed["totalCount"].as_u64().unwrap() as usize, refused);
    assert!(
        failed["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["statusCode"] == 500 && d["error"].as_str().unwrap().contains("500")),
        "{failed}"
    );
    let healthy_state = endpoint(&app, &s, &healthy_id).await;
    assert_eq!(
        healthy_state["deliveredThroughSequence"].as_i64().unwrap(),
        accepted.last().unwrap().sequence()
    );
}

#[tokio::test]
async fn during_a_rotation_requests_verify_with_either_secret() {
    let app = webhook_app().await;
    let s = app.new_user("Rotating").await;
    let location = app.create_location(&s, "Main").await;
    let item = app.create_item(&s, "ROT-1").await;
    let receiver = Receiver::start().await;
    let (id, old_secret) = create_endpoint(&app, &s, &receiver.url, &["STOCK_CHANGED"]).await;
    app.stock_in(&s, &location, &item, "1").await.data();
    let before = receiver.wait_for_accepted(1, Duration::from_secs(20)).await;
    assert_eq!(before[0].signature.split(' ').count(), 1);
    assert!(verifies(&old_secret, &before[0]));

    let rotated = app
        .ok(
            &s,
            "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { previousSecretExpiresAt } } }",
            json!({ "id": id }),
            "rotateWebhookSecret",
        )
        .await;
    let new_secret = rotated["secret"].as_str().unwrap();
    assert_ne!(new_secret, old_secret);
    assert!(rotated["endpoint"]["previousSecretExpiresAt"].is_string());
    app.stock_in(&s, &location, &item, "1").await.data();
    let after = receiver.wait_for_accepted(2, Duration::from_secs(20)).await;
    let during = &after[1];
    assert_eq!(
        during.signature.split(' ').count(),
        2,
        "{}",
        during.signature
    );
    assert!(
        verifies(&old_secret, during),
        "a receiver still on the old secret"
    );
    assert!(verifies(new_secret, during), "a receiver on the new secret");
    assert!(!verifies(
        "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        during
    ));
}

#[tokio::test]
async fn another_organization_never_receives_or_sees_this_ones_events_or_deliveries() {
    let app = webhook_app().await;
    let a = app.new_user("Tenant A").await;
    let b = app.new_user("Tenant B").await;
    let a_receiver = Receiver::start().await;
    let b_receiver = Receiver::start().await;
    let (a_endpoint, _) = create_endpoint(&app, &a, &a_receiver.url, &["ITEM_CREATED"]).await;
    let (b_endpoint, _) = create_endpoint(&app, &b, &b_receiver.url, &["ITEM_CREATED"]).await;
    let item = app.create_item(&a, "A-ONLY").await;
    let got = a_receiver
        .wait_for_accepted(1, Duration::from_secs(20))
        .await;
    assert_eq!(got[0].body["data"]["id"], item.as_str());
    assert_eq!(got[0].body["organizationId"], a.org_id.as_str());
    let b_item = app.create_item(&b, "B-ONLY").await;
    let b_got = b_receiver
        .wait_for_accepted(1, Duration::from_secs(20))
        .await;
    assert_eq!(b_got.len(), 1);
    assert_eq!(
        b_got[0].body["data"]["id"],
        b_item.as_str(),
        "only its own event"
    );
    assert_eq!(a_receiver.all().len(), 1, "A's receiver got nothing of B");

    let listed = app
        .ok(
            &b,
            "{ webhookEndpoints { id } }",
            json!({}),
            "webhookEndpoints",
        )
        .await;
    assert_eq!(listed, json!([{ "id": b_endpoint }]));
    let a_delivery = deliveries_when(&app, &a, &a_endpoint, None, 1).await["nodes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (query, variables) in [
        (
            "query($e: ID!) { webhookDeliveries(endpointId: $e) { totalCount } }",
            json!({ "e": a_endpoint }),
        ),
        (
            "query($e: ID!) { webhookEndpoint(id: $e) { id } }",
            json!({ "e": a_endpoint }),
        ),
        (
            "mutation($d: ID!) { redeliverWebhookEvent(deliveryId: $d) { id } }",
            json!({ "d": a_delivery }),
        ),
        (
            "mutation($e: ID!) { replayWebhookEvents(endpointId: $e, fromSequence: 1) { id } }",
            json!({ "e": a_endpoint }),
        ),
        (
            "mutation($e: ID!) { deleteWebhookEndpoint(id: $e) { id } }",
            json!({ "e": a_endpoint }),
        ),
    ] {
        let answer = app.as_user(&b, query, variables).await;
        assert_eq!(
            answer.error_code(),
            "NOT_FOUND",
            "{query}: {:?}",
            answer.body
        );
    }
    assert_eq!(endpoint(&app, &a, &a_endpoint).await["enabled"], true);
}

#[tokio::test]
async fn urls_to_internal_addresses_are_refused_unless_configured_at_creation_and_at_delivery() {
    let strict = spawn_app().await;
    let s = strict.new_user("Strict").await;
    for (url, says) in [
        ("http://hooks.example.com/in", "https"),
        ("https://127.0.0.1/in", "127.0.0.1"),
        ("https://10.20.30.40/in", "10.20.30.40"),
        ("https://[::1]/in", "::1"),
        ("https://169.254.169.254/latest", "169.254.169.254"),
        ("https://localhost:8443/in", "localhost"),
        ("not a url", "URL"),
    ] {
        let answer = strict
            .as_user(
                &s,
                "mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret } }",
                json!({ "i": { "url": url, "events": ["ITEM_CREATED"] } }),
            )
            .await;
        assert_eq!(
            answer.error_code(),
            "BAD_USER_INPUT",
            "{url}: {:?}",
            answer.body
        );
        assert_eq!(answer.errors()[0]["extensions"]["field"], "url");
        assert!(
            answer.error_message().contains(says),
            "{url}: {}",
            answer.error_message()
        );
    }
    let listed = strict
        .ok(
            &s,
            "{ webhookEndpoints { id } }",
            json!({}),
            "webhookEndpoints",
        )
        .await;
    assert_eq!(listed, json!([]), "nothing was written");

    // A name that resolves inside once saved (DNS rebinding) is refused when it is called.
    let app = webhook_app_with(false, QUICK_RETRIES).await;
    let s = app.new_user("Rebinding").await;
    let receiver = Receiver::start().await;
    let (id, _) = create_endpoint(&app, &s, "http://93.184.216.34/hook", &["ITEM_CREATED"]).await;
    let rebound = receiver.url.replace("127.0.0.1", "localhost");
    crate::fixtures::as_outbox_worker(
        &app,
        // This test's database has this one endpoint.
        &format!("UPDATE webhook_endpoints SET url = '{rebound}'"),
    )
    .await;
    app.create_item(&s, "NEVER-SENT").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let failed = loop {
        let failed = deliveries(&app, &s, &id, Some("FAILED")).await;
        if failed["totalCount"].as_u64().unwrap() > 0 {
            break failed;
        }
        assert!(Instant::now() < deadline, "no attempt was logged");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let error = failed["nodes"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("localhost resolves to a private, loopback or reserved address"),
        "{error}"
    );
    assert!(failed["nodes"][0]["statusCode"].is_null());
    assert!(receiver.all().is_empty(), "nothing reached the receiver");
}

#[tokio::test]
async fn an_endpoint_failing_past_its_retry_window_is_disabled_its_admins_emailed_and_resumes_when_enabled()
 {
    let retries = Retries {
        retry_for: Duration::from_secs(2),
        max_interval: Duration::from_millis(500),
    };
    let app = webhook_app_with(true, retries).await;
    let s = app.new_user("Failing").await;
    let receiver = Receiver::start().await;
    receiver.answer(503);
    let (id, _) = create_endpoint(&app, &s, &receiver.url, &["ITEM_CREATED", "ITEM_UPDATED"]).await;
    let first = app.create_item(&s, "DOWN-1").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let disabled = loop {
        let state = endpoint(&app, &s, &id).await;
        if state["enabled"] == false {
            break state;
        }
        assert!(Instant::now() < deadline, "never disabled: {state}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        disabled["disabledReason"].as_str().unwrap().contains("503"),
        "{disabled}"
    );
    // The in-process worker's outbox job writes mail to the app's folder (no SMTP here).
    let deadline = Instant::now() + Duration::from_secs(20);
    let mail = loop {
        let found = std::fs::read_dir(app.mail_dir.path())
            .unwrap()
            .filter_map(|entry| std::fs::read_to_string(entry.unwrap().path()).ok())
            .find(|m| m.contains("was disabled"));
        if let Some(mail) = found {
            break mail;
        }
        assert!(Instant::now() < deadline, "the admins were not e-mailed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(mail.contains(&s.email), "to the owner");
    assert!(mail.contains(&receiver.url));

    // Events recorded while it is disabled wait; enabled, it resumes from where it stopped.
    let second = app.create_item(&s, "DOWN-2").await;
    receiver.answer(200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        receiver.accepted().is_empty(),
        "a disabled endpoint is sent nothing"
    );
    app.ok(
        &s,
        "mutation($id: ID!) { enableWebhookEndpoint(id: $id) { enabled } }",
        json!({ "id": id }),
        "enableWebhookEndpoint",
    )
    .await;
    let accepted = receiver.wait_for_accepted(2, Duration::from_secs(20)).await;
    let ids: Vec<&str> = accepted
        .iter()
        .map(|r| r.body["data"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
}

#[tokio::test]
async fn a_redelivery_and_a_replay_send_events_again() {
    let app = webhook_app().await;
    let s = app.new_user("Again").await;
    let receiver = Receiver::start().await;
    let (id, secret) = create_endpoint(&app, &s, &receiver.url, &["ITEM_CREATED"]).await;
    for n in 0..3 {
        app.create_item(&s, &format!("AGAIN-{n}")).await;
    }
    let first_round = receiver.wait_for_accepted(3, Duration::from_secs(20)).await;
    let log = deliveries_when(&app, &s, &id, None, 3).await;
    assert_eq!(log["totalCount"], 3);
    // Newest first: the last of the three.
    let last = &log["nodes"][0];
    let redelivered = app
        .ok(
            &s,
            "mutation($d: ID!) { redeliverWebhookEvent(deliveryId: $d) { status redelivery attempt eventId } }",
            json!({ "d": last["id"] }),
            "redeliverWebhookEvent",
        )
        .await;
    assert_eq!(redelivered["status"], "PENDING");
    assert_eq!(redelivered["redelivery"], true);
    assert_eq!(redelivered["attempt"], 2);
    let again = receiver.wait_for_accepted(4, Duration::from_secs(20)).await;
    assert_eq!(again[3].id, first_round[2].id, "the same webhook-id");
    assert!(verifies(&secret, &again[3]));
    let succeeded = deliveries_when(&app, &s, &id, Some("SUCCEEDED"), 4).await;
    assert_eq!(succeeded["totalCount"], 4);
    assert_eq!(succeeded["nodes"][0]["redelivery"], true);

    let from = first_round[0].sequence();
    app.ok(
        &s,
        "mutation($e: ID!, $from: Int!) { replayWebhookEvents(endpointId: $e, fromSequence: $from) { deliveredThroughSequence } }",
        json!({ "e": id, "from": from }),
        "replayWebhookEvents",
    )
    .await;
    let replayed = receiver.wait_for_accepted(7, Duration::from_secs(20)).await;
    let ids: Vec<&str> = replayed[4..].iter().map(|r| r.id.as_str()).collect();
    let originals: Vec<&str> = first_round.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, originals, "all three again, in order");
    let refused = app
        .as_user(
            &s,
            "mutation($e: ID!) { replayWebhookEvents(endpointId: $e, fromSequence: 0) { id } }",
            json!({ "e": id }),
        )
        .await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT");
}

//! Traces over OTLP: the real `api` binary, pointed at a receiver in this test, sends a
//! mutation's trace: the request span (continuing the caller's W3C trace), the resolver's
//! span, the domain function's span under it, and a span per SQL statement under that.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message as _;

type Received = Arc<Mutex<Vec<Span>>>;

/// An OTLP/HTTP trace receiver on a free port, keeping every span it is sent.
async fn receiver() -> (String, Received) {
    let spans = Received::default();
    let app = axum::Router::new()
        .route(
            "/v1/traces",
            post(|State(spans): State<Received>, body: Bytes| async move {
                let request = ExportTraceServiceRequest::decode(body).expect("OTLP protobuf");
                let mut kept = spans.lock().unwrap();
                for resource in request.resource_spans {
                    for scope in resource.scope_spans {
                        kept.extend(scope.spans);
                    }
                }
                ""
            }),
        )
        .with_state(spans.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, spans)
}

fn attribute(span: &Span, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref()?.value.as_ref())
        .map(|value| match value {
            AnyValue::StringValue(text) => text.clone(),
            other => format!("{other:?}"),
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_mutation_sends_its_trace_with_its_database_spans() {
    let (endpoint, spans) = receiver().await;
    let dir = tempfile::tempdir().unwrap();
    let port = support::free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_api"))
        .current_dir(dir.path())
        .env_clear()
        .env("RUST_LOG", "info")
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint)
        .env("OTEL_BSP_SCHEDULE_DELAY", "100")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = support::client();
    assert!(
        support::became_ready(&client, &base).await,
        "the api did not become ready"
    );

    // The caller's trace: the api's spans must join it.
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let response = client
        .post(format!("{base}/graphql"))
        .header("traceparent", format!("00-{trace_id}-00f067aa0ba902b7-01"))
        .json(&serde_json::json!({ "query": r#"mutation { signUp(input: { email: "trace@example.com", password: "correct horse battery staple", name: "T", organizationName: "Traced" }) { accessToken } }"# }))
        .send()
        .await
        .unwrap();
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["data"]["signUp"]["accessToken"].is_string(), "{body}");

    // Spans are batched: wait for the request's to arrive.
    let mut trace: Vec<Span> = Vec::new();
    for _ in 0..100 {
        trace = spans
            .lock()
            .unwrap()
            .iter()
            .filter(|span| hex(&span.trace_id) == trace_id)
            .cloned()
            .collect();
        let has_statements = trace
            .iter()
            .any(|s| attribute(s, "db.query.text").is_some());
        if has_statements && trace.iter().any(|s| s.name == "sign_up") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();

    let request = trace
        .iter()
        .find(|s| s.name == "request")
        .unwrap_or_else(|| panic!("no request span in {trace:#?}"));
    assert_eq!(hex(&request.parent_span_id), "00f067aa0ba902b7");
    assert_eq!(
        attribute(request, "request_id").as_deref(),
        Some(request_id.as_str())
    );
    let sign_up = trace
        .iter()
        .find(|s| s.name == "sign_up")
        .expect("the domain function's span");
    let ancestors = |span: &Span| {
        let mut chain = Vec::new();
        let mut parent = span.parent_span_id.clone();
        while let Some(next) = trace.iter().find(|s| s.span_id == parent) {
            chain.push(next.name.clone());
            parent = next.parent_span_id.clone();
        }
        chain
    };
    // request → the mutation's resolver → the domain function → its statements.
    assert_eq!(
        ancestors(sign_up).first().map(String::as_str),
        Some("Mutation.signUp"),
        "{trace:#?}"
    );
    assert!(
        ancestors(sign_up).contains(&"request".to_owned()),
        "{trace:#?}"
    );
    let statements: Vec<&Span> = trace
        .iter()
        .filter(|s| attribute(s, "db.query.text").is_some())
        .collect();
    assert!(
        statements
            .iter()
            .any(|s| s.name == "INSERT" && ancestors(s).contains(&"sign_up".to_owned())),
        "an INSERT under sign_up: {statements:#?}"
    );
    for statement in &statements {
        assert!(statement.end_time_unix_nano >= statement.start_time_unix_nano);
    }
}

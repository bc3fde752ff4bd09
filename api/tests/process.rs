//! The `api` process as an operator sees it: start-up failures name the setting at fault,
//! and SIGTERM drains in-flight requests before a clean exit. These run the real binary,
//! since configuration comes from the process environment and signals go to a process.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Output};

fn run_api(env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_api"));
    command
        .current_dir(dir.path())
        .env_clear()
        .env("RUST_LOG", "error");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the api binary runs")
}

fn assert_fails_naming(output: &Output, variable: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "start-up should fail; stderr: {stderr}"
    );
    assert!(
        stderr.contains(variable),
        "the message should name {variable}: {stderr}"
    );
}

#[test]
fn a_malformed_bind_addr_stops_start_up() {
    assert_fails_naming(&run_api(&[("BIND_ADDR", "not-an-address")]), "BIND_ADDR");
}

#[test]
fn a_bind_addr_in_use_stops_start_up() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    assert_fails_naming(&run_api(&[("BIND_ADDR", &addr)]), "BIND_ADDR");
}

#[test]
fn an_unsupported_database_url_stops_start_up() {
    assert_fails_naming(
        &run_api(&[("DATABASE_URL", "mysql://localhost/stockroom")]),
        "DATABASE_URL",
    );
}

#[test]
fn an_unreachable_database_stops_start_up() {
    let output = run_api(&[
        ("DATABASE_URL", "postgres://nobody@127.0.0.1:1/stockroom"),
        ("JWT_SECRET", &"k".repeat(40)),
    ]);
    assert_fails_naming(&output, "DATABASE_URL");
}

#[test]
fn other_bad_values_name_their_variable() {
    for (variable, value) in [
        ("REDIS_URL", "http://not-redis"),
        ("LOG_FORMAT", "xml"),
        ("JWT_SECRET", "short"),
        ("APP_URL", "ftp://x"),
    ] {
        assert_fails_naming(&run_api(&[(variable, value)]), variable);
    }
}

#[test]
fn half_or_malformed_billing_configuration_stops_start_up() {
    let key = ("STRIPE_SECRET_KEY", "sk_test_x");
    let hook = ("STRIPE_WEBHOOK_SECRET", "whsec_x");
    assert_fails_naming(&run_api(&[key]), "STRIPE_WEBHOOK_SECRET");
    assert_fails_naming(&run_api(&[hook]), "STRIPE_SECRET_KEY");
    assert_fails_naming(
        &run_api(&[key, hook, ("BILLING_PLANS", "[{\"id\": 1}]")]),
        "BILLING_PLANS",
    );
    let no_price = r#"[{"id": "pro", "name": "Pro", "limits": {}}]"#;
    assert_fails_naming(
        &run_api(&[key, hook, ("BILLING_PLANS", no_price)]),
        "BILLING_PLANS",
    );
}

/// A running `api` process on a free port with its own SQLite file.
struct RunningApi {
    child: std::process::Child,
    base: String,
    _dir: tempfile::TempDir,
}

async fn start_api() -> RunningApi {
    let dir = tempfile::tempdir().unwrap();
    let port = support::free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_api"))
        .current_dir(dir.path())
        .env_clear()
        .env("RUST_LOG", "warn")
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    if support::became_ready(&support::client(), &base).await {
        return RunningApi {
            child,
            base,
            _dir: dir,
        };
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the api did not become ready");
}

impl Drop for RunningApi {
    fn drop(&mut self) {
        // Only matters when a test failed before the process exited.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sigterm(child: &std::process::Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits up to `limit` for the process to exit.
fn wait_for_exit(
    child: &mut std::process::Child,
    limit: std::time::Duration,
) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "did not exit within {limit:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[tokio::test]
async fn sigterm_lets_in_flight_requests_finish_then_exits_cleanly() {
    let mut api = start_api().await;
    let client = support::client();
    let sign_ups: Vec<_> = (0..20)
        .map(|i| {
            let request = client.post(format!("{}/graphql", api.base)).json(&serde_json::json!({
                "query": "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
                "variables": { "i": { "email": format!("u{i}@example.com"), "password": "correct horse battery staple", "name": "U", "organizationName": "O" } }
            }));
            tokio::spawn(async move { request.send().await?.json::<serde_json::Value>().await })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    sigterm(&api.child);

    for sign_up in sign_ups {
        let body = sign_up
            .await
            .unwrap()
            .expect("an in-flight request gets its answer");
        assert!(body["data"]["signUp"]["accessToken"].is_string(), "{body}");
    }
    let status = wait_for_exit(&mut api.child, std::time::Duration::from_secs(10));
    assert!(status.success(), "exit status {status}");
    assert!(
        client
            .get(format!("{}/healthz", api.base))
            .send()
            .await
            .is_err(),
        "no longer listening"
    );
}

//! Start-up failures name the setting at fault. These run the real `api` binary, since
//! configuration comes from the process environment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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

//! Tests that need something this run may not have (PostgreSQL, a `redis-server` binary) say
//! so here, so a missing backend is never a silent pass.
//!
//! Without the requirement a test is skipped with a visible line on stderr
//! (`SKIPPED (needs PostgreSQL): <test>: <reason>`), also appended to the file named by
//! `STOCKROOM_TEST_SKIPS` when set, so `.ci/run` can count the skips in its summary.
//! In CI (`CI=true`) a missing requirement fails the test instead, unless the run declared
//! the backend it chose: `STOCKROOM_TEST_BACKEND=sqlite` is a deliberate SQLite pass, on which
//! PostgreSQL-only tests are skipped.

use std::io::Write as _;

/// The reason concurrency tests give for needing PostgreSQL.
pub const SERIAL_ON_SQLITE: &str =
    "SQLite has one connection, so concurrent requests run one after another and prove nothing";

/// Whether the run is PostgreSQL-backed (`DATABASE_URL=postgres://…`).
pub fn postgres_configured() -> bool {
    std::env::var("DATABASE_URL").is_ok_and(|url| url.starts_with("postgres"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn sqlite_declared() -> bool {
    std::env::var("STOCKROOM_TEST_BACKEND").is_ok_and(|v| v.eq_ignore_ascii_case("sqlite"))
}

/// The running test's name (libtest names each test's thread after it).
fn current_test() -> String {
    std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .unwrap_or("<unnamed test>")
        .to_owned()
}

fn record_skip(needs: &str, reason: &str) {
    let line = format!("SKIPPED (needs {needs}): {}: {reason}", current_test());
    eprintln!("{line}");
    if let Some(path) = std::env::var_os("STOCKROOM_TEST_SKIPS") {
        // One short appended line per skip: appends of this size do not interleave.
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(format!("{line}\n").as_bytes()));
        if let Err(error) = appended {
            eprintln!(
                "could not record the skip in {}: {error}",
                path.to_string_lossy()
            );
        }
    }
}

/// True when the test must stop here because the run has no PostgreSQL: call it first and
/// `return` on true. `reason` says why SQLite cannot answer the question the test asks.
///
/// # Panics
/// In CI (`CI=true`) without PostgreSQL, unless the run declared `STOCKROOM_TEST_BACKEND=sqlite`.
pub fn skip_without_postgres(reason: &str) -> bool {
    if postgres_configured() {
        return false;
    }
    assert!(
        !in_ci() || sqlite_declared(),
        "{} needs PostgreSQL ({reason}) and CI=true, but DATABASE_URL is not a postgres:// URL; \
         set it, or declare a deliberate SQLite run with STOCKROOM_TEST_BACKEND=sqlite",
        current_test()
    );
    record_skip("PostgreSQL", reason);
    true
}

/// Records that a test cannot run because `what` is missing (a binary, a server), then
/// returns so the caller can `return`.
///
/// # Panics
/// In CI (`CI=true`), where everything a test needs must be there.
pub fn skip_missing(what: &str, reason: &str) {
    assert!(
        !in_ci(),
        "{} needs {what} ({reason}) and CI=true, but it is missing",
        current_test()
    );
    record_skip(what, reason);
}

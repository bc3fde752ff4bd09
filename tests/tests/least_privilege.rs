//! Least privilege: on PostgreSQL the app role can add history but never rewrite it (ledger,
//! audit log) nor touch the migration bookkeeping, while deleting an organization still
//! removes all of it. Embedded files holding data or tokens are private to their owner.

use sea_orm::{ConnectionTrait as _, DbBackend, Statement, TransactionTrait as _};
use serde_json::json;
use stockroom_tests::spawn_app;

/// Rows of `table` belonging to `org`, counted by the schema owner inside the tenant.
async fn count_rows(owner: &sea_orm::DatabaseConnection, table: &str, org: &str) -> i64 {
    let txn = owner.begin().await.unwrap();
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('app.organization_id', $1, true)",
        [org.into()],
    ))
    .await
    .unwrap();
    let row = txn
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT COUNT(*) AS n FROM {table} WHERE organization_id = '{org}'"),
        ))
        .await
        .unwrap()
        .unwrap();
    txn.commit().await.unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

#[tokio::test]
async fn the_app_role_cannot_rewrite_history_but_organizations_still_delete() {
    if stockroom_tests::skip_without_postgres("database roles are a PostgreSQL matter") {
        return;
    }
    let app = spawn_app().await;
    let s = app.sign_up("owner@history.example", "History Ltd").await;
    let location = app.create_location(&s, "Main").await;
    let item = app.create_item(&s, "H-1").await;
    app.stock_in(&s, &location, &item, "5").await.data();
    app.stock_out(&s, &location, &item, "2").await.data();

    let as_app = app.database.as_app_role().await;
    for statement in [
        "UPDATE stock_transactions SET note = 'rewritten'",
        "DELETE FROM stock_transactions",
        "UPDATE stock_movements SET quantity = 0",
        "DELETE FROM stock_movements",
        "UPDATE audit_log SET action = 'nothing'",
        "DELETE FROM audit_log",
        "TRUNCATE stock_transactions CASCADE",
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m99999999_forged', 0)",
        "UPDATE seaql_migrations SET applied_at = 0",
        "DELETE FROM seaql_migrations",
    ] {
        let txn = as_app.begin().await.unwrap();
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT set_config('app.organization_id', $1, true)",
            [s.org_id.clone().into()],
        ))
        .await
        .unwrap();
        let error = txn
            .execute_unprepared(statement)
            .await
            .expect_err(statement)
            .to_string();
        assert!(error.contains("permission denied"), "{statement}: {error}");
        txn.rollback().await.unwrap();
    }
    // Reading what it wrote still works, and so does the ledger.
    assert_eq!(app.transaction_count(&s, None).await, 2);
    as_app
        .execute_unprepared("SELECT COUNT(*) FROM seaql_migrations")
        .await
        .unwrap();

    let owner = app.database.owner().await;
    for table in ["stock_transactions", "stock_movements", "audit_log"] {
        assert!(count_rows(&owner, table, &s.org_id).await > 0, "{table}");
    }
    app.ok(
        &s,
        "mutation($n: String!) { deleteOrganization(confirmName: $n) }",
        json!({ "n": "History Ltd" }),
        "deleteOrganization",
    )
    .await;
    for table in [
        "stock_transactions",
        "stock_movements",
        "audit_log",
        "items",
    ] {
        assert_eq!(count_rows(&owner, table, &s.org_id).await, 0, "{table}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn embedded_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    use worker::Job as _;

    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let app = spawn_app().await;
    app.sign_up("private@files.example", "Private Ltd").await;

    if !app.database.is_postgres() {
        let file = app
            .database
            .app_url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        let file = std::path::PathBuf::from(file);
        assert_eq!(mode(&file), 0o600, "{}", file.display());
        for suffix in ["-wal", "-shm"] {
            let side = std::path::PathBuf::from(format!("{}{suffix}", file.display()));
            if side.exists() {
                assert_eq!(mode(&side), 0o600, "{}", side.display());
            }
        }
    }

    // The verification e-mail, written as an .eml file (the embedded mail transport).
    let mailer =
        platform::mail::Mailer::new(None, app.mail_dir.path(), "Stockroom <w@example.com>")
            .unwrap();
    let job = worker::jobs::DeliverOutbox::new(
        app.database.as_app_role().await,
        std::sync::Arc::new(mailer),
        app.bus.clone(),
        "https://app.example.com",
    );
    job.try_run_once().await.unwrap();
    let emails: Vec<_> = std::fs::read_dir(app.mail_dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert!(!emails.is_empty(), "an .eml file was written");
    for email in emails {
        assert_eq!(mode(&email), 0o600, "{}", email.display());
        let text = std::fs::read_to_string(&email).unwrap();
        assert!(text.contains("private@files.example"));
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_sqlite_file_made_readable_to_others_is_made_private_when_opened() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("older.db");
    std::fs::write(&file, b"").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let db = entity::db::connect(&url, 1).await.unwrap();
    db.close().await.unwrap();
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

//! Kinds are stored as text and read as typed enums: a value the code does not know (written
//! by a newer version, or by hand) is an error the client sees coded and the log records,
//! never silently read as another kind.

use serde_json::json;
use stockroom_tests::spawn_app;

use crate::fixtures::as_owner_in;

#[tokio::test]
async fn an_unknown_partner_kind_is_an_error_not_another_kind() {
    // The CHECK constraints keep unknown kinds out; only PostgreSQL lets the test drop one.
    if stockroom_tests::skip_without_postgres(
        "the test drops a CHECK constraint to store a kind the code does not know",
    ) {
        return;
    }
    let app = spawn_app().await;
    let session = app.sign_up("kinds@example.com", "Kinds").await;
    app.create_partner(&session, "Known Supplier", "SUPPLIER")
        .await;
    let partners = "{ partners { name kind } }";
    let listed = app.as_user(&session, partners, json!({})).await;
    assert_eq!(listed.data()["partners"][0]["kind"], "SUPPLIER");

    as_owner_in(
        &app,
        &session.org_id,
        &format!(
            "ALTER TABLE partners DROP CONSTRAINT partners_kind_check;
             UPDATE partners SET kind = 'vendor' WHERE organization_id = '{}'",
            session.org_id
        ),
    )
    .await;
    let listed = app.as_user(&session, partners, json!({})).await;
    assert_eq!(listed.error_code(), "INTERNAL", "{listed:?}");
    assert!(
        listed.body["data"].is_null() || listed.body["data"]["partners"].is_null(),
        "no partner is shown as some other kind: {listed:?}"
    );
}

#[tokio::test]
async fn an_unknown_transaction_kind_is_an_error_not_a_void() {
    if stockroom_tests::skip_without_postgres(
        "the test drops a CHECK constraint to store a kind the code does not know",
    ) {
        return;
    }
    let app = spawn_app().await;
    let session = app
        .sign_up("ledger-kinds@example.com", "Ledger Kinds")
        .await;
    let location = app.create_location(&session, "Main").await;
    let item = app.create_item(&session, "KIND-1").await;
    let stocked = app.stock_in(&session, &location, &item, "3").await;
    assert!(stocked.errors().is_empty(), "{stocked:?}");
    let history = "{ stockTransactions(first: 10) { nodes { kind } } }";
    let listed = app.as_user(&session, history, json!({})).await;
    assert_eq!(listed.data()["stockTransactions"]["nodes"][0]["kind"], "IN");

    // History is append-only (a trigger refuses updates); the owner lifts it for the test.
    as_owner_in(
        &app,
        &session.org_id,
        "ALTER TABLE stock_transactions DROP CONSTRAINT stock_transactions_kind_check;
         ALTER TABLE stock_transactions DISABLE TRIGGER USER;
         UPDATE stock_transactions SET kind = 'transfer';
         ALTER TABLE stock_transactions ENABLE TRIGGER USER",
    )
    .await;
    let listed = app.as_user(&session, history, json!({})).await;
    assert_eq!(listed.error_code(), "INTERNAL", "{listed:?}");
}

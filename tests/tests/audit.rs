//! The audit log: every change of tenant data says who (user or API key), what, when and from
//! where, committed with the change itself, and never holds a secret.

use serde_json::{Value, json};
use stockroom_tests::{SmtpSink, spawn_app};

use crate::team::{invite, join_as_new_user};

const LOG: &str = "query($f: AuditLogFilterInput, $after: String) { auditLog(first: 200, after: $after, filter: $f) {
    edges { node { action actor actorUserId actorApiKeyId targetType targetId summary ip occurredAt } }
    pageInfo { hasNextPage endCursor } } }";

async fn entries(
    app: &stockroom_tests::TestApp,
    session: &stockroom_tests::Session,
    filter: Value,
) -> Vec<Value> {
    let log = app
        .ok(session, LOG, json!({ "f": filter }), "auditLog")
        .await;
    log["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

#[tokio::test]
async fn changes_are_logged_with_actor_target_and_address_but_no_secrets() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@audit.example", "Audit Ltd").await;
    let location = app.create_location(&owner, "Main").await;
    let item = app.create_item(&owner, "AUDIT-1").await;
    app.stock_in(&owner, &location, &item, "4").await.data();
    let token = invite(&app, &sink, &owner, "joiner@audit.example", "MEMBER").await;
    let joiner = join_as_new_user(&app, &token, &owner.org_id).await;
    let (key, _) = crate::api_keys::named_key(&app, &owner, "Till", "MEMBER", None).await;
    let by_key = app
        .graphql(
            "mutation($i: StockOutInput!) { stockOut(input: $i) { id } }",
            json!({ "i": { "locationId": location, "lines": [{ "itemId": item, "quantity": "1", "unitPrice": "9.50" }] } }),
            Some(&key),
            None,
        )
        .await;
    let sale_id = by_key.data()["stockOut"]["id"].as_str().unwrap().to_owned();
    // A refused change leaves no entry.
    assert_eq!(
        app.stock_out(&owner, &location, &item, "100")
            .await
            .error_code(),
        "INSUFFICIENT_STOCK"
    );

    let log = entries(&app, &owner, json!({})).await;
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "stockOut",
            "createApiKey",
            "acceptInvitation",
            "inviteMember",
            "stockIn",
            "createItem",
            "createLocation",
            "signUp"
        ],
        "newest first"
    );
    let sale = &log[0];
    assert_eq!(sale["actor"], "API key Till");
    assert!(sale["actorApiKeyId"].is_string());
    assert_eq!(sale["targetType"], "stockTransaction");
    assert_eq!(sale["targetId"], sale_id.as_str());
    assert_eq!(sale["ip"], "127.0.0.1");
    let summary: Value = serde_json::from_str(sale["summary"].as_str().unwrap()).unwrap();
    assert_eq!(summary["input"]["lines"][0]["unitPrice"], "9.50");
    let created_item = log.iter().find(|e| e["action"] == "createItem").unwrap();
    assert_eq!(created_item["targetId"], item.as_str());
    assert_eq!(created_item["actor"], "owner@audit.example");
    let joined = log
        .iter()
        .find(|e| e["action"] == "acceptInvitation")
        .unwrap();
    assert_eq!(joined["actorUserId"], joiner.user_id.as_str());

    let everything = serde_json::to_string(&log).unwrap();
    assert!(!everything.contains(&key[key.len() - 20..]), "no API key");
    assert!(
        !everything.contains(&token[token.len() - 20..]),
        "no invitation token"
    );
    assert!(
        !everything.contains(stockroom_tests::PASSWORD),
        "no password"
    );
    assert!(!everything.contains("argon2"), "no password hash");

    // Filters: by action, by actor; members below admin may not read it.
    assert_eq!(
        entries(&app, &owner, json!({ "action": "stockIn" }))
            .await
            .len(),
        1
    );
    assert_eq!(
        entries(&app, &owner, json!({ "actorId": joiner.user_id }))
            .await
            .len(),
        1
    );
    assert_eq!(
        app.as_user(&joiner, LOG, json!({})).await.error_code(),
        "FORBIDDEN"
    );
}

#[tokio::test]
async fn the_audit_log_pages_newest_first() {
    let app = spawn_app().await;
    let owner = app.new_user("Pages Ltd").await;
    for i in 0..5 {
        app.create_location(&owner, &format!("L{i}")).await;
    }
    let page = "query($after: String) { auditLog(first: 2, after: $after, filter: { action: \"createLocation\" }) {
        edges { node { summary } } pageInfo { hasNextPage endCursor } } }";
    let mut names = Vec::new();
    let mut after = Value::Null;
    loop {
        let log = app
            .ok(&owner, page, json!({ "after": after }), "auditLog")
            .await;
        for edge in log["edges"].as_array().unwrap() {
            let summary: Value =
                serde_json::from_str(edge["node"]["summary"].as_str().unwrap()).unwrap();
            names.push(summary["input"]["name"].as_str().unwrap().to_owned());
        }
        if log["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = log["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(names, ["L4", "L3", "L2", "L1", "L0"]);
}

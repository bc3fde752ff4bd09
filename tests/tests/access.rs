//! Access that ends when it should: API keys follow their creator's current rights, a new
//! password ends every other session and reset link, and a location-restricted member can
//! neither change nor learn anything of a location hidden from them.

use serde_json::{Value, json};
use stockroom_tests::{Session, SmtpSink, spawn_app};

use crate::api_keys::named_key;
use crate::fixtures::{add_member, deliver_mail, link_token, location_threshold_count, mails_to};

const CREATE_LOCATION: &str =
    "mutation($n: String!) { createLocation(input: { name: $n }) { id } }";
const STOCK_IN: &str = "mutation($i: StockInInput!) { stockIn(input: $i) { id } }";
const KEYS: &str = "{ apiKeys { id role revokedAt createdBy { email role } } }";

fn stock_in(location: &str, item: &str) -> Value {
    json!({ "i": { "locationId": location, "lines": [{ "itemId": item, "quantity": "2" }] } })
}

/// `session` acting in `org` (a member's session starts in their own organization).
fn in_org(session: &Session, org: &str) -> Session {
    Session {
        org_id: org.to_owned(),
        ..session.clone()
    }
}

fn key_row<'a>(keys: &'a Value, id: &str) -> &'a Value {
    keys.as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("key {id} in {keys}"))
}

async fn audit_summary(
    app: &stockroom_tests::TestApp,
    owner: &stockroom_tests::Session,
    action: &str,
) -> String {
    let log = app
        .ok(
            owner,
            "query($a: String) { auditLog(first: 5, filter: { action: $a }) { edges { node { summary } } } }",
            json!({ "a": action }),
            "auditLog",
        )
        .await;
    log["edges"][0]["node"]["summary"]
        .as_str()
        .unwrap_or_else(|| panic!("an {action} entry in {log}"))
        .to_owned()
}

#[tokio::test]
async fn an_api_key_never_acts_with_more_than_its_creator_has_now() {
    let app = spawn_app().await;
    let owner = app.new_user("Key Bound Ltd").await;
    let admin = app.new_user("Admin Home Ltd").await;
    add_member(&app, &owner.org_id, &admin.user_id, "admin").await;
    let admin = in_org(&admin, &owner.org_id);
    let shop = app.create_location(&owner, "Shop").await;
    let depot = app.create_location(&owner, "Depot").await;
    let item = app.create_item(&owner, "BOUND-1").await;
    let (key, key_id) = named_key(&app, &admin, "shop sync", "ADMIN", None).await;
    let with_key = |query: &'static str, variables: Value| {
        let key = key.clone();
        let app = &app;
        async move { app.graphql(query, variables, Some(&key), None).await }
    };
    assert!(
        with_key(CREATE_LOCATION, json!({ "n": "Made by key" }))
            .await
            .errors()
            .is_empty()
    );

    // Demoted to member: the key is capped at member, and the log says so.
    app.ok(
        &owner,
        "mutation($u: ID!) { updateMemberRole(input: { userId: $u, role: MEMBER }) { role } }",
        json!({ "u": admin.user_id }),
        "updateMemberRole",
    )
    .await;
    assert_eq!(
        with_key(CREATE_LOCATION, json!({ "n": "Refused" }))
            .await
            .error_code(),
        "FORBIDDEN"
    );
    let keys = app.ok(&owner, KEYS, json!({}), "apiKeys").await;
    assert_eq!(
        key_row(&keys, &key_id)["role"],
        "MEMBER",
        "capped in storage too"
    );
    assert_eq!(
        key_row(&keys, &key_id)["createdBy"],
        json!({ "email": admin.email, "role": "MEMBER" })
    );
    assert!(
        audit_summary(&app, &owner, "updateMemberRole")
            .await
            .contains(&key_id)
    );

    // Restricted to the shop: so is the key.
    app.ok(
        &owner,
        "mutation($input: SetMemberLocationsInput!) { setMemberLocations(input: $input) { role } }",
        json!({ "input": { "userId": admin.user_id, "locationIds": [shop] } }),
        "setMemberLocations",
    )
    .await;
    assert!(
        with_key(STOCK_IN, stock_in(&shop, &item))
            .await
            .errors()
            .is_empty()
    );
    assert_eq!(
        with_key(STOCK_IN, stock_in(&depot, &item))
            .await
            .error_code(),
        "FORBIDDEN"
    );

    // Removed: the key is revoked with the membership, and the log says so.
    app.ok(
        &owner,
        "mutation($u: ID!) { removeMember(userId: $u) }",
        json!({ "u": admin.user_id }),
        "removeMember",
    )
    .await;
    assert_eq!(
        with_key(STOCK_IN, stock_in(&shop, &item))
            .await
            .error_code(),
        "UNAUTHENTICATED"
    );
    let keys = app.ok(&owner, KEYS, json!({}), "apiKeys").await;
    assert!(key_row(&keys, &key_id)["revokedAt"].is_string(), "{keys}");
    assert_eq!(
        key_row(&keys, &key_id)["createdBy"],
        json!({ "email": admin.email, "role": null }),
        "the creator is still shown, as no longer a member"
    );
    assert!(
        audit_summary(&app, &owner, "removeMember")
            .await
            .contains(&key_id)
    );

    // The owner keeps the integration by re-issuing the key under their own name.
    let reissued = app
        .ok(
            &owner,
            "mutation($id: ID!) { reissueApiKey(input: { id: $id }) { key apiKey { id role createdBy { email } } } }",
            json!({ "id": key_id }),
            "reissueApiKey",
        )
        .await;
    assert_eq!(reissued["apiKey"]["role"], "MEMBER");
    assert_eq!(
        reissued["apiKey"]["createdBy"]["email"],
        owner.email.as_str()
    );
    let new_key = reissued["key"].as_str().unwrap();
    let used = app
        .graphql(STOCK_IN, stock_in(&depot, &item), Some(new_key), None)
        .await;
    assert!(used.errors().is_empty(), "{}", used.body);
    assert_eq!(app.level(&owner, &item, &depot).await, "2");
}

#[tokio::test]
async fn a_password_reset_ends_every_other_reset_link_and_every_session() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let user = app.sign_up("links@reset.example", "Links Ltd").await;
    let request = "mutation($e: String!) { requestPasswordReset(email: $e) }";
    for _ in 0..2 {
        app.anonymous(request, json!({ "e": user.email }))
            .await
            .data();
    }
    deliver_mail(&app, &sink).await;
    let tokens: Vec<String> = mails_to(&sink, &user.email)
        .iter()
        .filter(|m| m.contains("/reset-password?token="))
        .map(|m| link_token(m, "reset-password"))
        .collect();
    assert_eq!(tokens.len(), 2);

    let reset = "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }";
    let done = app
        .anonymous(
            reset,
            json!({ "t": tokens[1], "p": "the newest passphrase" }),
        )
        .await;
    assert_eq!(done.data()["resetPassword"], true);
    let older = app
        .anonymous(
            reset,
            json!({ "t": tokens[0], "p": "an attacker's passphrase" }),
        )
        .await;
    assert_eq!(older.error_code(), "BAD_USER_INPUT");
    assert!(
        app.log_in(&user.email, "the newest passphrase")
            .await
            .errors()
            .is_empty()
    );
    assert_eq!(
        app.refresh(&user.refresh_token).await.error_code(),
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_outstanding_reset_links() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let user = app.sign_up("change@password.example", "Change Ltd").await;
    let other_device = stockroom_tests::session_from(
        &app.log_in(&user.email, stockroom_tests::PASSWORD)
            .await
            .data()["logIn"],
    );
    app.anonymous(
        "mutation($e: String!) { requestPasswordReset(email: $e) }",
        json!({ "e": user.email }),
    )
    .await
    .data();
    deliver_mail(&app, &sink).await;
    let link = mails_to(&sink, &user.email)
        .into_iter()
        .find(|m| m.contains("/reset-password?token="))
        .map(|m| link_token(&m, "reset-password"))
        .expect("a reset e-mail");

    let change = "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { accessToken refreshToken } }";
    let wrong = app
        .as_user(
            &user,
            change,
            json!({ "c": "not my password", "n": "a changed passphrase" }),
        )
        .await;
    assert_eq!(wrong.error_code(), "UNAUTHENTICATED");

    let changed = app
        .as_user(
            &user,
            change,
            json!({ "c": stockroom_tests::PASSWORD, "n": "a changed passphrase" }),
        )
        .await;
    let fresh = changed.data()["changePassword"].clone();
    assert!(fresh["refreshToken"].is_string(), "{}", changed.body);

    for old in [&user.refresh_token, &other_device.refresh_token] {
        assert_eq!(app.refresh(old).await.error_code(), "UNAUTHENTICATED");
    }
    assert!(
        app.refresh(fresh["refreshToken"].as_str().unwrap())
            .await
            .errors()
            .is_empty(),
        "the new session lives on"
    );
    let reset = app
        .anonymous(
            "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }",
            json!({ "t": link, "p": "a stale link's passphrase" }),
        )
        .await;
    assert_eq!(reset.error_code(), "BAD_USER_INPUT");
    assert_eq!(
        app.log_in(&user.email, stockroom_tests::PASSWORD)
            .await
            .error_code(),
        "UNAUTHENTICATED"
    );
    assert!(
        app.log_in(&user.email, "a changed passphrase")
            .await
            .errors()
            .is_empty()
    );
}

#[tokio::test]
async fn a_restricted_member_neither_changes_nor_sees_a_hidden_location() {
    let app = spawn_app().await;
    let owner = app.new_user("Hidden Ltd").await;
    let clerk = app.new_user("Clerk Own Ltd").await;
    add_member(&app, &owner.org_id, &clerk.user_id, "member").await;
    let clerk = in_org(&clerk, &owner.org_id);
    let shop = app.create_location(&owner, "Shop").await;
    let depot = app.create_location(&owner, "Secret Depot").await;
    let item = app.create_item(&owner, "HIDE-1").await;
    app.stock_in(&owner, &shop, &item, "10").await.data();
    let moved = app
        .movement(
            &owner,
            "moveStock",
            json!({ "fromLocationId": shop, "toLocationId": depot, "lines": [{ "itemId": item, "quantity": "4" }] }),
        )
        .await;
    assert!(moved.errors().is_empty(), "{}", moved.body);
    app.ok(
        &owner,
        "mutation($input: SetMemberLocationsInput!) { setMemberLocations(input: $input) { role } }",
        json!({ "input": { "userId": clerk.user_id, "locationIds": [shop] } }),
        "setMemberLocations",
    )
    .await;

    let safety = "mutation($i: ID!, $l: ID!) { setLocationSafetyStock(itemId: $i, locationId: $l, safetyStock: \"5\") { id } }";
    let refused = app
        .as_user(&clerk, safety, json!({ "i": item, "l": depot }))
        .await;
    assert_eq!(refused.error_code(), "FORBIDDEN");
    assert_eq!(location_threshold_count(&app, &owner.org_id).await, 0);
    let allowed = app
        .as_user(&clerk, safety, json!({ "i": item, "l": shop }))
        .await;
    assert!(allowed.errors().is_empty(), "{}", allowed.body);
    assert_eq!(location_threshold_count(&app, &owner.org_id).await, 1);

    // The move shows only its visible side: no name or id of the depot anywhere.
    let history = app
        .as_user(
            &clerk,
            "{ stockTransactions(first: 10) { edges { node { kind location { id name } toLocation { id name } lines { location { id name } quantity } } } } }",
            json!({}),
        )
        .await;
    assert!(history.errors().is_empty(), "{}", history.body);
    let text = history.body.to_string();
    assert!(
        !text.contains(&depot) && !text.contains("Secret Depot"),
        "{text}"
    );
    let edges = history.data()["stockTransactions"]["edges"]
        .as_array()
        .unwrap();
    let the_move = edges
        .iter()
        .map(|e| &e["node"])
        .find(|n| n["kind"] == "MOVE")
        .expect("the move is listed");
    assert_eq!(the_move["toLocation"], Value::Null);
    assert_eq!(
        the_move["lines"],
        json!([{ "location": { "id": shop, "name": "Shop" }, "quantity": "-4" }])
    );
}

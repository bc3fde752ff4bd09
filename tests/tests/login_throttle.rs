//! Log-in throttling that a guesser cannot turn against the owner: attempts are counted per
//! (account, client address), with a much higher ceiling per account across addresses; the
//! owner hears about it once per window. Creating organizations is limited per user.

use serde_json::{Value, json};
use stockroom_tests::{GqlResponse, SmtpSink, TestApp, spawn_app_with};

use crate::fixtures::{deliver_mail, mails_to};

const WRONG: &str = "not the password at all";

/// `logIn` as seen from `address` behind the one trusted proxy.
async fn log_in_from(app: &TestApp, address: &str, email: &str, password: &str) -> GqlResponse {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("X-Forwarded-For", address)
        .json(&json!({
            "query": "mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }",
            "variables": { "i": { "email": email, "password": password } },
        }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    GqlResponse { status, body }
}

#[tokio::test]
async fn a_guesser_cannot_lock_the_owner_out_and_the_owner_is_told_once() {
    let app = spawn_app_with(|config| {
        config.trusted_proxy_hops = 1;
        config.login_attempts_per_account = 4;
        config.login_attempts_per_account_all_addresses = 10;
    })
    .await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@throttle.example", "Throttle Ltd").await;
    let (attacker, home) = ("203.0.113.7", "198.51.100.1");

    for _ in 0..4 {
        let wrong = log_in_from(&app, attacker, &owner.email, WRONG).await;
        assert_eq!(wrong.error_code(), "UNAUTHENTICATED");
    }
    let refused = log_in_from(&app, attacker, &owner.email, WRONG).await;
    assert_eq!(refused.error_code(), "RATE_LIMITED");
    let refused = log_in_from(&app, attacker, &owner.email, stockroom_tests::PASSWORD).await;
    assert_eq!(
        refused.error_code(),
        "RATE_LIMITED",
        "the guesser learns nothing"
    );

    // The owner, elsewhere, is not locked out.
    let own = log_in_from(&app, home, &owner.email, stockroom_tests::PASSWORD).await;
    assert!(own.errors().is_empty(), "{}", own.body);

    // Guessing from many addresses meets the ceiling: 4 + 1 attempts so far, 5 more allowed.
    for i in 0..5 {
        let wrong = log_in_from(&app, &format!("192.0.2.{i}"), &owner.email, WRONG).await;
        assert_eq!(wrong.error_code(), "UNAUTHENTICATED", "attempt {i}");
    }
    let ceiling = log_in_from(&app, "192.0.2.99", &owner.email, WRONG).await;
    assert_eq!(ceiling.error_code(), "RATE_LIMITED");
    let unknown = log_in_from(&app, "192.0.2.100", &owner.email, stockroom_tests::PASSWORD).await;
    assert_eq!(
        unknown.error_code(),
        "RATE_LIMITED",
        "a new address waits out the ceiling"
    );
    // The owner's address logged in before, so the ceiling does not lock them out.
    let owner_too = log_in_from(&app, home, &owner.email, stockroom_tests::PASSWORD).await;
    assert!(owner_too.errors().is_empty(), "{}", owner_too.body);
    // Guesses from one IPv6 /64 count as one client, whatever the interface part.
    for i in 0..4 {
        let guess = log_in_from(
            &app,
            &format!("2001:db8:7:7::{i:x}"),
            "v6@throttle.example",
            WRONG,
        )
        .await;
        assert_eq!(guess.error_code(), "UNAUTHENTICATED", "guess {i}");
    }
    let same_64 = log_in_from(&app, "2001:db8:7:7:abcd::1", "v6@throttle.example", WRONG).await;
    assert_eq!(same_64.error_code(), "RATE_LIMITED");

    // Another account is unaffected.
    let bystander = app
        .sign_up("bystander@throttle.example", "Bystander Ltd")
        .await;
    let fine = log_in_from(&app, attacker, &bystander.email, stockroom_tests::PASSWORD).await;
    assert!(fine.errors().is_empty(), "{}", fine.body);

    deliver_mail(&app, &sink).await;
    deliver_mail(&app, &sink).await;
    let notices: Vec<String> = mails_to(&sink, &owner.email)
        .into_iter()
        .filter(|m| m.contains("Log-ins to your Stockroom account were paused"))
        .collect();
    assert_eq!(
        notices.len(),
        1,
        "one notice a day, whichever throttle tripped"
    );
    assert!(
        mails_to(&sink, &bystander.email)
            .iter()
            .all(|m| !m.contains("were paused"))
    );
}

#[tokio::test]
async fn creating_organizations_is_limited_per_user() {
    let app = spawn_app_with(|config| config.organizations_per_user_per_hour = 2).await;
    let user = app.new_user("First Ltd").await;
    let create = "mutation($n: String!) { createOrganization(input: { name: $n }) { id } }";
    for name in ["Second Ltd", "Third Ltd"] {
        let created = app.as_user(&user, create, json!({ "n": name })).await;
        assert!(created.errors().is_empty(), "{}", created.body);
    }
    let refused = app
        .as_user(&user, create, json!({ "n": "Fourth Ltd" }))
        .await;
    assert_eq!(refused.error_code(), "RATE_LIMITED", "{}", refused.body);
    let me = app
        .as_user(&user, "{ me { memberships { role } } }", json!({}))
        .await;
    assert_eq!(me.data()["me"]["memberships"].as_array().unwrap().len(), 3);
    // Someone else is not limited by it.
    let other = app.new_user("Other Ltd").await;
    let created = app
        .as_user(&other, create, json!({ "n": "Other Two" }))
        .await;
    assert!(created.errors().is_empty(), "{}", created.body);
}

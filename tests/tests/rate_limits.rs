//! Rate limits on authentication, counted in the cache/bus (Redis when configured): brute
//! force on one account is slowed, then refused; one address cannot hammer the auth flows.

use std::time::{Duration, Instant};

use serde_json::json;
use stockroom_tests::spawn_app_with;

#[tokio::test]
async fn brute_force_on_log_in_is_slowed_and_then_refused() {
    let app = spawn_app_with(|config| config.login_attempts_per_account = 6).await;
    let victim = app.new_user("Victim Ltd").await;

    // The first half of the allowance answers at full speed, the rest slower and slower.
    let mut timings = Vec::new();
    for _ in 0..6 {
        let started = Instant::now();
        let wrong = app.log_in(&victim.email, "not the password at all").await;
        assert_eq!(wrong.error_code(), "UNAUTHENTICATED");
        timings.push(started.elapsed());
    }
    assert!(
        timings[5] >= Duration::from_millis(1400),
        "slowed: {timings:?}"
    );
    assert!(
        timings[5] > timings[0] + Duration::from_millis(1000),
        "slowed: {timings:?}"
    );

    let refused = app.log_in(&victim.email, "not the password at all").await;
    assert_eq!(refused.error_code(), "RATE_LIMITED");
    let retry_after = refused.errors()[0]["extensions"]["retryAfter"]
        .as_u64()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    // Even the right password waits out the window: the guesser cannot tell it was right.
    let right = app.log_in(&victim.email, stockroom_tests::PASSWORD).await;
    assert_eq!(right.error_code(), "RATE_LIMITED");
    // Other accounts are unaffected.
    let bystander = app.new_user("Bystander Ltd").await;
    assert!(
        app.log_in(&bystander.email, stockroom_tests::PASSWORD)
            .await
            .errors()
            .is_empty()
    );
}

#[tokio::test]
async fn one_address_is_limited_across_the_authentication_flows() {
    let app = spawn_app_with(|config| config.auth_requests_per_ip = 5).await;
    let reset = "mutation($e: String!) { requestPasswordReset(email: $e) }";
    for i in 0..5 {
        let answer = app
            .anonymous(reset, json!({ "e": format!("n{i}@limits.example") }))
            .await;
        assert!(answer.errors().is_empty(), "{}", answer.body);
    }
    let refused = app
        .log_in("someone@limits.example", "whatever password")
        .await;
    assert_eq!(refused.error_code(), "RATE_LIMITED");
    let sign_up = app
        .try_sign_up("new@limits.example", "a long enough password", "Limits")
        .await;
    assert_eq!(sign_up.error_code(), "RATE_LIMITED");
    assert!(
        app.log_in("new@limits.example", "a long enough password")
            .await
            .error_code()
            == "RATE_LIMITED"
    );
}

#[tokio::test]
async fn api_key_requests_are_limited_per_organization() {
    let app = spawn_app_with(|config| config.api_key_requests_per_org = 3).await;
    let owner = app.new_user("Busy Ltd").await;
    let (key, _) = crate::api_keys::named_key(&app, &owner, "Sync", "VIEWER", None).await;
    let query = "{ items(first: 1) { totalCount } }";
    for _ in 0..3 {
        assert!(
            app.graphql(query, json!({}), Some(&key), None)
                .await
                .errors()
                .is_empty()
        );
    }
    let limited = app.graphql(query, json!({}), Some(&key), None).await;
    assert_eq!(limited.error_code(), "RATE_LIMITED");
    // The organization's members are not held back by its integrations.
    assert!(
        app.as_user(&owner, query, json!({}))
            .await
            .errors()
            .is_empty()
    );
}

//! What an anonymous sender can make the Stripe webhook do is bounded: a header stuffed with
//! signatures is refused (it once cost an HMAC over the body per value), and so is a body
//! past 512 KiB, even when correctly signed. Genuine events still apply.

use chrono::Utc;
use serde_json::{Value, json};
use stockroom_tests::{Session, StripeStandIn, TestApp, spawn_app_with};

const SECRET: &str = "whsec_limits";

async fn billing_app(stripe: &StripeStandIn) -> TestApp {
    let base = stripe.url();
    spawn_app_with(move |config| {
        config.stripe_secret_key = Some(platform::Secret::new("sk_test_standin"));
        config.stripe_webhook_secret = Some(platform::Secret::new(SECRET));
        config.stripe_api_base = Some(base);
    })
    .await
}

/// A subscription to the built-in Starter plan for `org`, as Stripe would send it.
fn starter_event(id: &str, org: &Session, padding: usize) -> Value {
    let period_end = (Utc::now() + chrono::Duration::days(30)).timestamp();
    json!({
        "id": id, "object": "event", "type": "customer.subscription.updated",
        "created": Utc::now().timestamp(),
        "data": { "object": {
            "id": "sub_limits", "object": "subscription", "customer": "cus_limits",
            "status": "active", "metadata": { "organization_id": org.org_id },
            "items": { "data": [{ "price": { "id": "price_starter" }, "current_period_end": period_end }] },
            "description": "x".repeat(padding),
        } },
    })
}

async fn post(app: &TestApp, body: String, signature: String) -> u16 {
    app.client
        .post(format!("{}/webhooks/stripe", app.address))
        .header("Stripe-Signature", signature)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn plan(app: &TestApp, owner: &Session) -> Value {
    app.ok(
        owner,
        "{ organization { plan } }",
        json!({}),
        "organization",
    )
    .await["plan"]
        .clone()
}

#[tokio::test]
async fn stuffed_signature_headers_and_oversized_bodies_are_refused_genuine_events_apply() {
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let owner = app.sign_up("owner@limits.example", "Limits Ltd").await;
    let now = Utc::now().timestamp();

    // Thousands of bogus v1 values, the genuine one last: refused without applying anything.
    let body = starter_event("evt_stuffed", &owner, 0).to_string();
    let genuine = billing::sign(body.as_bytes(), SECRET, now);
    let bogus = format!(",v1={}", "ab".repeat(32)).repeat(3000);
    let (stamp, v1) = genuine.split_once(',').unwrap();
    assert_eq!(post(&app, body, format!("{stamp}{bogus},{v1}")).await, 400);
    assert_eq!(plan(&app, &owner).await, "free");

    // A correctly signed body of 600 KiB: 413, nothing applied.
    let body = starter_event("evt_oversized", &owner, 600 * 1024).to_string();
    let signature = billing::sign(body.as_bytes(), SECRET, now);
    assert_eq!(post(&app, body, signature).await, 413);
    assert_eq!(plan(&app, &owner).await, "free");

    // The genuine event, with a few extra signatures as during a secret rotation, applies.
    let body = starter_event("evt_genuine", &owner, 1000).to_string();
    let genuine = billing::sign(body.as_bytes(), SECRET, now);
    let rotated = format!("{genuine},v1={}", "cd".repeat(32));
    assert_eq!(post(&app, body, rotated).await, 200);
    assert_eq!(plan(&app, &owner).await, "starter");
}

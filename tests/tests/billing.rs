//! Billing against a local stand-in for the Stripe API: Checkout and portal sessions with
//! idempotency keys, signed webhooks applied once and newest-first, plan limits, downgrades
//! that never stop stock moving, and read-only after the grace period.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use stockroom_tests::{Session, SmtpSink, StripeStandIn, TestApp, spawn_app_with};

use crate::fixtures::{deliver_mail, mails_to};

const SECRET: &str = "whsec_current";
const OLD_SECRET: &str = "whsec_previous";
const PLANS: &str = r#"[
  {"id": "starter", "name": "Starter", "priceId": "price_starter", "limits": {"members": 3, "items": 1000, "locations": 3}},
  {"id": "mini", "name": "Mini", "priceId": "price_mini", "limits": {"members": 2, "items": 1000, "locations": 1}}
]"#;
const ORGANIZATION: &str = "{ organization { plan subscriptionStatus currentPeriodEnd readOnly limits { members items locations } usage { members items locations } } }";

async fn billing_app(stripe: &StripeStandIn) -> TestApp {
    let base = stripe.url();
    spawn_app_with(move |config| {
        config.stripe_secret_key = Some(platform::Secret::new("sk_test_standin"));
        config.stripe_webhook_secret =
            Some(platform::Secret::new(format!("{SECRET}, {OLD_SECRET}")));
        config.stripe_api_base = Some(base);
        config.billing_plans = PLANS.to_owned();
        config.billing_grace_days = 14;
    })
    .await
}

/// Posts `event` signed with `secret` at `signed_at`; returns the HTTP status.
async fn webhook(app: &TestApp, event: &Value, secret: &str, signed_at: i64) -> u16 {
    let body = event.to_string();
    let signature = billing::sign(body.as_bytes(), secret, signed_at);
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

fn event(id: &str, kind: &str, created: chrono::DateTime<Utc>, object: Value) -> Value {
    json!({ "id": id, "object": "event", "type": kind, "created": created.timestamp(), "data": { "object": object } })
}

fn subscription(org: &Session, status: &str, price: &str, period_end: i64) -> Value {
    json!({
        "id": "sub_test_1", "object": "subscription", "customer": "cus_unused", "status": status,
        "metadata": { "organization_id": org.org_id },
        "items": { "data": [{ "price": { "id": price }, "current_period_end": period_end }] },
    })
}

async fn organization(app: &TestApp, owner: &Session) -> Value {
    app.ok(owner, ORGANIZATION, json!({}), "organization").await
}

#[tokio::test]
async fn checkout_and_portal_sessions_call_stripe_with_idempotency_keys() {
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let owner = app.sign_up("owner@billing.example", "Billing Ltd").await;
    let checkout = "mutation($p: String!) { createCheckoutSession(plan: $p) { url } }";

    // Two racing first checkouts make one Stripe customer.
    let (first, second) = tokio::join!(
        app.as_user(&owner, checkout, json!({ "p": "starter" })),
        app.as_user(&owner, checkout, json!({ "p": "starter" })),
    );
    let url = first.data()["createCheckoutSession"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(url.starts_with("https://checkout.stripe.test/"), "{url}");
    assert_eq!(
        second.data()["createCheckoutSession"]["url"],
        url.as_str(),
        "one operation, one session"
    );

    let customers = stripe.calls_to("/v1/customers");
    assert!(!customers.is_empty());
    for call in &customers {
        assert_eq!(call.method, "POST");
        assert_eq!(
            call.idempotency_key.as_deref(),
            Some(format!("customer-{}", owner.org_id).as_str())
        );
        assert_eq!(call.form["metadata[organization_id]"], owner.org_id);
        assert_eq!(call.form["email"], "owner@billing.example");
        assert_eq!(
            call.authorization.as_deref(),
            Some("Bearer sk_test_standin")
        );
    }
    let sessions = stripe.calls_to("/v1/checkout/sessions");
    let session = &sessions[0];
    assert_eq!(session.form["mode"], "subscription");
    assert_eq!(session.form["customer"], "cus_test_1");
    assert_eq!(session.form["line_items[0][price]"], "price_starter");
    assert_eq!(session.form["line_items[0][quantity]"], "1");
    assert_eq!(session.form["client_reference_id"], owner.org_id);
    assert_eq!(session.form["metadata[plan]"], "starter");
    assert_eq!(
        session.form["subscription_data[metadata][organization_id]"],
        owner.org_id
    );
    assert!(session.form["success_url"].ends_with("/settings/billing?checkout=success"));
    let key = session.idempotency_key.clone().unwrap();
    assert!(
        key.starts_with(&format!("checkout-{}-starter-", owner.org_id)),
        "{key}"
    );
    assert!(
        sessions
            .iter()
            .all(|s| s.idempotency_key.as_deref() == Some(key.as_str()))
    );

    // The customer is reused; the portal goes to it.
    let portal = app
        .ok(
            &owner,
            "mutation { createBillingPortalSession { url } }",
            json!({}),
            "createBillingPortalSession",
        )
        .await;
    assert!(
        portal["url"]
            .as_str()
            .unwrap()
            .starts_with("https://billing.stripe.test/")
    );
    let portal_call = &stripe.calls_to("/v1/billing_portal/sessions")[0];
    assert_eq!(portal_call.form["customer"], "cus_test_1");
    assert!(
        portal_call
            .idempotency_key
            .as_deref()
            .unwrap()
            .starts_with(&format!("portal-{}-", owner.org_id))
    );
    assert_eq!(
        stripe.calls_to("/v1/customers").len(),
        customers.len(),
        "no second customer"
    );

    // Refused before Stripe is called: an unknown plan, a member who is not the owner.
    let calls = stripe.calls().len();
    assert_eq!(
        app.as_user(&owner, checkout, json!({ "p": "platinum" }))
            .await
            .error_code(),
        "BAD_USER_INPUT"
    );
    assert_eq!(
        app.as_user(&owner, checkout, json!({ "p": "free" }))
            .await
            .error_code(),
        "BAD_USER_INPUT"
    );
    let viewer = app.sign_up("viewer@billing.example", "Elsewhere").await;
    crate::fixtures::add_member(&app, &owner.org_id, &viewer.user_id, "admin").await;
    let admin = Session {
        org_id: owner.org_id.clone(),
        ..viewer
    };
    assert_eq!(
        app.as_user(&admin, checkout, json!({ "p": "starter" }))
            .await
            .error_code(),
        "FORBIDDEN"
    );
    assert_eq!(stripe.calls().len(), calls);
}

#[tokio::test]
async fn signed_webhooks_are_applied_once_and_forgeries_change_nothing() {
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let owner = app.sign_up("owner@hooks.example", "Hooks Ltd").await;
    let now = Utc::now();
    let period_end = (now + Duration::days(30)).timestamp();
    let upgrade = event(
        "evt_upgrade",
        "customer.subscription.updated",
        now,
        subscription(&owner, "active", "price_starter", period_end),
    );

    // Forgeries: bad signature, unknown secret, too old; all 400, nothing applied.
    let body = upgrade.to_string();
    let forged = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .header(
            "Stripe-Signature",
            format!("t={},v1={}", now.timestamp(), "00".repeat(32)),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 400);
    assert_eq!(
        webhook(&app, &upgrade, "whsec_someone_else", now.timestamp()).await,
        400
    );
    assert_eq!(
        webhook(&app, &upgrade, SECRET, now.timestamp() - 301).await,
        400
    );
    assert_eq!(organization(&app, &owner).await["plan"], "free");

    // The old secret still works during rotation.
    assert_eq!(
        webhook(&app, &upgrade, OLD_SECRET, now.timestamp() - 299).await,
        200
    );
    let applied = organization(&app, &owner).await;
    assert_eq!(applied["plan"], "starter");
    assert_eq!(applied["subscriptionStatus"], "active");
    assert_eq!(
        applied["limits"],
        json!({ "members": 3, "items": 1000, "locations": 3 })
    );
    assert!(applied["currentPeriodEnd"].is_string());

    // Unknown types are acknowledged and ignored.
    let unknown = event(
        "evt_unknown",
        "customer.tax_id.created",
        now,
        json!({ "id": "txi_1" }),
    );
    assert_eq!(webhook(&app, &unknown, SECRET, now.timestamp()).await, 200);
}

#[tokio::test]
async fn one_event_delivered_five_times_at_once_is_applied_once() {
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let sink = SmtpSink::start().await;
    let owner = app.sign_up("owner@dupes.example", "Dupes Ltd").await;
    let now = Utc::now();
    let failed = event(
        "evt_failed_once",
        "invoice.payment_failed",
        now,
        json!({ "id": "in_1", "customer": "cus_x", "subscription": "sub_1", "metadata": {}, "subscription_details": { "metadata": { "organization_id": owner.org_id } } }),
    );
    let deliveries = (0..5).map(|_| webhook(&app, &failed, SECRET, now.timestamp()));
    let statuses = futures::future::join_all(deliveries).await;
    assert_eq!(statuses, [200; 5]);
    assert_eq!(
        organization(&app, &owner).await["subscriptionStatus"],
        "past_due"
    );
    deliver_mail(&app, &sink).await;
    let notices: Vec<String> = mails_to(&sink, "owner@dupes.example")
        .into_iter()
        .filter(|m| m.contains("Payment failed"))
        .collect();
    assert_eq!(notices.len(), 1, "the owner is told once");
    // A failed payment does not stop work mid-shift.
    let location = app.create_location(&owner, "Shop").await;
    let item = app.create_item(&owner, "DUPE-1").await;
    app.stock_in(&owner, &location, &item, "2").await.data();
    app.stock_out(&owner, &location, &item, "1").await.data();
}

#[tokio::test]
async fn the_newest_subscription_state_wins_whatever_the_arrival_order() {
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let owner = app.sign_up("owner@order.example", "Order Ltd").await;
    let t1 = Utc::now() - Duration::minutes(10);
    let t2 = Utc::now() - Duration::minutes(5);
    let end = (Utc::now() + Duration::days(30)).timestamp();
    let newer = event(
        "evt_t2",
        "customer.subscription.updated",
        t2,
        subscription(&owner, "active", "price_mini", end),
    );
    let older = event(
        "evt_t1",
        "customer.subscription.updated",
        t1,
        subscription(&owner, "active", "price_starter", end),
    );
    assert_eq!(
        webhook(&app, &newer, SECRET, Utc::now().timestamp()).await,
        200
    );
    assert_eq!(
        webhook(&app, &older, SECRET, Utc::now().timestamp()).await,
        200
    );
    assert_eq!(
        organization(&app, &owner).await["plan"],
        "mini",
        "t2's state stays"
    );

    let cancelled = event(
        "evt_t3",
        "customer.subscription.deleted",
        Utc::now(),
        subscription(&owner, "canceled", "price_mini", end),
    );
    assert_eq!(
        webhook(&app, &cancelled, SECRET, Utc::now().timestamp()).await,
        200
    );
    let state = organization(&app, &owner).await;
    assert_eq!(state["plan"], "free");
    assert_eq!(state["subscriptionStatus"], "canceled");
}

fn limit_error(response: &stockroom_tests::GqlResponse) -> (String, u64, u64) {
    assert_eq!(
        response.error_code(),
        "PLAN_LIMIT_REACHED",
        "{}",
        response.body
    );
    let extensions = &response.errors()[0]["extensions"];
    (
        extensions["resource"].as_str().unwrap().to_owned(),
        extensions["limit"].as_u64().unwrap(),
        extensions["usage"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn the_free_plan_limits_items_locations_and_members() {
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let owner = app.sign_up("owner@free.example", "Free Ltd").await;
    app.create_location(&owner, "Only").await;
    let second = app
        .as_user(
            &owner,
            "mutation { createLocation(input: { name: \"Second\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(limit_error(&second), ("locations".to_owned(), 1, 1));

    let invite = app
        .as_user(
            &owner,
            "mutation { inviteMember(input: { email: \"x@free.example\", role: MEMBER }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(limit_error(&invite), ("members".to_owned(), 1, 1));

    for i in 0..100 {
        app.create_item(&owner, &format!("FREE-{i}")).await;
    }
    let over = app
        .try_create_item(&owner, json!({ "sku": "FREE-100", "name": "One too many" }))
        .await;
    assert_eq!(limit_error(&over), ("items".to_owned(), 100, 100));
    let usage = organization(&app, &owner).await["usage"].clone();
    assert_eq!(usage, json!({ "members": 1, "items": 100, "locations": 1 }));
}

#[tokio::test]
async fn after_a_downgrade_stock_still_moves_but_nothing_new_is_added() {
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let owner = app.sign_up("owner@down.example", "Down Ltd").await;
    let end = (Utc::now() + Duration::days(30)).timestamp();
    let starter = event(
        "evt_up",
        "customer.subscription.updated",
        Utc::now() - Duration::minutes(2),
        subscription(&owner, "active", "price_starter", end),
    );
    assert_eq!(
        webhook(&app, &starter, SECRET, Utc::now().timestamp()).await,
        200
    );
    let shop = app.create_location(&owner, "Shop").await;
    let depot = app.create_location(&owner, "Depot").await;
    let item = app.create_item(&owner, "DOWN-1").await;
    app.stock_in(&owner, &depot, &item, "10").await.data();

    let mini = event(
        "evt_down",
        "customer.subscription.updated",
        Utc::now(),
        subscription(&owner, "active", "price_mini", end),
    );
    assert_eq!(
        webhook(&app, &mini, SECRET, Utc::now().timestamp()).await,
        200
    );
    let third = app
        .as_user(
            &owner,
            "mutation { createLocation(input: { name: \"Third\" }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(limit_error(&third), ("locations".to_owned(), 1, 2));
    // Over the limit, the shift goes on.
    app.movement(
        &owner,
        "moveStock",
        json!({ "fromLocationId": depot, "toLocationId": shop, "lines": [{ "itemId": item, "quantity": "4" }] }),
    )
    .await
    .data();
    app.stock_out(&owner, &shop, &item, "1").await.data();
    assert_eq!(app.level(&owner, &item, &shop).await, "3");
    // A live subscription is cancelled before the organization can be deleted.
    let delete = app
        .as_user(
            &owner,
            "mutation { deleteOrganization(confirmName: \"Down Ltd\") }",
            json!({}),
        )
        .await;
    assert_eq!(delete.error_code(), "CONFLICT");
}

#[tokio::test]
async fn unpaid_past_the_grace_period_the_organization_is_read_only_until_paid() {
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let owner = app.sign_up("owner@unpaid.example", "Unpaid Ltd").await;
    let location = app.create_location(&owner, "Shop").await;
    let item = app.create_item(&owner, "UNPAID-1").await;
    app.stock_in(&owner, &location, &item, "5").await.data();

    let invoice = |id: &str, kind: &str, at| {
        event(
            id,
            kind,
            at,
            json!({ "id": "in_9", "customer": "cus_9", "subscription": "sub_9", "subscription_details": { "metadata": { "organization_id": owner.org_id } } }),
        )
    };
    let failed = invoice(
        "evt_failed",
        "invoice.payment_failed",
        Utc::now() - Duration::days(15),
    );
    assert_eq!(
        webhook(&app, &failed, SECRET, Utc::now().timestamp()).await,
        200
    );
    assert_eq!(organization(&app, &owner).await["readOnly"], true);

    let write = app.stock_out(&owner, &location, &item, "1").await;
    assert_eq!(write.error_code(), "FORBIDDEN");
    assert_eq!(
        write.errors()[0]["extensions"]["reason"],
        "SUBSCRIPTION_UNPAID"
    );
    assert!(
        write.error_message().contains("read-only"),
        "{}",
        write.body
    );
    let create = app
        .try_create_item(&owner, json!({ "sku": "NEW", "name": "New" }))
        .await;
    assert_eq!(
        create.errors()[0]["extensions"]["reason"],
        "SUBSCRIPTION_UNPAID"
    );
    // Reading, and paying, still work.
    assert_eq!(app.level(&owner, &item, &location).await, "5");
    app.ok(
        &owner,
        "mutation { createBillingPortalSession { url } }",
        json!({}),
        "createBillingPortalSession",
    )
    .await;

    let paid = invoice("evt_paid", "invoice.paid", Utc::now());
    assert_eq!(
        webhook(&app, &paid, SECRET, Utc::now().timestamp()).await,
        200
    );
    assert_eq!(organization(&app, &owner).await["readOnly"], false);
    app.stock_out(&owner, &location, &item, "1").await.data();
}

#[tokio::test]
async fn with_billing_off_everyone_has_the_self_hosted_plan_without_limits() {
    let app = stockroom_tests::spawn_app().await;
    let owner = app.new_user("Self Hosted").await;
    let org = app
        .ok(
            &owner,
            "{ organization { plan limits { members items locations } readOnly } }",
            json!({}),
            "organization",
        )
        .await;
    assert_eq!(
        org,
        json!({ "plan": "self-hosted", "limits": { "members": null, "items": null, "locations": null }, "readOnly": false })
    );
    for i in 0..3 {
        app.create_location(&owner, &format!("L{i}")).await;
    }
    let checkout = app
        .as_user(
            &owner,
            "mutation { createCheckoutSession(plan: \"starter\") { url } }",
            json!({}),
        )
        .await;
    assert_eq!(checkout.error_code(), "BAD_USER_INPUT");
    let hook = app
        .client
        .post(format!("{}/webhooks/stripe", app.address))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status().as_u16(), 404);
}

#[tokio::test]
async fn concurrent_additions_never_overshoot_a_limit() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let stripe = StripeStandIn::start().await;
    let app = billing_app(&stripe).await;
    let owner = app.sign_up("owner@race-limit.example", "Race Limit").await;
    let creates = (0..20).map(|i| {
        app.as_user(
            &owner,
            "mutation($n: String!) { createLocation(input: { name: $n }) { id } }",
            json!({ "n": format!("Location {i}") }),
        )
    });
    let answers = futures::future::join_all(creates).await;
    let created = answers.iter().filter(|a| a.errors().is_empty()).count();
    assert_eq!(created, 1, "the free plan allows one location");
    for refused in answers.iter().filter(|a| !a.errors().is_empty()) {
        assert_eq!(limit_error(refused), ("locations".to_owned(), 1, 1));
    }
    assert_eq!(organization(&app, &owner).await["usage"]["locations"], 1);
}

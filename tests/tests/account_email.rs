//! Account e-mails over real SMTP: address verification and password reset, each a
//! single-use token that expires; a reset ends every session.

use serde_json::json;
use stockroom_tests::{SmtpSink, spawn_app};

use crate::fixtures::{deliver_mail, link_token, mails_to};

#[tokio::test]
async fn a_new_account_verifies_its_address_once() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let user = app.sign_up("verify@mail.example", "Verify Ltd").await;
    let verified = "{ me { user { emailVerified } } }";
    assert_eq!(
        app.as_user(&user, verified, json!({})).await.data()["me"]["user"]["emailVerified"],
        false
    );

    deliver_mail(&app, &sink).await;
    let mails = mails_to(&sink, "verify@mail.example");
    assert_eq!(mails.len(), 1, "one verification e-mail");
    let token = link_token(&mails[0], "verify-email");
    let confirm = "mutation($t: String!) { verifyEmail(token: $t) { email emailVerified } }";
    let answer = app.anonymous(confirm, json!({ "t": token })).await;
    assert_eq!(
        answer.data()["verifyEmail"],
        json!({ "email": "verify@mail.example", "emailVerified": true })
    );
    assert_eq!(
        app.as_user(&user, verified, json!({})).await.data()["me"]["user"]["emailVerified"],
        true
    );
    assert_eq!(
        app.anonymous(confirm, json!({ "t": token }))
            .await
            .error_code(),
        "BAD_USER_INPUT"
    );

    // Verified: nothing more to send.
    let resend = app
        .as_user(&user, "mutation { resendVerificationEmail }", json!({}))
        .await;
    assert_eq!(resend.data()["resendVerificationEmail"], false);
}

#[tokio::test]
async fn a_password_reset_works_once_and_ends_every_session() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let user = app.sign_up("reset@mail.example", "Reset Ltd").await;
    deliver_mail(&app, &sink).await;
    let request = "mutation($e: String!) { requestPasswordReset(email: $e) }";

    // Unknown addresses get the same answer and no e-mail.
    assert_eq!(
        app.anonymous(request, json!({ "e": "nobody@mail.example" }))
            .await
            .data()["requestPasswordReset"],
        true
    );
    assert_eq!(
        app.anonymous(request, json!({ "e": "RESET@mail.example" }))
            .await
            .data()["requestPasswordReset"],
        true
    );
    deliver_mail(&app, &sink).await;
    assert!(mails_to(&sink, "nobody@mail.example").is_empty());
    let reset_mail = mails_to(&sink, "reset@mail.example")
        .into_iter()
        .find(|m| m.contains("/reset-password?token="))
        .expect("a reset e-mail");
    let token = link_token(&reset_mail, "reset-password");

    let reset = "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }";
    let weak = app
        .anonymous(reset, json!({ "t": token, "p": "short" }))
        .await;
    assert_eq!(weak.error_code(), "BAD_USER_INPUT");
    // A refused attempt used nothing up.
    let done = app
        .anonymous(reset, json!({ "t": token, "p": "a brand new passphrase" }))
        .await;
    assert_eq!(done.data()["resetPassword"], true);

    assert_eq!(
        app.refresh(&user.refresh_token).await.error_code(),
        "UNAUTHENTICATED",
        "sessions ended"
    );
    assert_eq!(
        app.log_in("reset@mail.example", stockroom_tests::PASSWORD)
            .await
            .error_code(),
        "UNAUTHENTICATED"
    );
    assert!(
        app.log_in("reset@mail.example", "a brand new passphrase")
            .await
            .errors()
            .is_empty()
    );
    let again = app
        .anonymous(reset, json!({ "t": token, "p": "yet another passphrase" }))
        .await;
    assert_eq!(again.error_code(), "BAD_USER_INPUT");
}

#[tokio::test]
async fn an_smtp_outage_delays_account_mail_but_loses_none() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    sink.refuse(true);
    app.sign_up("outage@mail.example", "Outage Ltd").await;
    // More tries than an e-mail's attempts: an outage uses none of them up.
    for _ in 0..=entity::outbox::MAX_ATTEMPTS + 2 {
        crate::fixtures::retry_account_mail_now(&app).await;
        deliver_mail(&app, &sink).await;
    }
    assert!(mails_to(&sink, "outage@mail.example").is_empty());
    let db = app.database.as_app_role().await;
    assert!(
        entity::team::parked_mail(&db).await.unwrap().is_empty(),
        "an SMTP outage parks no account e-mail"
    );
    sink.refuse(false);
    crate::fixtures::retry_account_mail_now(&app).await;
    deliver_mail(&app, &sink).await;
    let mails = mails_to(&sink, "outage@mail.example");
    assert_eq!(mails.len(), 1);
    let token = link_token(&mails[0], "verify-email");
    let confirm = "mutation($t: String!) { verifyEmail(token: $t) { emailVerified } }";
    assert_eq!(
        app.anonymous(confirm, json!({ "t": token })).await.data()["verifyEmail"]["emailVerified"],
        true
    );
}

#[tokio::test]
async fn an_account_email_the_server_rejects_is_parked_listed_and_can_be_retried() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    sink.reject(true);
    app.sign_up("rejected@mail.example", "Rejected Ltd").await;
    for _ in 0..entity::outbox::MAX_ATTEMPTS + 2 {
        crate::fixtures::retry_account_mail_now(&app).await;
        deliver_mail(&app, &sink).await;
    }
    let db = app.database.as_app_role().await;
    let parked = entity::team::parked_mail(&db).await.unwrap();
    assert_eq!(parked.len(), 1, "parked after its attempts: {parked:?}");
    assert_eq!(parked[0].purpose, "verify_email");
    assert_eq!(parked[0].attempts, entity::outbox::MAX_ATTEMPTS);
    assert!(
        parked[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("550")),
        "{parked:?}"
    );

    sink.reject(false);
    deliver_mail(&app, &sink).await;
    assert!(
        mails_to(&sink, "rejected@mail.example").is_empty(),
        "parked stays parked"
    );
    assert!(
        entity::team::retry_parked_mail(&db, parked[0].id)
            .await
            .unwrap()
    );
    deliver_mail(&app, &sink).await;
    assert_eq!(mails_to(&sink, "rejected@mail.example").len(), 1);
    assert!(entity::team::parked_mail(&db).await.unwrap().is_empty());
}

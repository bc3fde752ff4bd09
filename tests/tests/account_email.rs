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

/// The verification link of `mail` confirms its address.
async fn assert_link_verifies(app: &stockroom_tests::TestApp, mail: &str) {
    let token = link_token(mail, "verify-email");
    let confirm = "mutation($t: String!) { verifyEmail(token: $t) { emailVerified } }";
    assert_eq!(
        app.anonymous(confirm, json!({ "t": token })).await.data()["verifyEmail"]["emailVerified"],
        true
    );
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
        entity::outbox::parked(&db).await.unwrap().is_empty(),
        "an SMTP outage parks no account e-mail"
    );
    sink.refuse(false);
    crate::fixtures::retry_account_mail_now(&app).await;
    deliver_mail(&app, &sink).await;
    let mails = mails_to(&sink, "outage@mail.example");
    assert_eq!(mails.len(), 1);
    assert_link_verifies(&app, &mails[0]).await;
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
    // `worker parked` lists the outbox's parked events: the e-mail is one, of no organization.
    let parked = entity::outbox::parked(&db).await.unwrap();
    assert_eq!(parked.len(), 1, "parked after its attempts: {parked:?}");
    assert_eq!(parked[0].topic, "account_mail");
    assert_eq!(parked[0].organization_id, entity::outbox::NO_ORGANIZATION.0);
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
        entity::outbox::retry_parked(&db, parked[0].id)
            .await
            .unwrap()
    );
    deliver_mail(&app, &sink).await;
    let mails = mails_to(&sink, "rejected@mail.example");
    assert_eq!(mails.len(), 1);
    assert!(entity::outbox::parked(&db).await.unwrap().is_empty());
    // The link of the e-mail that went out works.
    assert_link_verifies(&app, &mails[0]).await;
}

/// Upgrading a database whose account e-mails were queued in `account_tokens` (before
/// migration `m20261208_000023`) moves each unsent one into the outbox, once; the worker then
/// mails it and its link works. Run on a scratch database of the suite's backend.
#[tokio::test]
async fn an_upgrade_moves_queued_account_mail_into_the_outbox() {
    use migration::{Migrator, MigratorTrait as _};
    use sea_orm::sea_query::{Alias, Query};
    use sea_orm::{ConnectionTrait as _, EntityTrait as _, Statement, TransactionTrait as _};
    use worker::Job as _;

    let (url, _dir, admin) = match std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"))
    {
        Some(admin_url) => {
            let name = format!("stockroom_upgrade_{}", uuid::Uuid::new_v4().simple());
            let admin = entity::db::connect(&admin_url, 1).await.unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let mut url = url::Url::parse(&admin_url).unwrap();
            url.set_path(&format!("/{name}"));
            (url.to_string(), None, Some((admin, name)))
        }
        None => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display());
            (url, Some(dir), None)
        }
    };
    let db = entity::db::connect(&url, 2).await.unwrap();
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261208_000023_account_mail_outbox")
        .unwrap();
    Migrator::up(&db, Some(u32::try_from(before).unwrap()))
        .await
        .unwrap();

    let now = chrono::Utc::now();
    let user = uuid::Uuid::now_v7();
    let (queued, sent) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let insert = |table: &str, columns: &[&str], values: Vec<sea_orm::Value>| {
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new(table))
            .columns(columns.iter().map(|c| Alias::new(*c)))
            .values(values.into_iter().map(Into::into))
            .unwrap();
        db.get_database_backend().build(&insert)
    };
    let rows: Vec<Statement> = vec![
        insert(
            "users",
            &[
                "id",
                "email",
                "name",
                "password_hash",
                "created_at",
                "updated_at",
            ],
            vec![
                user.into(),
                "upgraded@mail.example".into(),
                "Upgraded".into(),
                "not a hash".into(),
                now.into(),
                now.into(),
            ],
        ),
        insert(
            "account_tokens",
            &["id", "user_id", "purpose", "created_at", "expires_at"],
            vec![
                queued.into(),
                user.into(),
                "verify_email".into(),
                now.into(),
                (now + chrono::Duration::days(2)).into(),
            ],
        ),
        insert(
            "account_tokens",
            &[
                "id",
                "user_id",
                "purpose",
                "created_at",
                "expires_at",
                "mailed_at",
            ],
            vec![
                sent.into(),
                user.into(),
                "verify_email".into(),
                now.into(),
                (now + chrono::Duration::days(2)).into(),
                now.into(),
            ],
        ),
    ];
    for row in rows {
        db.execute_raw(row).await.unwrap();
    }
    Migrator::up(&db, None).await.unwrap();

    let worker_view = db.begin().await.unwrap();
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        worker_view
            .execute_unprepared("SELECT set_config('app.outbox_worker', 'on', true)")
            .await
            .unwrap();
    }
    let events = entity::entities::outbox_events::Entity::find()
        .all(&worker_view)
        .await
        .unwrap();
    worker_view.commit().await.unwrap();
    let moved: Vec<_> = events.iter().map(|e| (e.id, e.topic.as_str())).collect();
    assert_eq!(
        moved,
        [(queued, "account_mail")],
        "only the unsent e-mail moves"
    );
    assert_eq!(events[0].organization_id, entity::outbox::NO_ORGANIZATION.0);
    // Leased until it expires: a worker of the previous version, still running during a
    // rolling upgrade, leaves it to the outbox.
    let row = entity::entities::account_tokens::Entity::find_by_id(queued)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.lease_until, Some(row.expires_at));

    let sink = SmtpSink::start().await;
    let mailer = platform::mail::Mailer::new(
        Some(&sink.url()),
        std::env::temp_dir().as_path(),
        "Stockroom <w@example.com>",
    )
    .unwrap();
    let job = worker::jobs::DeliverOutbox::new(
        db.clone(),
        std::sync::Arc::new(mailer),
        platform::Bus::in_process(),
        crate::fixtures::APP_URL,
    );
    while job.try_run_once().await.unwrap() == worker::Outcome::Ran {}
    let mails = mails_to(&sink, "upgraded@mail.example");
    assert_eq!(mails.len(), 1);
    let token = link_token(&mails[0], "verify-email");
    entity::team::verify_email(&db, &token).await.unwrap();

    db.close().await.unwrap();
    if let Some((admin, name)) = admin {
        admin
            .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .await
            .unwrap();
    }
}

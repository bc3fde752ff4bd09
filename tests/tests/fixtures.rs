//! Fixtures that the API cannot make yet (written straight to the database as the owner).

use sea_orm::{ConnectionTrait as _, DbBackend, Statement, TransactionTrait as _};
use stockroom_tests::TestApp;
use uuid::Uuid;

/// A transaction as the database owner with `setting` applied (on PostgreSQL, where
/// row-level security reads it): `("app.organization_id", org)` to act inside a tenant,
/// `("app.outbox_worker", "on")` to see every tenant's outbox.
pub async fn owner_txn(
    db: &sea_orm::DatabaseConnection,
    setting: (&str, &str),
) -> sea_orm::DatabaseTransaction {
    let txn = db.begin().await.unwrap();
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "SELECT set_config($1, $2, true)",
            [setting.0.into(), setting.1.into()],
        ))
        .await
        .unwrap();
    }
    txn
}

/// Adds `user` to `org` with `role`.
pub async fn add_member(app: &TestApp, org: &str, user: &str, role: &str) {
    let db = app.database.owner().await;
    set_members_on(&db, org, &[(user, role)]).await;
    db.close().await.unwrap();
}

/// Makes each `(user, role)` a member of `org` with that role, whether or not they are one
/// already, and lifts any location restriction; on an owner connection the caller keeps.
pub async fn set_members_on(db: &sea_orm::DatabaseConnection, org: &str, members: &[(&str, &str)]) {
    use entity::entities::{member_locations, memberships};
    use sea_orm::sea_query::OnConflict;
    use sea_orm::{ActiveValue::Set, ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    let txn = owner_txn(db, ("app.organization_id", org)).await;
    let org = Uuid::parse_str(org).unwrap();
    for (user, role) in members {
        let user = Uuid::parse_str(user).unwrap();
        let role = match *role {
            "viewer" => entity::scope::Role::Viewer,
            "member" => entity::scope::Role::Member,
            "admin" => entity::scope::Role::Admin,
            _ => entity::scope::Role::Owner,
        };
        memberships::Entity::insert(memberships::ActiveModel {
            organization_id: Set(org),
            user_id: Set(user),
            role: Set(role),
            low_stock_alerts: Set(None),
            created_at: Set(chrono::Utc::now()),
        })
        .on_conflict(
            OnConflict::columns([
                memberships::Column::OrganizationId,
                memberships::Column::UserId,
            ])
            .update_column(memberships::Column::Role)
            .to_owned(),
        )
        .exec(&txn)
        .await
        .unwrap();
        member_locations::Entity::delete_many()
            .filter(member_locations::Column::OrganizationId.eq(org))
            .filter(member_locations::Column::UserId.eq(user))
            .exec(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
}

/// Runs the outbox worker's steps until nothing is due (mail goes to the app's mail folder).
pub async fn run_outbox(app: &TestApp) {
    use worker::{Job as _, Outcome};
    let mailer =
        platform::mail::Mailer::new(None, app.mail_dir.path(), "Stockroom <worker@example.com>")
            .unwrap();
    let job = worker::jobs::DeliverOutbox::new(
        app.database.as_app_role().await,
        std::sync::Arc::new(mailer),
        app.bus.clone(),
        "https://app.example.com",
    );
    let mut steps = 0;
    while job.try_run_once().await.unwrap() == Outcome::Ran {
        steps += 1;
        assert!(steps < 500, "the outbox does not drain");
    }
}

/// Runs the outbox's job (account e-mails among its events) until nothing is due, sending
/// over SMTP to `sink` as a worker would.
pub async fn deliver_mail(app: &TestApp, sink: &stockroom_tests::SmtpSink) {
    use worker::{Job as _, Outcome};
    let mailer = std::sync::Arc::new(
        platform::mail::Mailer::new(
            Some(&sink.url()),
            app.mail_dir.path(),
            "Stockroom <worker@example.com>",
        )
        .unwrap(),
    );
    let db = app.database.as_app_role().await;
    let job = worker::jobs::DeliverOutbox::new(db, mailer, app.bus.clone(), APP_URL);
    let mut steps = 0;
    while job.try_run_once().await.unwrap() == Outcome::Ran {
        steps += 1;
        assert!(steps < 500, "the outbox does not drain");
    }
}

pub const APP_URL: &str = "https://app.example.com";

/// The messages `sink` received for `email`, decoded from quoted-printable.
pub fn mails_to(sink: &stockroom_tests::SmtpSink, email: &str) -> Vec<String> {
    sink.messages()
        .into_iter()
        .map(|raw| {
            raw.replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=")
        })
        .filter(|message| {
            message
                .lines()
                .any(|line| line.starts_with("To:") && line.contains(email))
        })
        .collect()
}

/// The token of the first `APP_URL/<page>?token=…` link in `message`.
pub fn link_token(message: &str, page: &str) -> String {
    let marker = format!("{APP_URL}/{page}?token=");
    let start = message
        .find(&marker)
        .unwrap_or_else(|| panic!("no {page} link in {message}"))
        + marker.len();
    message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect()
}

/// Runs `sql` as the database owner inside `org`'s tenant (for states the API cannot reach,
/// such as the passing of time).
pub async fn as_owner_in(app: &TestApp, org: &str, sql: &str) {
    let db = app.database.owner().await;
    let txn = owner_txn(&db, ("app.organization_id", org)).await;
    txn.execute_unprepared(sql).await.unwrap();
    txn.commit().await.unwrap();
}

/// Runs `sql` as the database owner over every tenant's outbox (as the outbox worker sees it).
pub async fn as_outbox_worker(app: &TestApp, sql: &str) {
    let db = app.database.owner().await;
    let txn = owner_txn(&db, ("app.outbox_worker", "on")).await;
    txn.execute_unprepared(sql).await.unwrap();
    txn.commit().await.unwrap();
}

/// Makes every invitation of `org` expired, as if 7 days had passed.
pub async fn expire_invitations(app: &TestApp, org: &str) {
    let past = "'2020-01-01 00:00:00+00:00'";
    as_owner_in(
        app,
        org,
        &format!("UPDATE invitations SET expires_at = {past}, created_at = {past}"),
    )
    .await;
}

/// Ends the back-off of pending account e-mails, as if the retry delay had passed.
pub async fn retry_account_mail_now(app: &TestApp) {
    as_outbox_worker(
        app,
        "UPDATE outbox_events SET available_at = '2000-01-01T00:00:00Z'
         WHERE topic = 'account_mail' AND processed_at IS NULL AND parked_at IS NULL",
    )
    .await;
}

/// Takes the queued account e-mails (each sign-up's verification) out of the outbox, for tests
/// that count the alerts, events or messages of something else.
pub async fn forget_account_mail(app: &TestApp) {
    as_outbox_worker(
        app,
        "DELETE FROM outbox_events WHERE topic = 'account_mail'",
    )
    .await;
}

/// Ends `user`'s membership of `org` straight in the database, as if another replica had done
/// it and its announcement were lost: only a check made afresh can notice.
pub async fn delete_membership_silently(app: &TestApp, org: &str, user: &str) {
    use entity::entities::memberships;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    let db = app.database.owner().await;
    let txn = owner_txn(&db, ("app.organization_id", org)).await;
    memberships::Entity::delete_many()
        .filter(memberships::Column::OrganizationId.eq(Uuid::parse_str(org).unwrap()))
        .filter(memberships::Column::UserId.eq(Uuid::parse_str(user).unwrap()))
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
}

/// Revokes an API key straight in the database, without the api announcing it.
pub async fn revoke_key_silently(app: &TestApp, org: &str, key: &str) {
    use entity::entities::api_keys;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    let db = app.database.owner().await;
    let txn = owner_txn(&db, ("app.organization_id", org)).await;
    api_keys::Entity::update_many()
        .col_expr(api_keys::Column::RevokedAt, Expr::value(chrono::Utc::now()))
        .filter(api_keys::Column::OrganizationId.eq(Uuid::parse_str(org).unwrap()))
        .filter(api_keys::Column::Id.eq(Uuid::parse_str(key).unwrap()))
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
}

/// How many per-location safety stocks `org` has, read as the database owner.
pub async fn location_threshold_count(app: &TestApp, org: &str) -> u64 {
    use entity::entities::item_location_thresholds;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
    let db = app.database.owner().await;
    let txn = owner_txn(&db, ("app.organization_id", org)).await;
    let count = item_location_thresholds::Entity::find()
        .filter(item_location_thresholds::Column::OrganizationId.eq(Uuid::parse_str(org).unwrap()))
        .count(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    count
}

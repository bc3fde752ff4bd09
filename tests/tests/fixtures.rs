//! Fixtures that the API cannot make yet (written straight to the database as the owner).

use sea_orm::{ConnectionTrait as _, DbBackend, Statement, TransactionTrait as _};
use stockroom_tests::TestApp;
use uuid::Uuid;

/// Adds `user` to `org` with `role` (until invitations exist).
pub async fn add_member(app: &TestApp, org: &str, user: &str, role: &str) {
    let db = app.database.owner().await;
    let txn = db.begin().await.unwrap();
    let backend = db.get_database_backend();
    let org = Uuid::parse_str(org).unwrap();
    let user = Uuid::parse_str(user).unwrap();
    if backend == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "SELECT set_config('app.organization_id', $1, true)",
            [org.to_string().into()],
        ))
        .await
        .unwrap();
    }
    use entity::entities::memberships;
    use sea_orm::{ActiveModelTrait as _, ActiveValue::Set};
    let role = match role {
        "viewer" => entity::scope::Role::Viewer,
        "member" => entity::scope::Role::Member,
        "admin" => entity::scope::Role::Admin,
        _ => entity::scope::Role::Owner,
    };
    memberships::ActiveModel {
        organization_id: Set(org),
        user_id: Set(user),
        role: Set(role),
        low_stock_alerts: Set(None),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(&txn)
    .await
    .unwrap();
    txn.commit().await.unwrap();
}

/// Runs the outbox worker's steps until nothing is due (mail goes to the app's mail folder).
pub async fn run_outbox(app: &TestApp) {
    use worker::{Job as _, Outcome};
    let mailer =
        worker::mail::Mailer::new(None, app.mail_dir.path(), "Stockroom <worker@example.com>")
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

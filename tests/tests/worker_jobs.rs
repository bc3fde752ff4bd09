//! Jobs are driven one step at a time, without sleeping.

use chrono::{Duration, Utc};
use entity::entities::refresh_tokens;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use stockroom_tests::spawn_app;
use worker::jobs::Purge;
use worker::{Job as _, Outcome};

#[tokio::test]
async fn expired_refresh_tokens_are_purged_and_live_ones_kept() {
    let app = spawn_app().await;
    let stale = app.sign_up("stale@example.com", "Stale").await;
    let fresh = app.sign_up("fresh@example.com", "Fresh").await;
    let owner = app.database.owner().await;
    // Age the first session's token past expiry (plus the day of grace).
    refresh_tokens::Entity::update_many()
        .col_expr(
            refresh_tokens::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::days(2)),
        )
        .filter(refresh_tokens::Column::UserId.eq(uuid::Uuid::parse_str(&stale.user_id).unwrap()))
        .exec(&owner)
        .await
        .unwrap();

    let job = Purge::refresh_tokens(app.database.as_app_role().await);
    assert_eq!(
        job.try_run_once().await.unwrap(),
        Outcome::Idle,
        "one small batch, then nothing left"
    );
    assert_eq!(
        refresh_tokens::Entity::find().count(&owner).await.unwrap(),
        1
    );
    assert_eq!(
        app.refresh(&stale.refresh_token).await.error_code(),
        "UNAUTHENTICATED"
    );
    assert!(app.refresh(&fresh.refresh_token).await.errors().is_empty());
}

#[tokio::test]
async fn stripe_event_ids_are_forgotten_only_after_the_retention() {
    use entity::entities::stripe_events;
    use sea_orm::{ActiveValue::Set, QueryOrder as _};
    let app = spawn_app().await;
    let owner = app.database.owner().await;
    for (id, age) in [
        ("evt_old", Duration::days(31)),
        ("evt_recent", Duration::days(29)),
    ] {
        stripe_events::Entity::insert(stripe_events::ActiveModel {
            id: Set(id.to_owned()),
            event_type: Set("invoice.paid".to_owned()),
            created_at: Set(Utc::now() - age),
            received_at: Set(Utc::now() - age),
        })
        .exec(&owner)
        .await
        .unwrap();
    }
    let job = Purge::stripe_events(app.database.as_app_role().await);
    assert_eq!(job.try_run_once().await.unwrap(), Outcome::Idle);
    let kept: Vec<String> = stripe_events::Entity::find()
        .order_by_asc(stripe_events::Column::Id)
        .all(&owner)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(kept, ["evt_recent"]);
}

#[tokio::test]
async fn processed_outbox_events_are_pruned_after_the_retention_and_parked_ones_kept() {
    use entity::entities::outbox_events;
    use sea_orm::{ActiveValue::Set, QueryOrder as _};
    let app = spawn_app().await;
    let session = app.new_user("Pruned").await;
    crate::fixtures::forget_account_mail(&app).await;
    let org = uuid::Uuid::parse_str(&session.org_id).unwrap();
    let now = Utc::now();
    let event = |label: &str, processed: Option<Duration>, parked: Option<Duration>| {
        outbox_events::ActiveModel {
            organization_id: Set(org),
            id: Set(uuid::Uuid::now_v7()),
            topic: Set(label.to_owned()),
            payload: Set("{}".to_owned()),
            created_at: Set(now - Duration::days(30)),
            available_at: Set(now - Duration::days(30)),
            attempts: Set(0),
            last_error: Set(None),
            lease_until: Set(None),
            processed_at: Set(processed.map(|age| now - age)),
            parked_at: Set(parked.map(|age| now - age)),
            crashes: Set(0),
        }
    };
    // More old events than one batch, so the job says there is more to do.
    let mut events: Vec<_> = (0..501)
        .map(|_| event("old", Some(Duration::hours(169)), None))
        .collect();
    events.push(event("recent", Some(Duration::hours(167)), None));
    events.push(event("parked", None, Some(Duration::days(29))));
    let owner = app.database.owner().await;
    let txn = crate::fixtures::owner_txn(&owner, ("app.outbox_worker", "on")).await;
    outbox_events::Entity::insert_many(events)
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();

    let job = Purge::outbox_events(
        app.database.as_app_role().await,
        std::time::Duration::from_secs(168 * 3600),
    );
    assert_eq!(
        job.try_run_once().await.unwrap(),
        Outcome::Ran,
        "a full batch"
    );
    assert_eq!(job.try_run_once().await.unwrap(), Outcome::Idle, "the rest");
    assert_eq!(job.try_run_once().await.unwrap(), Outcome::Idle);

    let txn = crate::fixtures::owner_txn(&owner, ("app.outbox_worker", "on")).await;
    let kept: Vec<String> = outbox_events::Entity::find()
        .order_by_asc(outbox_events::Column::Topic)
        .all(&txn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.topic)
        .collect();
    txn.commit().await.unwrap();
    assert_eq!(kept, ["parked", "recent"]);
}

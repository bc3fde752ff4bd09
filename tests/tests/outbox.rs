//! The outbox at scale: claims, completions and the prune use indexes whatever the history;
//! and only events someone waits for wake the workers.

use chrono::{Duration, Utc};
use entity::entities::outbox_events;
use sea_orm::{ConnectionTrait as _, Statement};
use stockroom_tests::spawn_app;

use crate::fixtures::{as_outbox_worker, owner_txn};

/// The plan PostgreSQL chooses for `statement`, as the outbox worker (the database owner, so
/// the test can load a large history first).
async fn plan(owner: &sea_orm::DatabaseConnection, statement: Statement) -> String {
    let txn = owner_txn(owner, ("app.outbox_worker", "on")).await;
    let explain = Statement {
        sql: format!("EXPLAIN {}", statement.sql),
        ..statement
    };
    let rows = txn.query_all_raw(explain).await.unwrap();
    txn.commit().await.unwrap();
    rows.iter()
        .map(|row| row.try_get::<String>("", "QUERY PLAN").unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn claims_completions_and_prunes_use_indexes_whatever_the_history() {
    if stockroom_tests::skip_without_postgres("the query plans asked about are PostgreSQL's") {
        return;
    }
    let app = spawn_app().await;
    let session = app.new_user("History").await;
    let org = &session.org_id;
    // 200,000 delivered events, a few parked ones and 50 pending ones.
    as_outbox_worker(
        &app,
        &format!(
            "INSERT INTO outbox_events (organization_id, id, topic, payload, created_at,
                 available_at, attempts, processed_at, parked_at)
             SELECT '{org}', gen_random_uuid(), 'analytics', '{{}}', now() - interval '2 days',
                 now() - interval '2 days', 0,
                 CASE WHEN n % 1000 = 0 THEN NULL ELSE now() - interval '1 day' END,
                 CASE WHEN n % 1000 = 0 THEN now() - interval '1 day' ELSE NULL END
             FROM generate_series(1, 200000) AS n;
             INSERT INTO outbox_events (organization_id, id, topic, payload, created_at,
                 available_at, attempts)
             SELECT '{org}', gen_random_uuid(), 'analytics', '{{}}', now(), now(), 0
             FROM generate_series(1, 50);"
        ),
    )
    .await;
    let owner = app.database.owner().await;
    owner
        .execute_unprepared("ANALYZE outbox_events")
        .await
        .unwrap();

    let claim = entity::outbox::claim_statement(
        sea_orm::DbBackend::Postgres,
        entity::outbox::Topics::Only(entity::outbox::Topic::Analytics),
        Utc::now(),
        500,
        Duration::seconds(120),
    );
    let claim_plan = plan(&owner, claim).await;
    assert!(
        claim_plan.contains("Index Scan using idx_outbox_events_pending"),
        "due events come from the pending index:\n{claim_plan}"
    );
    assert!(
        claim_plan.contains("Index Scan using outbox_events_pkey"),
        "claimed events are updated through the primary key:\n{claim_plan}"
    );
    assert!(
        !claim_plan.contains("Seq Scan") && !claim_plan.contains("Sort Key: outbox_events"),
        "the claim neither scans nor sorts the table (only the claimed keys):\n{claim_plan}"
    );

    let event = outbox_events::Model {
        organization_id: uuid::Uuid::parse_str(org).unwrap(),
        id: uuid::Uuid::now_v7(),
        topic: "analytics".to_owned(),
        payload: "{}".to_owned(),
        created_at: Utc::now(),
        available_at: Utc::now(),
        attempts: 0,
        last_error: None,
        lease_until: None,
        processed_at: None,
        parked_at: None,
        crashes: 0,
    };
    let complete =
        entity::outbox::complete_statement(sea_orm::DbBackend::Postgres, &event, Utc::now());
    let complete_plan = plan(&owner, complete).await;
    assert!(
        complete_plan.contains("Index Scan using outbox_events_pkey")
            && !complete_plan.contains("Seq Scan"),
        "a completion finds its event by the primary key:\n{complete_plan}"
    );

    let prune = entity::outbox::prune_statement(
        sea_orm::DbBackend::Postgres,
        Utc::now() - Duration::hours(168),
        500,
    );
    let prune_plan = plan(&owner, prune).await;
    assert!(
        prune_plan.contains("idx_outbox_events_processed")
            && prune_plan.contains("Index Scan using outbox_events_pkey")
            && !prune_plan.contains("Seq Scan"),
        "the prune finds old events through its index:\n{prune_plan}"
    );
    owner.close().await.unwrap();
}

/// Roll-ups do not wake the workers (every `stockOut` enqueues one, and a transaction that
/// NOTIFYs serializes its commit with every other); an alert someone waits for does, at once.
#[tokio::test]
async fn only_events_someone_waits_for_wake_the_workers() {
    if stockroom_tests::skip_without_postgres(
        "workers are woken by LISTEN/NOTIFY on PostgreSQL; SQLite's embedded worker is woken in-process",
    ) {
        return;
    }
    let app = spawn_app().await;
    let s = app.new_user("Wake").await;
    let location = app.create_location(&s, "Shop").await;
    let item = app
        .try_create_item(
            &s,
            serde_json::json!({ "sku": "W-1", "name": "Widget", "safetyStock": "5" }),
        )
        .await;
    let item = item.data()["createItem"]["id"].as_str().unwrap().to_owned();
    let owner = app.database.owner().await;
    let mut listener =
        sea_orm::sqlx::postgres::PgListener::connect_with(owner.get_postgres_connection_pool())
            .await
            .unwrap();
    listener
        .listen(entity::outbox::NOTIFY_CHANNEL)
        .await
        .unwrap();
    let quiet = std::time::Duration::from_millis(500);

    app.stock_in(&s, &location, &item, "100").await.data();
    app.stock_out(&s, &location, &item, "10").await.data();
    // A notification is sent when the transaction commits, before the mutation answers.
    let woken = tokio::time::timeout(quiet, listener.recv()).await;
    assert!(woken.is_err(), "roll-ups alone woke the workers: {woken:?}");

    app.stock_out(&s, &location, &item, "86").await.data(); // 4 left: at most 5 is low
    let woken = tokio::time::timeout(std::time::Duration::from_secs(10), listener.recv())
        .await
        .expect("the low-stock alert woke the workers")
        .unwrap();
    assert_eq!(woken.channel(), entity::outbox::NOTIFY_CHANNEL);
}

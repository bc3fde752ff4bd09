//! Refresh tokens rotate on every use; a replay ends the session, except within a short grace
//! after the first use, when two tabs refreshing one session at once share one successor.

use chrono::{Duration, Utc};
use entity::entities::refresh_tokens;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::json;
use stockroom_tests::{GqlResponse, PASSWORD, TestApp, spawn_app};

const ME: &str = "{ me { user { email } } }";

fn successor(response: &GqlResponse) -> String {
    response.data()["refreshToken"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn access_works(app: &TestApp, response: &GqlResponse) -> bool {
    let access = response.data()["refreshToken"]["accessToken"]
        .as_str()
        .unwrap();
    app.graphql(ME, json!({}), Some(access), None)
        .await
        .errors()
        .is_empty()
}

/// Moves the first use of `user_id`'s used tokens `seconds` into the past.
async fn age_uses(app: &TestApp, user_id: &str, seconds: i64) {
    refresh_tokens::Entity::update_many()
        .col_expr(
            refresh_tokens::Column::UsedAt,
            Expr::value(Utc::now() - Duration::seconds(seconds)),
        )
        .filter(refresh_tokens::Column::UserId.eq(uuid::Uuid::parse_str(user_id).unwrap()))
        .filter(refresh_tokens::Column::UsedAt.is_not_null())
        .exec(&app.database.owner().await)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_replay_within_the_grace_gets_the_same_successor_and_after_it_ends_the_session() {
    let app = spawn_app().await;
    let session = app.sign_up("rot@example.com", "Rotations").await;

    let first = app.refresh(&session.refresh_token).await;
    let second_token = successor(&first);
    assert_ne!(second_token, session.refresh_token);
    assert!(access_works(&app, &first).await, "new access token works");

    // Presented again at once (another tab): the same successor, and a working access token.
    let again = app.refresh(&session.refresh_token).await;
    assert_eq!(successor(&again), second_token);
    assert!(access_works(&app, &again).await);

    // Presented again 31 s after its first use: theft or a replay.
    age_uses(&app, &session.user_id, 31).await;
    let replay = app.refresh(&session.refresh_token).await;
    assert_eq!(replay.error_code(), "UNAUTHENTICATED");
    // ...so its successor is revoked too.
    assert_eq!(
        app.refresh(&second_token).await.error_code(),
        "UNAUTHENTICATED"
    );

    // Another login is a separate family and unaffected.
    let other = app.log_in("rot@example.com", PASSWORD).await;
    let other_token = other.data()["logIn"]["refreshToken"].as_str().unwrap();
    assert!(app.refresh(other_token).await.errors().is_empty());
}

#[tokio::test]
async fn tabs_refreshing_one_session_at_once_share_one_successor() {
    if stockroom_tests::skip_without_postgres(stockroom_tests::SERIAL_ON_SQLITE) {
        return;
    }
    let app = spawn_app().await;
    let session = app.sign_up("tabs@example.com", "Tabs").await;
    let attempts = (0..6).map(|_| app.refresh(&session.refresh_token));
    let results = futures::future::join_all(attempts).await;
    let successors: Vec<String> = results.iter().map(successor).collect();
    assert!(
        successors.iter().all(|s| *s == successors[0]),
        "{successors:?}"
    );
    // One successor was issued: the session has its first token and that one.
    let tokens = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::UserId.eq(uuid::Uuid::parse_str(&session.user_id).unwrap()))
        .count(&app.database.owner().await)
        .await
        .unwrap();
    assert_eq!(tokens, 2);
    // And it carries the session on.
    assert!(app.refresh(&successors[0]).await.errors().is_empty());
}

#[tokio::test]
async fn the_grace_never_reopens_an_ended_session() {
    let app = spawn_app().await;
    let session = app.sign_up("ended@example.com", "Ended").await;
    let first = app.refresh(&session.refresh_token).await;
    let out = app
        .anonymous(
            "mutation($t: String!) { logOut(refreshToken: $t) }",
            json!({ "t": successor(&first) }),
        )
        .await;
    assert_eq!(out.data()["logOut"], true);
    // Within the grace, but the session was logged out.
    assert_eq!(
        app.refresh(&session.refresh_token).await.error_code(),
        "UNAUTHENTICATED"
    );
}

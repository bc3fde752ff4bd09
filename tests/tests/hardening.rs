//! Limits, error codes, and what never reaches a client.

use sea_orm::ConnectionTrait as _;
use serde_json::{Value, json};
use stockroom_tests::spawn_app;

#[tokio::test]
async fn a_30_level_deep_query_is_refused_before_execution() {
    let app = spawn_app().await;
    // Fifteen `fields { type … }` pairs: each level multiplies the answer. (A chain of
    // `ofType`, which follows one type reference, is not counted: see graphiql.rs.)
    let mut selection = "name".to_owned();
    for _ in 0..15 {
        selection = format!("fields {{ type {{ {selection} }} }}");
    }
    let query = format!("{{ __type(name: \"Query\") {{ {selection} }} }}");
    let response = app.anonymous(&query, json!({})).await;
    assert_eq!(response.error_code(), "GRAPHQL_VALIDATION_FAILED");
    assert!(
        response.error_message().contains("nested too deep"),
        "{}",
        response.body
    );
    assert!(response.body["data"].is_null());
}

#[tokio::test]
async fn a_500_alias_query_is_refused_before_execution() {
    let app = spawn_app().await;
    let session = app.sign_up("alias@example.com", "Aliases").await;
    let aliases: String = (0..500)
        .map(|i| format!("a{i}: me {{ user {{ id }} }} "))
        .collect();
    let response = app
        .graphql(
            &format!("{{ {aliases} }}"),
            json!({}),
            Some(&session.access_token),
            None,
        )
        .await;
    assert_eq!(response.error_code(), "GRAPHQL_VALIDATION_FAILED");
    assert!(
        response.error_message().contains("too many fields"),
        "{}",
        response.body
    );
    assert!(response.body["data"].is_null());
}

#[tokio::test]
async fn a_fragment_spread_hundreds_of_times_is_refused_too() {
    let app = spawn_app().await;
    let spreads: String = (0..400)
        .map(|i| format!("a{i}: __type(name: \"Query\") {{ ...F }} "))
        .collect();
    let query = format!("{{ {spreads} }} fragment F on __Type {{ name kind }}");
    let response = app.anonymous(&query, json!({})).await;
    assert_eq!(response.error_code(), "GRAPHQL_VALIDATION_FAILED");
    assert!(
        response.error_message().contains("too many fields"),
        "{}",
        response.body
    );
}

#[tokio::test]
async fn an_expensive_page_is_refused_by_complexity() {
    let app = spawn_app().await;
    let session = app.sign_up("pages@example.com", "Pages").await;
    let fields = "id sku name description barcode unit cost price safetyStock imageUrl archived createdAt updatedAt quantity";
    let query = format!(
        "{{ a: items(first: 200) {{ edges {{ node {{ {fields} stockLevels {{ quantity location {{ id name }} }} }} }} }} b: items(first: 200) {{ edges {{ node {{ {fields} }} }} }} }}"
    );
    let response = app.as_user(&session, &query, json!({})).await;
    assert_eq!(response.error_code(), "GRAPHQL_VALIDATION_FAILED");
    assert!(
        response.error_message().contains("too complex"),
        "{}",
        response.body
    );
}

#[tokio::test]
async fn a_2_mib_body_is_refused_with_413() {
    let app = spawn_app().await;
    let padding = "x".repeat(2 * 1024 * 1024);
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body(json!({ "query": "{ __typename }", "variables": { "padding": padding } }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
}

#[tokio::test]
async fn mutations_over_get_are_refused_and_do_nothing() {
    let app = spawn_app().await;
    let mutation = r#"mutation { signUp(input: { email: "get@example.com", password: "correct horse battery staple", name: "G", organizationName: "G" }) { accessToken } }"#;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", mutation)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    assert_eq!(
        app.log_in("get@example.com", "correct horse battery staple")
            .await
            .error_code(),
        "UNAUTHENTICATED"
    );

    // Queries over GET are fine.
    let query = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "{ __typename }")])
        .send()
        .await
        .unwrap();
    assert_eq!(query.status().as_u16(), 200);
    assert_eq!(
        query.json::<Value>().await.unwrap()["data"]["__typename"],
        "Query"
    );
}

#[tokio::test]
async fn batches_and_malformed_bodies_get_a_coded_400() {
    let app = spawn_app().await;
    for body in [
        r#"[{"query":"{ __typename }"},{"query":"{ __typename }"}]"#,
        "{not json",
    ] {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    }
}

#[tokio::test]
async fn invalid_documents_carry_a_code() {
    let app = spawn_app().await;
    for (query, code, field) in [
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED", None),
        ("{ me { ", "GRAPHQL_PARSE_FAILED", None),
        (
            "mutation { logIn(input: { password: \"x\" }) { accessToken } }",
            "BAD_USER_INPUT",
            Some("email"),
        ),
    ] {
        let response = app.anonymous(query, json!({})).await;
        assert_eq!(response.error_code(), code, "{query}");
        assert_eq!(
            response.body["errors"][0]["extensions"]["field"].as_str(),
            field,
            "{query}"
        );
        // Refused before execution: no `data` entry at all.
        assert!(response.body.get("data").is_none(), "{}", response.body);
    }
}

#[tokio::test]
async fn a_database_failure_shows_no_sql_to_the_client() {
    let app = spawn_app().await;
    let session = app.sign_up("fault@example.com", "Faults").await;
    // Break the schema underneath the running app.
    let owner = app.database.owner().await;
    for table in ["member_locations", "memberships"] {
        owner
            .execute_unprepared(&format!("DROP TABLE {table}"))
            .await
            .unwrap();
    }

    let response = app
        .graphql(
            "{ me { memberships { role } } }",
            json!({}),
            Some(&session.access_token),
            None,
        )
        .await;
    assert_eq!(response.error_code(), "INTERNAL");
    assert_eq!(response.error_message(), "internal error");
    let text = response.body.to_string().to_lowercase();
    for leak in [
        "memberships\"",
        "select",
        "relation",
        "no such table",
        "sqlx",
        "database error",
    ] {
        assert!(!text.contains(leak), "{leak:?} leaked: {text}");
    }
}

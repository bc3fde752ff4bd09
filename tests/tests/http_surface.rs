//! How requests may reach `/graphql`: GET never changes anything, whatever the document looks
//! like, and POST takes JSON only, so a page on another site cannot make a visitor's browser
//! sign up, log in or reset a password (those bodies need no CORS preflight).

use serde_json::{Value, json};
use stockroom_tests::{PASSWORD, Session, TestApp, spawn_app};

const CREATE: &str = r#"createLocation(input: { name: "Sneaky" }) { id }"#;

/// Sends `query` (and `operationName`) over GET as `session`; returns status and body.
async fn get_as(
    app: &TestApp,
    session: &Session,
    query: &str,
    operation_name: Option<&str>,
) -> (u16, Value) {
    let mut params = vec![("query", query)];
    if let Some(name) = operation_name {
        params.push(("operationName", name));
    }
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .bearer_auth(&session.access_token)
        .header("X-Organization-Id", &session.org_id)
        .query(&params)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn mutations_over_get_are_refused_however_the_document_names_them() {
    let app = spawn_app().await;
    let owner = app.sign_up("get-owner@example.com", "Get Ltd").await;
    let cases = [
        (format!("mutation M {{ {CREATE} }}"), None),
        (format!("mutation {{ {CREATE} }}"), None),
        (
            format!("query Q {{ locations {{ id }} }} mutation M {{ {CREATE} }}"),
            Some("M"),
        ),
        (
            format!("mutation M {{ {CREATE} }} query Q {{ locations {{ id }} }}"),
            Some("M"),
        ),
        (
            "subscription S { stockTransactionCreated { id } }".to_owned(),
            None,
        ),
    ];
    for (query, operation_name) in &cases {
        let (status, body) = get_as(&app, &owner, query, *operation_name).await;
        assert_eq!(status, 405, "{query}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    }
    let locations = app
        .ok(&owner, "{ locations { id } }", json!({}), "locations")
        .await;
    assert_eq!(locations, json!([]), "nothing was written");

    // A query picked out of a document that also holds a mutation still runs over GET.
    let (status, body) = get_as(
        &app,
        &owner,
        &format!("query Q {{ locations {{ id }} }} mutation M {{ {CREATE} }}"),
        Some("Q"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["locations"], json!([]));
    // The same named mutation over POST works: the refusal is about the method.
    let created = app
        .as_user(&owner, &format!("mutation M {{ {CREATE} }}"), json!({}))
        .await;
    assert!(created.data()["createLocation"]["id"].is_string());
}

#[tokio::test]
async fn a_post_that_is_not_json_is_refused_with_415_and_signs_nobody_up() {
    let app = spawn_app().await;
    let sign_up = |email: &str| {
        json!({
            "query": "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }",
            "variables": { "i": { "email": email, "password": PASSWORD, "name": "C", "organizationName": "CSRF" } },
        })
        .to_string()
    };
    let post = |content_type: Option<&str>, body: String| {
        let mut request = app
            .client
            .post(format!("{}/graphql", app.address))
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        request.send()
    };
    let refused = [
        (Some("text/plain"), "plain@example.com"),
        (Some("text/plain;charset=UTF-8"), "plain2@example.com"),
        (
            Some("application/x-www-form-urlencoded"),
            "form@example.com",
        ),
        (
            Some("multipart/form-data; boundary=xyz"),
            "multipart@example.com",
        ),
        (None, "none@example.com"),
    ];
    for (content_type, email) in refused {
        let response = post(content_type, sign_up(email)).await.unwrap();
        assert_eq!(response.status().as_u16(), 415, "{content_type:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_REQUEST",
            "{body}"
        );
        assert_eq!(
            app.log_in(email, PASSWORD).await.error_code(),
            "UNAUTHENTICATED",
            "{content_type:?} created {email}"
        );
    }

    for (content_type, email) in [
        ("application/json; charset=utf-8", "json@example.com"),
        ("Application/GraphQL-Response+JSON", "gql@example.com"),
    ] {
        let response = post(Some(content_type), sign_up(email)).await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{content_type}");
        let body: Value = response.json().await.unwrap();
        assert!(body["data"]["signUp"]["accessToken"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn a_get_document_is_checked_for_size_and_nesting_before_it_is_parsed() {
    let app = spawn_app().await;
    let owner = app.sign_up("get-nesting@example.com", "Nesting Ltd").await;
    let nested = format!("{{ __typename{} }}", "{ a ".repeat(200) + &"}".repeat(200));
    let (status, body) = get_as(&app, &owner, &nested, None).await;
    // As application/json, a refused document is still a 200 (graphql_over_http.rs has the
    // 400 of application/graphql-response+json).
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert!(body.get("data").is_none(), "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nested too deep"),
        "{body}"
    );
    let (status, body) = get_as(&app, &owner, "{ __typename }", None).await;
    assert_eq!(
        (status, &body["data"]["__typename"]),
        (200, &json!("Query"))
    );
}

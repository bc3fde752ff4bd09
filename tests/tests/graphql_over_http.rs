//! GraphQL over HTTP as the specification now stands: the `application/graphql-response+json`
//! media type with its status codes, `application/json` for older clients, and errors a
//! generated client can read (codes, `field`, `data` present exactly when execution ran).

use serde_json::{Value, json};
use stockroom_tests::{TestApp, spawn_app};

const MODERN: &str = "application/graphql-response+json";

/// Posts `body` as JSON with `accept`, returning the status, the content type and the body.
async fn post(app: &TestApp, accept: Option<&str>, body: &Value) -> (u16, String, Value) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(body);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.json().await.unwrap())
}

#[tokio::test]
async fn the_graphql_response_media_type_is_answered_when_a_client_accepts_it() {
    let app = spawn_app().await;
    let query = json!({ "query": "{ __typename }" });
    for accept in [
        MODERN,
        "application/graphql-response+json, application/json;q=0.9",
    ] {
        let (status, content_type, body) = post(&app, Some(accept), &query).await;
        assert_eq!(status, 200);
        assert!(content_type.starts_with(MODERN), "{accept}: {content_type}");
        assert_eq!(body["data"]["__typename"], "Query");
    }
    // Older clients: no Accept, application/json, or a wildcard get application/json.
    for accept in [None, Some("application/json"), Some("*/*")] {
        let (status, content_type, _) = post(&app, accept, &query).await;
        assert_eq!(status, 200);
        assert!(
            content_type.starts_with("application/json"),
            "{accept:?}: {content_type}"
        );
    }
    // Neither type acceptable: 406, said in JSON.
    let (status, _, body) = post(&app, Some("text/html"), &query).await;
    assert_eq!(status, 406);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
}

#[tokio::test]
async fn documents_that_do_not_parse_or_validate_are_400s_without_data() {
    let app = spawn_app().await;
    let cases = [
        (json!({ "query": "{ me { " }), "GRAPHQL_PARSE_FAILED", None),
        (
            json!({ "query": "{ nope }" }),
            "GRAPHQL_VALIDATION_FAILED",
            None,
        ),
        // A variable that does not fit its type is refused before anything runs.
        (
            json!({
                "query": "query($n: Int) { items(first: $n) { totalCount } }",
                "variables": { "n": "many" },
            }),
            "BAD_USER_INPUT",
            Some("first"),
        ),
        (
            json!({
                "query": "mutation($q: Quantity!) { stockIn(input: { locationId: \"00000000-0000-0000-0000-000000000000\", lines: [{ itemId: \"00000000-0000-0000-0000-000000000000\", quantity: $q }] }) { id } }",
                "variables": { "q": "1.23456" },
            }),
            "BAD_USER_INPUT",
            Some("lines.0.quantity"),
        ),
    ];
    for (request, code, field) in &cases {
        let (status, content_type, body) = post(&app, Some(MODERN), request).await;
        assert_eq!(status, 400, "{request}: {body}");
        assert!(content_type.starts_with(MODERN));
        assert!(body.get("data").is_none(), "{body}");
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], *code, "{body}");
        assert_eq!(error["extensions"]["field"].as_str(), *field, "{body}");

        // As application/json the same refusal is a 200, still without data.
        let (status, _, body) = post(&app, Some("application/json"), request).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("data").is_none(), "{body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], *code);
    }
    // The quantity's message says what a quantity looks like.
    let (_, _, body) = post(&app, Some(MODERN), &cases[3].0).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("four decimal places"), "{message}");
}

#[tokio::test]
async fn a_field_that_fails_is_null_in_data_beside_its_error() {
    let app = spawn_app().await;
    let session = app.new_user("Nulls Ltd").await;
    let missing = uuid::Uuid::now_v7();
    // `item` is non-null, so its failure makes the whole `data` null (the null propagates to
    // the root); `data` is still there, and the error has the path.
    let response = app
        .as_user(
            &session,
            &format!(r#"{{ me {{ user {{ email }} }} item(id: "{missing}") {{ id }} }}"#),
            json!({}),
        )
        .await;
    assert_eq!(response.status, 200);
    assert!(
        response.body.as_object().unwrap().contains_key("data"),
        "{}",
        response.body
    );
    assert!(response.body["data"].is_null(), "{}", response.body);
    assert_eq!(response.error_code(), "NOT_FOUND");
    assert_eq!(response.errors()[0]["path"], json!(["item"]));

    // Nullable fields: see the unit tests of api::graphql::nulls (every field of this
    // schema a client can make fail is non-null).
}

#[tokio::test]
async fn errors_of_the_http_layer_are_graphql_shaped() {
    let app = spawn_app().await;
    // Larger than the body limit: 413 with a coded GraphQL error.
    let huge = format!(
        r#"{{"query":"{{ __typename }}","variables":{{"pad":"{}"}}}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .header("accept", MODERN)
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE");

    // A body that is not one GraphQL request: 400, coded.
    let (status, _, body) = post(&app, Some(MODERN), &json!({ "variables": {} })).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
}

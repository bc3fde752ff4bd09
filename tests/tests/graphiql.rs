//! The first minute of a front-end developer: GraphiQL loads with no network but the api's,
//! and the standard introspection queries (graphql-js's `getIntrospectionQuery()`, what
//! GraphiQL and code generators send) pass at the default limits.

use serde_json::json;
use stockroom_tests::{spawn_app, spawn_app_with};

const INTROSPECTION: &str = include_str!("../fixtures/introspection.graphql");
const INTROSPECTION_FULL: &str = include_str!("../fixtures/introspection-full.graphql");

#[tokio::test]
async fn the_standard_introspection_queries_pass_at_the_default_limits() {
    let app = spawn_app_with(|config| {
        // The defaults, whatever the test harness sets.
        config.graphql_max_depth = 12;
        config.graphql_max_complexity = 5000;
        config.graphql_max_fields = 300;
    })
    .await;
    for query in [INTROSPECTION, INTROSPECTION_FULL] {
        let response = app.anonymous(query, json!({})).await;
        let types = response.data()["__schema"]["types"]
            .as_array()
            .unwrap_or_else(|| panic!("{}", response.body));
        let item = types.iter().find(|t| t["name"] == "Item").unwrap();
        assert_eq!(item["kind"], "OBJECT");
        let scalar = types.iter().find(|t| t["name"] == "DateTime").unwrap();
        assert!(scalar["description"].as_str().unwrap().contains("RFC 3339"));
    }
    let full = app.anonymous(INTROSPECTION_FULL, json!({})).await;
    let types = full.data()["__schema"]["types"].as_array().unwrap();
    let quantity = types.iter().find(|t| t["name"] == "Quantity").unwrap();
    assert!(
        quantity["specifiedByURL"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    // Introspection that multiplies its answer is still held to the depth limit.
    let nested = "{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } } } }";
    let refused = app.anonymous(nested, json!({})).await;
    assert!(
        refused.errors()[0]["message"]
            .as_str()
            .unwrap()
            .contains("nested too deep"),
        "{}",
        refused.body
    );
    // And ordinary queries too.
    let deep = "{ __typename me { memberships { organization { members { user { memberships { organization { members { user { memberships { organization { id } } } } } } } } } } } }";
    let refused = app.anonymous(deep, json!({})).await;
    assert!(!refused.errors().is_empty(), "{}", refused.body);
}

#[tokio::test]
async fn without_introspection_the_schema_and_its_names_stay_hidden() {
    let app = spawn_app_with(|config| config.graphql_introspection = false).await;
    let refused = app.anonymous(INTROSPECTION, json!({})).await;
    assert!(!refused.errors().is_empty(), "{}", refused.body);
    assert!(
        !refused.body.to_string().contains("\"types\""),
        "{}",
        refused.body
    );
    let shallow = app
        .anonymous("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert!(
        shallow.body["data"]["__schema"].is_null(),
        "{}",
        shallow.body
    );
    let typo = app.anonymous("{ itemz { totalCount } }", json!({})).await;
    let message = typo.errors()[0]["message"].as_str().unwrap();
    assert!(!message.contains("Did you mean"), "{message}");
    let with = spawn_app().await;
    let typo = with.anonymous("{ itemz { totalCount } }", json!({})).await;
    assert!(
        typo.errors()[0]["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean")
    );
}

#[tokio::test]
async fn graphiql_is_served_whole_from_the_api() {
    let app = spawn_app().await;
    let page = app.get("/graphql").await;
    assert_eq!(page.status().as_u16(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"),
        "no outside URL: {html}"
    );
    assert!(!html.contains("<script>"), "no inline script");
    let mut scripts = 0;
    for reference in html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/graphiql/"))
    {
        let asset = app.get(reference).await;
        assert_eq!(asset.status().as_u16(), 200, "{reference}");
        let kind = asset.headers()["content-type"].to_str().unwrap().to_owned();
        let body = asset.bytes().await.unwrap();
        assert!(body.len() > 100, "{reference}");
        if reference.ends_with(".js") {
            assert!(kind.starts_with("text/javascript"), "{reference}: {kind}");
            scripts += 1;
        }
    }
    assert_eq!(
        scripts, 4,
        "react, react-dom, graphiql and the page's own script"
    );
    let init = app.get("/graphiql/init.js").await.text().await.unwrap();
    assert!(
        init.contains("/graphql/ws"),
        "subscriptions over the api's socket"
    );
    assert_eq!(
        app.get("/graphiql/../Cargo.toml").await.status().as_u16(),
        404
    );
}

#[tokio::test]
async fn browsers_may_send_the_headers_common_clients_add_and_read_the_request_id() {
    let app = spawn_app_with(|config| {
        config.cors_allowed_origins = vec!["http://app.example".to_owned()];
    })
    .await;
    let requested = "authorization, content-type, x-organization-id, apollographql-client-name, apollographql-client-version, traceparent, tracestate, baggage, sentry-trace";
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", requested)
            .send()
    };
    let allowed = preflight("http://app.example").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://app.example"
    );
    let headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    for header in requested.split(", ") {
        assert!(headers.contains(header), "{header} not allowed: {headers}");
    }
    let foreign = preflight("http://evil.example").await.unwrap();
    assert!(
        foreign
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("origin", "http://app.example")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");
    assert!(response.headers().contains_key("x-request-id"));
}

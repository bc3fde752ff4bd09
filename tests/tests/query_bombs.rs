//! Documents whose cost grows faster than their size are refused with a code before anything
//! expands them: fragment chains that double at every level (2^30 selections from under 2 KB),
//! fragment cycles, and documents past the size and token caps. None of these tests measure
//! time: before the checks were linear, the first two would simply not have finished.

use serde_json::json;
use stockroom_tests::{TestApp, spawn_app, spawn_app_with};

/// `query { ...F0 }` where F{i} spreads F{i+1} twice, for `levels` levels, then `last`.
fn doubling_chain(levels: usize, last: &str) -> String {
    let mut text = String::from("query Bomb { ...F0 }");
    for i in 0..levels {
        text.push_str(&format!(
            " fragment F{i} on Query {{ ...F{n} ...F{n} }}",
            n = i + 1
        ));
    }
    text.push_str(last);
    text
}

async fn refused(app: &TestApp, query: &str, message: &str) {
    let response = app.anonymous(query, json!({})).await;
    assert_eq!(
        response.error_code(),
        "GRAPHQL_VALIDATION_FAILED",
        "{}",
        response.body
    );
    assert!(
        response.error_message().contains(message),
        "expected {message:?}: {}",
        response.body
    );
    assert!(response.body["data"].is_null(), "{}", response.body);
}

#[tokio::test]
async fn a_doubling_fragment_chain_ending_in_an_undefined_fragment_is_refused() {
    let app = spawn_app().await;
    let bomb = doubling_chain(30, "");
    assert!(bomb.len() < 2048, "{} bytes", bomb.len());
    refused(&app, &bomb, "unknown fragment \"F30\"").await;
}

#[tokio::test]
async fn a_doubling_chain_of_defined_fragments_is_refused() {
    let app = spawn_app().await;
    let bomb = doubling_chain(30, " fragment F30 on Query { __typename }");
    refused(&app, &bomb, "too many fields").await;
    // The same shape over a subscription and a mutation, and over GET.
    let subscription = bomb.replace("query Bomb", "subscription Bomb");
    refused(&app, &subscription, "too many fields").await;
    let over_get = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", bomb.as_str())])
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = over_get.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert!(body.get("data").is_none(), "{body}");
}

#[tokio::test]
async fn fragment_cycles_are_refused_used_or_not() {
    let app = spawn_app().await;
    for cycle in [
        "query { ...A } fragment A on Query { ...B ...B } fragment B on Query { ...A ...A }",
        "query { __typename } fragment A on Query { __typename ...B } fragment B on Query { ...A }",
        "query { ...A } fragment A on Query { ... on Query { __typename ...A } }",
    ] {
        refused(&app, cycle, "spreads itself").await;
    }
}

#[tokio::test]
async fn documents_past_the_size_or_token_caps_are_refused() {
    let app = spawn_app_with(|config| {
        config.graphql_max_document_bytes = 4096;
        config.graphql_max_tokens = 500;
    })
    .await;
    let long_comment = format!("# {}\n{{ __typename }}", "x".repeat(5000));
    refused(&app, &long_comment, "too large").await;
    // 600 tokens in under 4 KB.
    let many_tokens = format!(
        "{{ {} }}",
        "__typename "
            .repeat(300)
            .replace("__typename", "a:__typename")
    );
    assert!(many_tokens.len() < 4096);
    refused(&app, &many_tokens, "too many tokens").await;
    let nested = format!(
        "{{ __type(name: {}\"Query\"{}) {{ name }} }}",
        "[".repeat(200),
        "]".repeat(200)
    );
    refused(&app, &nested, "nested too deep").await;
}

/// graphql-js 16's `getIntrospectionQuery` with every option on, as GraphiQL sends it.
const INTROSPECTION: &str = r"
    query IntrospectionQuery {
      __schema {
        description
        queryType { name }
        mutationType { name }
        subscriptionType { name }
        types { ...FullType }
        directives {
          name description isRepeatable locations
          args(includeDeprecated: true) { ...InputValue }
        }
      }
    }
    fragment FullType on __Type {
      kind name description specifiedByURL
      fields(includeDeprecated: true) {
        name description
        args(includeDeprecated: true) { ...InputValue }
        type { ...TypeRef }
        isDeprecated deprecationReason
      }
      inputFields(includeDeprecated: true) { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
      possibleTypes { ...TypeRef }
    }
    fragment InputValue on __InputValue {
      name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
    }
    fragment TypeRef on __Type {
      kind name
      ofType { kind name ofType { kind name ofType { kind name ofType { kind name
        ofType { kind name ofType { kind name ofType { kind name } } } } } } }
    }";

#[tokio::test]
async fn the_graphiql_introspection_query_passes_the_default_document_caps() {
    let app = spawn_app_with(|config| {
        let defaults = <api::Config as clap::Parser>::try_parse_from(["api"]).unwrap();
        config.graphql_max_document_bytes = defaults.graphql_max_document_bytes;
        config.graphql_max_tokens = defaults.graphql_max_tokens;
        config.graphql_max_fields = defaults.graphql_max_fields;
        // The query nests 13 fields deep (`__schema types fields args type` + 7 `ofType` +
        // `kind`), one past GRAPHQL_MAX_DEPTH's default of 12, which is not what is tested here.
        config.graphql_max_depth = 13;
    })
    .await;
    let response = app.anonymous(INTROSPECTION, json!({})).await;
    let types = response.data()["__schema"]["types"].as_array().unwrap();
    assert!(
        types.iter().any(|t| t["name"] == "Item"),
        "{}",
        response.body
    );
}

//! The built web app served by the api (`WEB_DIR`): its routes open `index.html` (never
//! cached), hashed assets are cached for a year, a missing asset is a 404, and the api's own
//! routes are untouched.

use stockroom_tests::spawn_app_with;

#[tokio::test]
async fn the_api_serves_the_app_with_fallback_routing_and_cached_assets() {
    let dir = tempfile::tempdir().unwrap();
    let index = "<!doctype html><title>Stockroom</title><div id=root></div>";
    std::fs::write(dir.path().join("index.html"), index).unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/index-4f2a9c.js"), "console.log(1)").unwrap();
    let web_dir = dir.path().to_string_lossy().into_owned();
    let app = spawn_app_with(move |config| config.web_dir = Some(web_dir)).await;

    for path in [
        "/",
        "/items/0192f0c4-0000-7000-8000-000000000000",
        "/accept-invitation?token=x",
    ] {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let cache = response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            cache, "no-cache",
            "{path}: a new release is picked up at once"
        );
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(response.text().await.unwrap(), index, "{path}");
    }

    let asset = app
        .client
        .get(format!("{}/assets/index-4f2a9c.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status().as_u16(), 200);
    let cache = asset.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(cache, "public, max-age=31536000, immutable");
    assert_eq!(asset.text().await.unwrap(), "console.log(1)");
    let missing = app
        .client
        .get(format!("{}/assets/gone-000.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        missing.status().as_u16(),
        404,
        "an old asset is not answered with the page"
    );

    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    let graphql = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = graphql.json().await.unwrap();
    assert_eq!(body["data"]["__typename"], "Query");
}

#[tokio::test]
async fn without_web_dir_unknown_paths_are_not_found() {
    let app = stockroom_tests::spawn_app().await;
    let response = app
        .client
        .get(format!("{}/items", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
}

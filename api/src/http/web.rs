//! The built web app (`WEB_DIR`): hashed assets cached for a year, and every other path the
//! app's `index.html` (never cached), so the single-page app's own routes — the links in
//! e-mails among them — open on a fresh load.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, header};
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// `routes` with the app in `dir` behind them: `/assets/…` files, else `index.html`.
pub fn serve_app<S: Clone + Send + Sync + 'static>(routes: Router<S>, dir: &Path) -> Router<S> {
    let assets = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .service(ServeDir::new(dir.join("assets")));
    let index = dir.join("index.html");
    let app = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .service(ServeDir::new(dir).fallback(ServeFile::new(index)));
    routes.nest_service("/assets", assets).fallback_service(app)
}

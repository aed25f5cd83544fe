//! The built bundle under `/pkg/` (WebAssembly, JavaScript, CSS), served with validators so a
//! browser that has it asks "changed since?" and gets a bodiless 304, rather than downloading
//! (and the server compressing) the whole bundle again on every page load.
//!
//! The file names carry no hash of their content, so a browser may keep a copy but must ask
//! before each use (`no-cache`): a new release is seen on the next page load.

use axum::{
    Router,
    http::{HeaderValue, header},
};
use leptos::config::LeptosOptions;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

/// The route for `/{site_pkg_dir}/…`, from the site root's files, with their precompressed
/// `.br`/`.gz` siblings where a release build wrote them.
pub fn router<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    Router::new()
        .route_service(
            &leptos_axum::site_pkg_dir_service_route_path(options),
            ServeDir::new(&*options.site_root)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}

#[cfg(test)]
mod tests {
    use axum::{
        body::Body,
        http::{Request, StatusCode, header},
    };
    use leptos::config::LeptosOptions;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_cached_bundle_is_revalidated_with_a_bodiless_304() {
        let site = tempfile::tempdir().expect("a temporary directory");
        std::fs::create_dir(site.path().join("pkg")).expect("pkg");
        std::fs::write(site.path().join("pkg/app.wasm"), b"\0asm").expect("a file");
        let options = LeptosOptions::builder()
            .output_name("app")
            .site_root(site.path().to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .build();
        let assets = super::router::<()>(&options);
        let get = |modified_since: Option<&str>| {
            let mut request = Request::get("/pkg/app.wasm");
            if let Some(since) = modified_since {
                request = request.header(header::IF_MODIFIED_SINCE, since);
            }
            assets
                .clone()
                .oneshot(request.body(Body::empty()).expect("a request"))
        };

        let first = get(None).await.expect("an answer");
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache");
        let modified = first.headers()[header::LAST_MODIFIED]
            .to_str()
            .expect("a date")
            .to_owned();

        let again = get(Some(&modified)).await.expect("an answer");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers()[header::CACHE_CONTROL], "no-cache");

        let missing = assets
            .oneshot(
                Request::get("/pkg/none.wasm")
                    .body(Body::empty())
                    .expect("a request"),
            )
            .await
            .expect("an answer");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
}

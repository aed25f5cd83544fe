//! Security headers on every response.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// Compress the built bundle (WebAssembly, JavaScript, CSS), which is most of what a browser
/// downloads; pages are left alone, so no secret on a page shares a compressed stream with text
/// an attacker controls (BREACH).
pub fn is_built_asset(
    _status: axum::http::StatusCode,
    _version: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _extensions: &axum::http::Extensions,
) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|content_type| {
            [
                "application/wasm",
                "text/javascript",
                "application/javascript",
                "text/css",
            ]
            .iter()
            .any(|asset| content_type.starts_with(asset))
        })
}

/// What the security headers depend on.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    /// The public URL is https: browsers are told to use nothing else for a year, so a network
    /// attacker cannot strip TLS from a later visit.
    pub strict_transport: bool,
    /// Where the built bundle is served (`/pkg/`): it sets its own caching (assets.rs), while
    /// everything else may carry personal data and is never stored.
    pub bundle_prefix: Arc<str>,
}

/// One year, the value browsers' preload lists ask for.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

pub async fn security_headers(
    State(policy): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let cacheable = request.uri().path().starts_with(&*policy.bundle_prefix);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed: [(HeaderName, &'static str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // `same-origin` keeps the Referer on our own form posts (used to redirect back after a
        // post without JavaScript) and drops it everywhere else.
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if policy.strict_transport {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    // Pages set their own policy with the nonce of their scripts; this one covers the rest.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'; object-src 'none'",
            ),
        );
    }
    if !cacheable {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, Version, header};

    use super::is_built_asset;

    #[test]
    fn only_the_built_bundle_is_compressed() {
        let compressed = |content_type: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            is_built_asset(
                StatusCode::OK,
                Version::HTTP_11,
                &headers,
                &Extensions::new(),
            )
        };
        assert!(compressed("application/wasm"));
        assert!(compressed("text/javascript; charset=utf-8"));
        assert!(compressed("text/css"));
        assert!(!compressed("text/html; charset=utf-8"));
        assert!(!compressed("application/json"));
    }
}

//! Refuses state-changing requests that another site's page made the browser send (CSRF).
//!
//! Browsers label every request with `Sec-Fetch-Site`; older ones still send `Origin` (or at
//! least `Referer`) on a POST. A request with none of them is refused: it cannot be shown to come
//! from our own pages.

use app::AppError;
use axum::{
    Json,
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The origins our own pages are served from.
#[derive(Clone, Debug)]
pub struct OriginPolicy {
    /// `scheme://host[:port]` of the public URL.
    pub public_origin: String,
}

pub async fn refuse_cross_origin(
    State(policy): State<OriginPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || is_same_origin(&policy, request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(
        method = %request.method(),
        path = %request.uri().path(),
        "refused a cross-origin state-changing request"
    );
    (StatusCode::FORBIDDEN, Json(AppError::CrossOrigin)).into_response()
}

/// Whether the request demonstrably comes from one of our own pages.
pub fn is_same_origin(policy: &OriginPolicy, headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin" || site == "none";
    }
    let claimed = text(header::ORIGIN)
        .filter(|origin| *origin != "null")
        .map(str::to_owned)
        .or_else(|| text(header::REFERER).and_then(origin_of));
    let Some(claimed) = claimed else {
        return false;
    };
    // The Host header covers a server reached under another name than the public URL
    // (a proxy that keeps Host); any other site's origin matches neither.
    claimed == policy.public_origin
        || text(header::HOST)
            .and_then(|host| {
                claimed
                    .split_once("://")
                    .map(|(_, authority)| authority == host)
            })
            .unwrap_or(false)
}

/// `scheme://authority` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> OriginPolicy {
        OriginPolicy {
            public_origin: "http://127.0.0.1:3000".into(),
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("header value"));
        }
        map
    }

    #[test]
    fn requests_are_judged_by_fetch_metadata_origin_referer_or_refused() {
        type Case = (&'static [(&'static str, &'static str)], bool, &'static str);
        let cases: &[Case] = &[
            (
                &[("sec-fetch-site", "same-origin")],
                true,
                "same-origin fetch",
            ),
            (
                &[("sec-fetch-site", "none")],
                true,
                "typed into the address bar",
            ),
            (
                &[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "http://127.0.0.1:3000"),
                ],
                false,
                "fetch metadata wins",
            ),
            (
                &[("sec-fetch-site", "same-site")],
                false,
                "a sibling subdomain",
            ),
            (&[("origin", "http://127.0.0.1:3000")], true, "our origin"),
            (
                &[("origin", "https://evil.example")],
                false,
                "another origin",
            ),
            (&[("origin", "null")], false, "opaque origin"),
            (
                &[
                    ("origin", "http://verigate.internal:8080"),
                    ("host", "verigate.internal:8080"),
                ],
                true,
                "origin matches Host",
            ),
            (
                &[("referer", "http://127.0.0.1:3000/sign-in?x=1")],
                true,
                "referer only",
            ),
            (
                &[("referer", "https://evil.example/page")],
                false,
                "foreign referer",
            ),
            (&[], false, "no evidence at all"),
        ];
        for (pairs, expected, why) in cases {
            assert_eq!(
                is_same_origin(&policy(), &headers(pairs)),
                *expected,
                "{why}"
            );
        }
    }
}

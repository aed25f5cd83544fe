//! The API for other applications, behind API keys: the native JSON API at `/api/v1` (with its
//! OpenAPI document) and the Twilio Verify compatible `/v2`. Both sit outside the same-origin
//! check (they are not browser form posts) and never read or set cookies.

mod auth;
mod locale;
mod timestamps;
mod twilio;
mod v1;

use std::sync::Arc;

use axum::Router;

use super::Api;

/// What every API handler is given.
#[derive(Clone)]
pub struct ApiState {
    pub api: Api,
    /// `scheme://host[:port]` of the public URL: the scheme of absolute URLs in answers, and
    /// their host when a request has no `Host`.
    pub public_origin: Arc<str>,
}

/// `/api/v1/…` and `/v2/…`.
pub fn router(api: Api, public_origin: &str) -> Router {
    let state = ApiState {
        api,
        public_origin: public_origin.into(),
    };
    Router::new()
        .nest("/api/v1", v1::router())
        .nest("/v2", twilio::router())
        .with_state(state)
}

/// Logs an unexpected failure with its whole cause chain under a fresh reference, and returns
/// the reference: the client is shown only that.
pub fn log_unexpected(error: &anyhow::Error, interface: &str) -> String {
    let reference = crate::random::random_hex(8).unwrap_or_else(|_| "unknown".into());
    tracing::error!(%reference, interface, error.cause_chain = ?error, "API request failed");
    reference
}

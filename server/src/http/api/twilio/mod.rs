//! The Twilio Verify v2 compatible API, `/v2`: what Twilio's official libraries call to start
//! and check SMS codes, pointed at Verigate by overriding their Verify base URL. Requests are
//! form-encoded with PascalCase names; answers and errors are exactly Twilio's.

mod check;
mod error;
mod extract;
mod services;
mod verifications;
mod wire;

use axum::{
    Router,
    extract::OriginalUri,
    http::StatusCode,
    routing::{get, post},
};

use super::ApiState;
use error::TwilioError;

/// The routes, relative to `/v2`.
pub fn router() -> Router<ApiState> {
    Router::new()
        .route("/Services", get(services::list))
        .route("/Services/{service}", get(services::fetch))
        .route(
            "/Services/{service}/Verifications",
            post(verifications::start),
        )
        .route(
            "/Services/{service}/Verifications/{sid}",
            get(verifications::fetch).post(verifications::update),
        )
        .route("/Services/{service}/VerificationCheck", post(check::check))
        .method_not_allowed_fallback(|| async {
            TwilioError::new(StatusCode::METHOD_NOT_ALLOWED, 20004, "Method not allowed")
        })
        .fallback(|OriginalUri(uri): OriginalUri| async move { TwilioError::not_found(uri.path()) })
}

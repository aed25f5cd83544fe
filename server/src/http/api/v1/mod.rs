//! The native JSON API, `/api/v1`: verifications, and the OpenAPI document that describes them.
//! Errors are problem details ([`problem`]); nothing here answers in plain text.

mod extract;
mod idempotency;
mod model;
pub mod openapi;
mod problem;
mod verifications;

use axum::{
    Router,
    http::StatusCode,
    routing::{get, post},
};

use super::ApiState;
use problem::{Problem, ProblemCode};

/// The routes, relative to `/api/v1`.
pub fn router() -> Router<ApiState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/verifications", post(verifications::start))
        .route("/verifications/{id}", get(verifications::fetch))
        .route("/verifications/{id}/check", post(verifications::check))
        .route("/verifications/{id}/cancel", post(verifications::cancel))
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ProblemCode::MethodNotAllowed,
                "This resource does not take that method.",
            )
        })
        .fallback(|| async {
            Problem::new(
                StatusCode::NOT_FOUND,
                ProblemCode::NotFound,
                "No such resource in /api/v1.",
            )
        })
}

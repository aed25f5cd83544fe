//! The public listener when the console has a listener of its own (`VERIGATE_CONSOLE_ADDR`,
//! security checklist ADM-8): the console's pages are not there at all, and every request is
//! marked so that the console's server functions and an administrator's sign-in refuse too.

use app::ports::ConsoleElsewhere;
use axum::{
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};

/// 404 for the console's pages (`/admin…`, the first-run page `/setup`); the rest passes, marked.
pub async fn serve_no_console(mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path == "/setup" || path == "/admin" || path.starts_with("/admin/") {
        return StatusCode::NOT_FOUND.into_response();
    }
    request.extensions_mut().insert(ConsoleElsewhere);
    next.run(request).await
}

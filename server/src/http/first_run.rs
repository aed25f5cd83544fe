//! A fresh installation's start page is the first-run page.

use app::ports::{AppState, ConsoleElsewhere};
use axum::{
    extract::{Request, State},
    http::Method,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// `GET /` while no administrator exists answers 303 to `/setup`, before the page is rendered.
/// The page used to redirect itself with Leptos's `<Redirect>` from inside its suspense: that
/// ended the response while the render went on, and a render cut short like that can deadlock
/// Leptos's owner tree (a test run hung on it, in `Redirect`'s `use_context`, when its runtime
/// shut down).
pub async fn to_setup_first(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // Where the console has a listener of its own, the first-run page is there, not here.
    if request.method() == Method::GET
        && request.uri().path() == "/"
        && request.extensions().get::<ConsoleElsewhere>().is_none()
        && matches!(state.accounts.admin_exists().await, Ok(false))
    {
        return Redirect::to("/setup").into_response();
    }
    next.run(request).await
}

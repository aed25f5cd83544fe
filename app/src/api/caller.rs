//! Who is calling: the session cookie of the current request, resolved through the ports.

use http::{HeaderValue, header};
use leptos::prelude::*;

use leptos_i18n::Locale as _;

use crate::{
    AppError,
    components::LOCALE_COOKIE,
    i18n::Locale,
    ports::{AppState, ConsoleElsewhere, SignedInWith, User},
};

/// The application state, provided as context by the router.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        super::errors::unexpected(anyhow::anyhow!(
            "AppState missing from the server function context"
        ))
    })
}

/// The value of the request's cookie `name`, if it has one.
fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
}

/// Whether the request came to the public listener while the console has one of its own.
pub fn console_elsewhere() -> bool {
    use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.extensions.get::<ConsoleElsewhere>().is_some())
}

/// The session token from the request's cookie, if any.
pub fn session_token(state: &AppState) -> Option<String> {
    cookie(&state.cookie.name)
}

/// The request's device cookie, if any: the mark of a browser its user signed in from.
pub fn device_mark(state: &AppState) -> Option<String> {
    cookie(&state.cookie.device_name)
}

/// How long a browser stays marked as one its user signed in from.
const DEVICE_COOKIE_SECS: u32 = 180 * 24 * 60 * 60;

/// The reader's language, as the pages are rendered in: the language cookie, else the
/// browser's `Accept-Language`, else English. Codes the reader asks for are written in it.
pub fn reader_locale() -> Locale {
    if let Some(chosen) = cookie(LOCALE_COOKIE).and_then(|tag| {
        Locale::get_all()
            .iter()
            .find(|locale| locale.as_str() == tag)
    }) {
        return *chosen;
    }
    let accepted = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(header::ACCEPT_LANGUAGE).cloned())
        .and_then(|value| value.to_str().ok().map(str::to_owned))
        .unwrap_or_default();
    // `zh-CN,zh;q=0.9,en;q=0.8`: the tags in the browser's order (it lists them by weight).
    let tags: Vec<&str> = accepted
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .collect();
    Locale::find_locale(&tags)
}

/// The client's address (the peer, or behind trusted proxies the client they forwarded): the
/// limiter key for anonymous SMS sends and for failed password sign-ins. The server always
/// serves with connection info, so a request without it is a wiring fault, never a shared
/// "unknown" bucket that one client could fill for everyone.
pub async fn client_address() -> Result<String, AppError> {
    leptos_axum::extract::<axum::Extension<crate::ports::ClientAddress>>()
        .await
        .map(|axum::Extension(address)| address.0.to_string())
        .map_err(|error| {
            super::errors::unexpected(anyhow::anyhow!(
                "the request carries no client address: {error}"
            ))
        })
}

/// The signed-in user, or `None`. An administrator is nobody on the public listener while the
/// console has one of its own (the cookie is the same on every port of a host).
pub async fn current(state: &AppState) -> Result<Option<User>, AppError> {
    let Some(token) = session_token(state) else {
        return Ok(None);
    };
    let user = state.sessions.resolve(&token).await?;
    Ok(user.filter(|user| !(user.is_admin() && console_elsewhere())))
}

/// The signed-in user, or [`AppError::Unauthenticated`].
pub async fn require_user(state: &AppState) -> Result<User, AppError> {
    current(state).await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in administrator, or [`AppError::Unauthenticated`] / [`AppError::Forbidden`];
/// [`AppError::NotFound`] on the public listener when the console has one of its own.
pub async fn require_admin(state: &AppState) -> Result<User, AppError> {
    if console_elsewhere() {
        return Err(AppError::NotFound);
    }
    let user = require_user(state).await?;
    if user.is_admin() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in user, if they typed their password recently enough to bind or unbind a
/// number; [`AppError::PasswordConfirmationNeeded`] otherwise.
pub async fn require_recent_password(state: &AppState) -> Result<User, AppError> {
    let user = require_user(state).await?;
    let token = session_token(state).ok_or(AppError::Unauthenticated)?;
    if state.sessions.password_is_recent(&token).await? {
        Ok(user)
    } else {
        Err(AppError::PasswordConfirmationNeeded)
    }
}

/// Starts a new session for `user` (ending the one the request came with) and sets its cookie.
pub async fn begin_session(
    state: &AppState,
    user: &User,
    with: SignedInWith,
) -> Result<(), AppError> {
    if let Some(old) = session_token(state) {
        state.sessions.end(&old).await?;
    }
    let session = state.sessions.start(user, with).await?;
    set_cookie(state, &state.cookie.name, &session.token, None);
    // Not a credential (it only gives the user's sign-in codes from this browser a lane of
    // their own), so it stays after sign-out.
    set_cookie(
        state,
        &state.cookie.device_name,
        &session.device_mark,
        Some(DEVICE_COOKIE_SECS),
    );
    Ok(())
}

/// Ends the request's session and clears its cookie.
pub async fn end_session(state: &AppState) -> Result<(), AppError> {
    if let Some(token) = session_token(state) {
        state.sessions.end(&token).await?;
    }
    set_cookie(state, &state.cookie.name, "", Some(0));
    Ok(())
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<u32>) {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if state.cookie.secure {
        cookie.push_str("; Secure");
    }
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    match HeaderValue::from_str(&cookie) {
        Ok(value) => expect_context::<leptos_axum::ResponseOptions>()
            .append_header(header::SET_COOKIE, value),
        Err(error) => {
            tracing::error!(%error, cookie = %name, "a cookie is not a valid header value")
        }
    }
}

//! Accounts and sessions: who am I, sign up, sign in, sign out, and the first administrator.

use leptos::prelude::*;

use crate::{AppError, dto::CurrentUser};

/// Where a successful sign-in or sign-up lands.
pub const HOME_AFTER_SIGN_IN: &str = "/me/verification";

/// The signed-in user, or `None` for an anonymous visitor.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    let state = super::caller::state()?;
    Ok(super::caller::current(&state).await?.map(Into::into))
}

/// Whether the first-run "Create administrator" page still applies.
#[server(endpoint = "setup_status")]
pub async fn setup_status() -> Result<bool, AppError> {
    let state = super::caller::state()?;
    // The first-run page is the console's.
    Ok(!super::caller::console_elsewhere() && !state.accounts.admin_exists().await?)
}

/// Whether the sign-up page takes new accounts (otherwise administrators create them).
#[server(endpoint = "sign_up_status")]
pub async fn sign_up_status() -> Result<bool, AppError> {
    let state = super::caller::state()?;
    Ok(state.accounts.sign_up_open())
}

/// Creates an ordinary account and signs it in. Refused while sign-up is closed, and limited per
/// client address.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    username: String,
    password: String,
    password_confirmation: String,
) -> Result<(), AppError> {
    use crate::{
        ports::SignedInWith,
        types::{Password, Username},
    };
    let state = super::caller::state()?;
    // Closed is said first, before any field is judged: no input can help.
    if !state.accounts.sign_up_open() {
        return Err(AppError::SignUpClosed);
    }
    let client = super::caller::client_address().await?;
    let username = Username::parse(&username)?;
    let password = Password::choose(password, &password_confirmation)?;
    let user = state.accounts.sign_up(username, password, &client).await?;
    super::caller::begin_session(&state, &user, SignedInWith::Password).await?;
    leptos_axum::redirect(HOME_AFTER_SIGN_IN);
    Ok(())
}

/// Signs in with username and password; a new session id is issued every time. Failed attempts
/// are throttled per username and per client address.
#[server(endpoint = "sign_in")]
pub async fn sign_in(username: String, password: String) -> Result<(), AppError> {
    use crate::{
        ports::{Admits, SignedInWith},
        types::Password,
    };
    let state = super::caller::state()?;
    let client = super::caller::client_address().await?;
    // Where the console has a listener of its own, administrators sign in there only.
    let admits = if super::caller::console_elsewhere() {
        Admits::UsersOnly
    } else {
        Admits::Anyone
    };
    let user = state
        .accounts
        .sign_in(&username, Password::attempt(password), &client, admits)
        .await?;
    super::caller::begin_session(&state, &user, SignedInWith::Password).await?;
    leptos_axum::redirect(HOME_AFTER_SIGN_IN);
    Ok(())
}

/// Whether the signed-in user typed their password recently enough to bind or unbind a number
/// without typing it again.
#[server(endpoint = "password_status")]
pub async fn password_status() -> Result<bool, AppError> {
    let state = super::caller::state()?;
    match super::caller::require_recent_password(&state).await {
        Ok(_) => Ok(true),
        Err(AppError::PasswordConfirmationNeeded) => Ok(false),
        Err(error) => Err(error),
    }
}

/// The signed-in user types their password again (before binding or unbinding a number). Wrong
/// passwords are throttled like password sign-ins.
#[server(endpoint = "confirm_password")]
pub async fn confirm_password(password: String) -> Result<(), AppError> {
    use crate::{
        error::Problem,
        ports::{AccountError, Admits},
        types::Password,
    };
    let state = super::caller::state()?;
    let user = super::caller::require_user(&state).await?;
    let token = super::caller::session_token(&state).ok_or(AppError::Unauthenticated)?;
    let client = super::caller::client_address().await?;
    let confirmed = state
        .accounts
        .sign_in(
            &user.username,
            Password::attempt(password),
            &client,
            Admits::Anyone,
        )
        .await;
    match confirmed {
        Ok(account) if account.id == user.id => {}
        Ok(_) | Err(AccountError::InvalidCredentials) => {
            return Err(AppError::invalid("password", Problem::WrongPassword));
        }
        Err(error) => return Err(error.into()),
    }
    state.sessions.password_confirmed(&token).await?;
    Ok(())
}

/// Ends the current session.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = super::caller::state()?;
    super::caller::end_session(&state).await?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// Creates the first administrator and signs them in. Refused once any administrator exists.
#[server(endpoint = "create_first_admin")]
pub async fn create_first_admin(
    username: String,
    password: String,
    password_confirmation: String,
    setup_token: String,
) -> Result<(), AppError> {
    use crate::{
        ports::SignedInWith,
        types::{Password, Username},
    };
    let state = super::caller::state()?;
    if super::caller::console_elsewhere() {
        return Err(AppError::NotFound);
    }
    if state.accounts.admin_exists().await? {
        return Err(AppError::SetupDone);
    }
    let username = Username::parse(&username)?;
    let password = Password::choose(password, &password_confirmation)?;
    let admin = state
        .accounts
        .create_first_admin(username, password, &setup_token)
        .await?;
    super::caller::begin_session(&state, &admin, SignedInWith::Password).await?;
    leptos_axum::redirect("/admin/verification");
    Ok(())
}

//! Accounts that administrators create (the only way in while sign-up is closed). Every function
//! here first requires an administrator.

use leptos::prelude::*;

use crate::AppError;

/// Creates an ordinary account with the given password; the administrator stays signed in as
/// themselves. Returns the new account's username.
#[server(endpoint = "create_account")]
pub async fn create_account(
    username: String,
    password: String,
    password_confirmation: String,
) -> Result<String, AppError> {
    use crate::types::{Password, Username};
    let state = super::caller::state()?;
    let admin = super::caller::require_admin(&state).await?;
    let username = Username::parse(&username)?;
    let password = Password::choose(password, &password_confirmation)?;
    let user = state
        .accounts
        .create_user(&admin.id, username, password)
        .await?;
    tracing::info!(admin = %admin.username, username = %user.username, "an administrator created an account");
    Ok(user.username)
}

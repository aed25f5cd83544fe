//! End users' verification: bind and unbind phone numbers, sign in with an SMS code.

use leptos::prelude::*;

use crate::{
    AppError,
    dto::{CodeSent, MyVerifier, SignInVerifier},
};

/// The signed-in user's verifiers and bindings.
#[server(endpoint = "my_verifiers")]
pub async fn my_verifiers() -> Result<Vec<MyVerifier>, AppError> {
    let state = super::caller::state()?;
    let user = super::caller::require_user(&state).await?;
    state.verification.my_verifiers(&user).await
}

/// Sends a code to the number the user wants to bind.
#[server(endpoint = "send_bind_code")]
pub async fn send_bind_code(
    verifier: String,
    country: String,
    phone: String,
) -> Result<CodeSent, AppError> {
    let state = super::caller::state()?;
    let user = super::caller::require_user(&state).await?;
    let phone = ssr::phone(&country, &phone)?;
    state
        .verification
        .send_bind_code(&user, &verifier, &phone)
        .await
}

/// Binds the number once the code checks out.
#[server(endpoint = "bind_phone")]
pub async fn bind_phone(
    verifier: String,
    country: String,
    phone: String,
    challenge_id: String,
    code: String,
) -> Result<(), AppError> {
    let state = super::caller::state()?;
    let user = super::caller::require_user(&state).await?;
    let phone = ssr::phone(&country, &phone)?;
    state
        .verification
        .bind(&user, &verifier, &phone, &challenge_id, &code)
        .await
}

/// Sends a code to the number bound to `via`, before unbinding `verifier`.
#[server(endpoint = "send_unbind_code")]
pub async fn send_unbind_code(verifier: String, via: String) -> Result<CodeSent, AppError> {
    let state = super::caller::state()?;
    let user = super::caller::require_user(&state).await?;
    state
        .verification
        .send_unbind_code(&user, &verifier, &via)
        .await
}

/// Unbinds `verifier` once the code sent through `via` checks out.
#[server(endpoint = "unbind_phone")]
pub async fn unbind_phone(
    verifier: String,
    via: String,
    challenge_id: String,
    code: String,
) -> Result<(), AppError> {
    let state = super::caller::state()?;
    let user = super::caller::require_user(&state).await?;
    state
        .verification
        .unbind(&user, &verifier, &via, &challenge_id, &code)
        .await
}

/// Verifiers that allow signing in with a code (anyone may ask).
#[server(endpoint = "sign_in_verifiers")]
pub async fn sign_in_verifiers() -> Result<Vec<SignInVerifier>, AppError> {
    let state = super::caller::state()?;
    state.verification.sign_in_verifiers().await
}

/// Sends a sign-in code. The answer is the same whether or not the number is bound.
#[server(endpoint = "send_sign_in_code")]
pub async fn send_sign_in_code(
    verifier: String,
    country: String,
    phone: String,
) -> Result<CodeSent, AppError> {
    let state = super::caller::state()?;
    let phone = ssr::phone(&country, &phone)?;
    let client = super::caller::client_address().await;
    state
        .verification
        .send_sign_in_code(&verifier, &phone, &client)
        .await
}

/// Signs in with the code sent to a bound number.
#[server(endpoint = "sign_in_with_code")]
pub async fn sign_in_with_code(
    verifier: String,
    country: String,
    phone: String,
    challenge_id: String,
    code: String,
) -> Result<(), AppError> {
    let state = super::caller::state()?;
    let phone = ssr::phone(&country, &phone)?;
    let user = state
        .verification
        .sign_in_with_code(&verifier, &phone, &challenge_id, &code)
        .await?;
    super::caller::begin_session(&state, &user).await?;
    leptos_axum::redirect(super::auth::HOME_AFTER_SIGN_IN);
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{AppError, types::PhoneNumber};

    /// The typed number with the chosen calling code.
    pub fn phone(country: &str, phone: &str) -> Result<PhoneNumber, AppError> {
        let code = country.trim().trim_start_matches('+').parse::<u16>().ok();
        PhoneNumber::parse_input(code, phone)
    }
}

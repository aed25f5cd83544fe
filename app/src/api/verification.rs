//! End users' verification: bind and unbind phone numbers, sign in with an SMS code.

use leptos::prelude::*;

use crate::{
    AppError,
    dto::{CodeSent, MyVerifier, SignInVerifier},
};
#[cfg(feature = "ssr")]
use crate::{
    ports::{AppState, User},
    types::VerifierUid,
};

/// What binding and unbinding start from: the application, the signed-in user (who typed their
/// password in the last 10 minutes, see [`super::auth::confirm_password`]), and the verifier the
/// form names.
#[cfg(feature = "ssr")]
async fn signed_in_for(verifier: &str) -> Result<(AppState, User, VerifierUid), AppError> {
    let state = super::caller::state()?;
    let user = super::caller::require_recent_password(&state).await?;
    let verifier = super::input::verifier_uid(verifier)?;
    Ok((state, user, verifier))
}

/// The signed-in user's verifiers and bindings.
#[server(endpoint = "my_verifiers")]
pub async fn my_verifiers() -> Result<Vec<MyVerifier>, AppError> {
    let state = super::caller::state()?;
    let user = super::caller::require_user(&state).await?;
    let verifiers = state.verification.my_verifiers(&user).await?;
    Ok(verifiers.into_iter().map(Into::into).collect())
}

/// Sends a code to the number the user wants to bind.
#[server(endpoint = "send_bind_code")]
pub async fn send_bind_code(
    verifier: String,
    country: String,
    phone: String,
) -> Result<CodeSent, AppError> {
    let (state, user, verifier) = signed_in_for(&verifier).await?;
    let phone = super::input::phone(&country, &phone)?;
    let sent = state
        .verification
        .send_bind_code(&user, &verifier, &phone, super::caller::reader_locale())
        .await?;
    Ok(sent.into())
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
    let (state, user, verifier) = signed_in_for(&verifier).await?;
    let phone = super::input::phone(&country, &phone)?;
    Ok(state
        .verification
        .bind(&user, &verifier, &phone, &challenge_id, &code)
        .await?)
}

/// Sends a code to the number bound to `via`, before unbinding `verifier`.
#[server(endpoint = "send_unbind_code")]
pub async fn send_unbind_code(verifier: String, via: String) -> Result<CodeSent, AppError> {
    let (state, user, verifier) = signed_in_for(&verifier).await?;
    let via = super::input::via(&via)?;
    let sent = state
        .verification
        .send_unbind_code(&user, &verifier, &via, super::caller::reader_locale())
        .await?;
    Ok(sent.into())
}

/// Unbinds `verifier` once the code sent through `via` checks out.
#[server(endpoint = "unbind_phone")]
pub async fn unbind_phone(
    verifier: String,
    via: String,
    challenge_id: String,
    code: String,
) -> Result<(), AppError> {
    let (state, user, verifier) = signed_in_for(&verifier).await?;
    let via = super::input::via(&via)?;
    Ok(state
        .verification
        .unbind(&user, &verifier, &via, &challenge_id, &code)
        .await?)
}

/// Verifiers that allow signing in with a code (anyone may ask).
#[server(endpoint = "sign_in_verifiers")]
pub async fn sign_in_verifiers() -> Result<Vec<SignInVerifier>, AppError> {
    let state = super::caller::state()?;
    let methods = state.verification.sign_in_verifiers().await?;
    Ok(methods.into_iter().map(Into::into).collect())
}

/// Sends a sign-in code. The answer is the same whether or not the number is bound.
#[server(endpoint = "send_sign_in_code")]
pub async fn send_sign_in_code(
    verifier: String,
    country: String,
    phone: String,
) -> Result<CodeSent, AppError> {
    let state = super::caller::state()?;
    let verifier = super::input::verifier_uid(&verifier)?;
    let phone = super::input::phone(&country, &phone)?;
    let client = super::caller::client_address().await?;
    let sent = state
        .verification
        .send_sign_in_code(
            &verifier,
            &phone,
            &client,
            super::caller::device_mark(&state).as_deref(),
            super::caller::reader_locale(),
        )
        .await?;
    Ok(sent.into())
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
    let verifier = super::input::verifier_uid(&verifier)?;
    let phone = super::input::phone(&country, &phone)?;
    let user = state
        .verification
        .sign_in_with_code(&verifier, &phone, &challenge_id, &code)
        .await?;
    super::caller::begin_session(&state, &user, crate::ports::SignedInWith::Code).await?;
    leptos_axum::redirect(super::auth::HOME_AFTER_SIGN_IN);
    Ok(())
}

//! The administrators' API keys: list, create (the secret is shown once), revoke. Every function
//! here first requires an administrator.

use leptos::prelude::*;

use crate::{
    AppError,
    dto::{ApiKeysPage, CreatedApiKey},
};

/// The Account SID, every key, and the verifiers a new key may be limited to.
#[server(endpoint = "list_api_keys")]
pub async fn list_api_keys() -> Result<ApiKeysPage, AppError> {
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    let keys = state.api_keys.list_keys().await?;
    let verifiers = state.verifiers.list_verifiers().await?;
    Ok(ApiKeysPage {
        account_sid: state.api_keys.account_sid(),
        keys: keys.into_iter().map(Into::into).collect(),
        verifiers: verifiers.into_iter().map(Into::into).collect(),
    })
}

/// Creates a key for every verifier (`scope` = `all`) or for the chosen `verifiers`.
#[server(endpoint = "create_api_key")]
pub async fn create_api_key(
    name: String,
    scope: String,
    // Checkboxes: absent when none is ticked.
    verifiers: Option<Vec<String>>,
) -> Result<CreatedApiKey, AppError> {
    use crate::{error::Problem, ports::KeyScope, types::VerifierUid};
    let state = super::caller::state()?;
    let admin = super::caller::require_admin(&state).await?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(AppError::invalid("name", Problem::KeyNameLength));
    }
    let scope = match scope.as_str() {
        "all" => KeyScope::All,
        _ => {
            let verifiers = verifiers.unwrap_or_default();
            if verifiers.is_empty() {
                return Err(AppError::invalid(
                    "verifiers",
                    Problem::ChooseAtLeastOneVerifier,
                ));
            }
            KeyScope::Only(
                verifiers
                    .iter()
                    .map(|uid| VerifierUid::parse(uid))
                    .collect::<Result<_, _>>()
                    .map_err(|_| AppError::invalid("verifiers", Problem::ChooseListedVerifiers))?,
            )
        }
    };
    let key = state
        .api_keys
        .create_key(&admin.id, name.to_owned(), scope)
        .await?;
    Ok(key.into())
}

/// Revokes a key: every instance refuses it from the next request on.
#[server(endpoint = "revoke_api_key")]
pub async fn revoke_api_key(sid: String) -> Result<(), AppError> {
    let state = super::caller::state()?;
    let admin = super::caller::require_admin(&state).await?;
    state.api_keys.revoke_key(&admin.id, sid.trim()).await?;
    Ok(())
}

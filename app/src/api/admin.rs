//! The administrators' read views: verifiers and the message log.

use leptos::prelude::*;

use crate::{
    AppError,
    dto::{MessageEntry, Page, VerifierSummary},
};

/// Every verifier, for the "Verification" table. Administrators only.
#[server(endpoint = "list_verifiers")]
pub async fn list_verifiers() -> Result<Vec<VerifierSummary>, AppError> {
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    state.verifiers.list_verifiers().await
}

/// One page of the message log, newest first. Administrators only.
#[server(endpoint = "list_messages")]
pub async fn list_messages(page: i64) -> Result<Page<MessageEntry>, AppError> {
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    if page < 0 {
        return Err(AppError::invalid(
            "page",
            "The page number cannot be negative.",
        ));
    }
    state.verifiers.list_messages(page).await
}

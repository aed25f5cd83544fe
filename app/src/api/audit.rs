//! The administrators' audit log. Every function here first requires an administrator.

use leptos::prelude::*;

use crate::{
    AppError,
    dto::{AuditEventEntry, Page},
};

/// One page of the audit log, newest first; `action` (as in the page's URL) keeps one kind of
/// event, empty keeps all.
#[server(endpoint = "list_audit_events")]
pub async fn list_audit_events(
    action: String,
    page: i64,
) -> Result<Page<AuditEventEntry>, AppError> {
    use crate::{error::Problem, types::AuditAction};
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    let number =
        u32::try_from(page).map_err(|_| AppError::invalid("page", Problem::PageNegative))?;
    let action = match action.trim() {
        "" => None,
        name => Some(
            AuditAction::parse(name)
                .ok_or_else(|| AppError::invalid("action", Problem::ChooseAction))?,
        ),
    };
    let events = state
        .audit
        .list_events(action, number)
        .await
        .map_err(super::errors::unexpected)?;
    Ok(Page {
        items: events.items.into_iter().map(Into::into).collect(),
        page,
        has_more: events.has_more,
    })
}

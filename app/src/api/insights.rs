//! The administrators' Insights page: a verifier's report over a period, and releasing a
//! calling code the SMS-pumping guard holds. Every function here first requires an
//! administrator.

use leptos::prelude::*;

use crate::{AppError, dto::InsightsView};

/// The verifiers and the report of `verifier` (empty: the first one) over `period` (`24h`,
/// `7d`, `30d`; empty: `24h`).
#[server(endpoint = "load_insights")]
pub async fn load_insights(verifier: String, period: String) -> Result<InsightsView, AppError> {
    use crate::{error::Problem, types::Period};

    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    let period = match period.trim() {
        "" => Period::default(),
        text => {
            Period::parse(text).ok_or_else(|| AppError::invalid("period", Problem::ChoosePeriod))?
        }
    };
    let listings = state.verifiers.list_verifiers().await?;
    let chosen = match verifier.trim() {
        "" => listings.first().map(|listing| listing.uid.clone()),
        text => Some(super::input::verifier_uid(text)?),
    };
    let report = match chosen {
        Some(uid) => Some(state.insights.report(&uid, period).await?),
        None => None,
    };
    Ok(InsightsView {
        verifiers: listings.into_iter().map(Into::into).collect(),
        report,
    })
}

/// Ends the SMS-pumping guard's hold on a calling code of a verifier; false when it was not
/// held (any more).
#[server(endpoint = "release_calling_code")]
pub async fn release_calling_code(
    verifier: String,
    calling_code: String,
) -> Result<bool, AppError> {
    use crate::error::Problem;
    let state = super::caller::state()?;
    let admin = super::caller::require_admin(&state).await?;
    let uid = super::input::verifier_uid(&verifier)?;
    let code = calling_code
        .trim()
        .trim_start_matches('+')
        .parse::<u16>()
        .ok()
        .filter(|code| (1..=999).contains(code))
        .ok_or_else(|| {
            AppError::invalid("calling_code", Problem::OutOfRange { low: 1, high: 999 })
        })?;
    Ok(state.insights.release_hold(&uid, code, &admin).await?)
}

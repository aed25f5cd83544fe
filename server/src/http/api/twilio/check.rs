//! `POST /v2/Services/{ServiceSid}/VerificationCheck`: `Code` with `VerificationSid` or `To`.
//! A wrong code is a 200 showing `pending` (or `max_attempts_reached`) and `valid: false`.

use app::ports::ApiKeys as _;
use axum::{Json, extract::State};

use super::{
    error::TwilioError,
    extract::{Params, Sids, Site, TwilioCaller},
    verifications::phone_number,
    wire::CheckResource,
};
use crate::{domain::verification_api::Pending, http::api::ApiState};

pub async fn check(
    State(state): State<ApiState>,
    TwilioCaller(caller): TwilioCaller,
    site: Site,
    Sids(service_sid): Sids<String>,
    params: Params,
) -> Result<Json<CheckResource>, TwilioError> {
    let code = params
        .get("Code")
        .filter(|code| (4..=10).contains(&code.chars().count()))
        .ok_or_else(|| TwilioError::invalid("Code"))?;
    let to;
    let which = match (params.get("VerificationSid"), params.get("To")) {
        (Some(sid), _) => Pending::Sid(sid),
        (None, Some(text)) => {
            to = phone_number(Some(text)).ok_or_else(|| TwilioError::invalid("To"))?;
            Pending::To(&to)
        }
        (None, None) => {
            return Err(TwilioError::new(
                axum::http::StatusCode::BAD_REQUEST,
                60221,
                "No target verification specified",
            ));
        }
    };
    let verification = state
        .api
        .verifications
        .check(&caller, Some(&service_sid), which, code)
        .await
        .map_err(|error| TwilioError::from_api(error, &site.path))?;
    Ok(Json(CheckResource::new(
        &verification,
        &state.api.keys.account_sid(),
    )))
}

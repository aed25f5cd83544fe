//! `/v2/Services/{ServiceSid}/Verifications`: start (`To`, `Channel=sms`, `Locale`), fetch, and
//! update (`Status=canceled|approved`).

use app::{ports::ApiKeys as _, types::PhoneNumber};
use axum::{Json, extract::State, http::StatusCode};

use super::{
    error::TwilioError,
    extract::{Params, Sids, Site, TwilioCaller},
    wire::VerificationResource,
};
use crate::{
    domain::verification_api::{Status, Target},
    http::api::{
        ApiState,
        locale::{is_locale, message_locale},
    },
};

/// Start parameters that change what is sent or how it is limited, which Verigate does not
/// implement. Ignoring one would send something other than the caller asked for: a code of our
/// own instead of its `CustomCode` (which it then checks itself and never matches), a message
/// without its `AppHash` (Android's autofill), no limits of its `RateLimits`.
const UNSUPPORTED_START_PARAMETERS: &[&str] = &[
    "CustomCode",
    "CustomMessage",
    "CustomFriendlyName",
    "AppHash",
    "TemplateSid",
    "TemplateCustomSubstitutions",
    "Templates",
    "Amount",
    "Payee",
    "RateLimits",
];

/// `POST …/Verifications`: 201 and the pending verification.
pub async fn start(
    State(state): State<ApiState>,
    TwilioCaller(caller): TwilioCaller,
    site: Site,
    Sids(service_sid): Sids<String>,
    params: Params,
) -> Result<(StatusCode, Json<VerificationResource>), TwilioError> {
    let to = phone_number(params.get("To")).ok_or_else(|| TwilioError::invalid("To"))?;
    if let Some(parameter) = UNSUPPORTED_START_PARAMETERS
        .iter()
        .find(|parameter| params.get(parameter).is_some())
    {
        return Err(TwilioError::unsupported(parameter));
    }
    if params.get("Channel") != Some("sms") {
        return Err(TwilioError::invalid("Channel"));
    }
    if params
        .get("Locale")
        .is_some_and(|locale| !is_locale(locale))
    {
        return Err(TwilioError::invalid("Locale"));
    }
    let verification = state
        .api
        .verifications
        .start(
            &caller,
            &service_sid,
            &Target::Number(to),
            message_locale(params.get("Locale")),
        )
        .await
        .map_err(|error| TwilioError::from_api(error, &site.path))?;
    Ok((
        StatusCode::CREATED,
        Json(VerificationResource::new(
            &verification,
            &state.api.keys.account_sid(),
            &site.base,
        )),
    ))
}

/// `GET …/Verifications/{Sid}`: an approved or expired verification is gone (404), as Twilio
/// soft-deletes them; canceled, failed and exhausted ones still show.
pub async fn fetch(
    State(state): State<ApiState>,
    TwilioCaller(caller): TwilioCaller,
    site: Site,
    Sids((service_sid, sid)): Sids<(String, String)>,
) -> Result<Json<VerificationResource>, TwilioError> {
    let verification = state
        .api
        .verifications
        .fetch(&caller, Some(&service_sid), &sid)
        .await
        .map_err(|error| TwilioError::from_api(error, &site.path))?;
    if matches!(verification.status, Status::Approved | Status::Expired) {
        return Err(TwilioError::not_found(&site.path));
    }
    Ok(Json(VerificationResource::new(
        &verification,
        &state.api.keys.account_sid(),
        &site.base,
    )))
}

/// `POST …/Verifications/{Sid}` with `Status=canceled` or `Status=approved`.
pub async fn update(
    State(state): State<ApiState>,
    TwilioCaller(caller): TwilioCaller,
    site: Site,
    Sids((service_sid, sid)): Sids<(String, String)>,
    params: Params,
) -> Result<Json<VerificationResource>, TwilioError> {
    let approve = match params.get("Status") {
        Some("canceled") => false,
        Some("approved") => true,
        _ => return Err(TwilioError::invalid("Status")),
    };
    let verification = state
        .api
        .verifications
        .close(&caller, Some(&service_sid), &sid, approve)
        .await
        .map_err(|error| TwilioError::from_api(error, &site.path))?;
    Ok(Json(VerificationResource::new(
        &verification,
        &state.api.keys.account_sid(),
        &site.base,
    )))
}

/// Twilio's `To`: E.164 with its `+`, valid for its country.
pub fn phone_number(text: Option<&str>) -> Option<PhoneNumber> {
    let text = text?.trim();
    if !text.starts_with('+') {
        return None;
    }
    PhoneNumber::parse_input(None, text).ok()
}

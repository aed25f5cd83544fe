//! `/api/v1/verifications`: start one, fetch it, check its code, cancel it.

use app::types::{PhoneNumber, Username};
use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};

use super::{
    extract::{Caller, Id, JsonBody},
    idempotency::{self, Answer},
    model::{CheckCode, StartVerification, VerificationBody},
    problem::Problem,
};
use crate::{
    domain::verification_api::{Pending, Target},
    http::api::{
        ApiState,
        locale::{is_locale, message_locale},
    },
};

/// Sends a code and opens a verification.
#[utoipa::path(
    post,
    path = "/api/v1/verifications",
    tag = "verifications",
    operation_id = "start_verification",
    request_body = StartVerification,
    params(
        ("Idempotency-Key" = Option<String>, Header,
            description = "Retry safely: the same key with the same body within 24 hours answers \
                           the first answer again and sends nothing.")
    ),
    responses((status = 201, description = "The code is on its way.", body = VerificationBody)),
    security(("bearer" = []), ("basic" = []))
)]
pub async fn start(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    headers: HeaderMap,
    body: JsonBody<StartVerification>,
) -> Response {
    let idempotency_key = match idempotency::key_of(&headers) {
        Ok(key) => key,
        Err(problem) => return problem.into_response(),
    };
    let target = match target_of(&body.value) {
        Ok(target) => target,
        Err(problem) => return problem.into_response(),
    };
    let operation = async {
        let verification = state
            .api
            .verifications
            .start(
                &caller,
                &body.value.verifier,
                &target,
                message_locale(body.value.locale.as_deref()),
            )
            .await?;
        Ok::<_, Problem>(Answer {
            status: StatusCode::CREATED,
            body: serde_json::to_string(&VerificationBody::from(&verification))
                .map_err(|error| Problem::internal(&anyhow::Error::from(error)))?,
        })
    };
    idempotency::once(
        &state,
        &caller,
        idempotency_key.as_deref(),
        &body.canonical,
        operation,
    )
    .await
}

/// A verification as it stands.
#[utoipa::path(
    get,
    path = "/api/v1/verifications/{id}",
    tag = "verifications",
    operation_id = "get_verification",
    params(("id" = String, Path, description = "The verification's id (`VE…`).")),
    responses((status = 200, description = "The verification.", body = VerificationBody)),
    security(("bearer" = []), ("basic" = []))
)]
pub async fn fetch(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Id(id): Id,
) -> Result<Json<VerificationBody>, Problem> {
    let verification = state.api.verifications.fetch(&caller, None, &id).await?;
    Ok(Json(VerificationBody::from(&verification)))
}

/// Checks a code. A wrong code is no error: the answer shows the verification still `pending`
/// (or `max_attempts_reached`), `valid: false`, and the attempts left.
#[utoipa::path(
    post,
    path = "/api/v1/verifications/{id}/check",
    tag = "verifications",
    operation_id = "check_verification",
    params(("id" = String, Path, description = "The verification's id (`VE…`).")),
    request_body = CheckCode,
    responses((status = 200, description = "`approved` when the code was right.", body = VerificationBody)),
    security(("bearer" = []), ("basic" = []))
)]
pub async fn check(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Id(id): Id,
    body: JsonBody<CheckCode>,
) -> Result<Json<VerificationBody>, Problem> {
    let code = body.value.code.trim();
    if !(4..=10).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::invalid(&["code"], "A code is 4 to 10 digits."));
    }
    let verification = state
        .api
        .verifications
        .check(&caller, None, Pending::Sid(&id), code)
        .await?;
    Ok(Json(VerificationBody::from(&verification)))
}

/// Cancels a pending verification: its code stops working.
#[utoipa::path(
    post,
    path = "/api/v1/verifications/{id}/cancel",
    tag = "verifications",
    operation_id = "cancel_verification",
    params(("id" = String, Path, description = "The verification's id (`VE…`).")),
    responses((status = 200, description = "The verification, `canceled`.", body = VerificationBody)),
    security(("bearer" = []), ("basic" = []))
)]
pub async fn cancel(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Id(id): Id,
) -> Result<Json<VerificationBody>, Problem> {
    let verification = state
        .api
        .verifications
        .close(&caller, None, &id, false)
        .await?;
    Ok(Json(VerificationBody::from(&verification)))
}

/// Where the code goes, every parameter checked; all the faulty ones are named at once.
fn target_of(request: &StartVerification) -> Result<Target, Problem> {
    let mut faulty = Vec::new();
    if request.verifier.is_empty() || request.verifier.len() > 64 {
        faulty.push("verifier");
    }
    if request
        .locale
        .as_deref()
        .is_some_and(|locale| !is_locale(locale))
    {
        faulty.push("locale");
    }
    let country = match request.country.as_deref() {
        None => None,
        Some(text) => {
            let digits = text.strip_prefix('+').unwrap_or(text);
            let code = digits
                .parse::<u16>()
                .ok()
                .filter(|code| (1..=999).contains(code) && !digits.starts_with('0'));
            if code.is_none() || request.to.is_none() {
                faulty.push("country");
            }
            code
        }
    };
    let target = match (&request.to, &request.user) {
        (Some(to), None) => PhoneNumber::parse_input(country, to)
            .map(Target::Number)
            .map_err(|_| faulty.push("to"))
            .ok(),
        (None, Some(user)) => Username::parse(user)
            .map(Target::User)
            .map_err(|_| faulty.push("user"))
            .ok(),
        _ => {
            faulty.extend(["to", "user"]);
            None
        }
    };
    match target {
        Some(target) if faulty.is_empty() => Ok(target),
        _ => Err(Problem::invalid(
            &faulty,
            "Give `verifier` and exactly one of `to` (E.164, or national with `country`) and \
             `user`; `locale` is a language tag such as `en` or `zh-CN`.",
        )),
    }
}

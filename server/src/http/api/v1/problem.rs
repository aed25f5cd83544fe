//! The native API's errors: `application/problem+json` (RFC 9457) with a stable `code`, and the
//! one mapping from the domain's [`ApiError`] to them.

use app::ports::CodeError;
use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    domain::verification_api::{ApiError, Status},
    http::api::{auth::AuthFailure, log_unexpected},
};

/// What went wrong, for programs: stable, documented, never reworded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The body is not JSON, or not an object of the documented shape.
    MalformedRequest,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// One or more parameters (named in `fields`) are missing or wrong.
    InvalidParameter,
    /// No key, or an unknown, wrong or revoked one.
    Unauthorized,
    /// The key may not use this verifier.
    Forbidden,
    /// No such verification, verifier or user (the ones the key may not see included).
    NotFound,
    /// No such route or method.
    MethodNotAllowed,
    /// The user has bound no number to the verifier.
    NoBoundNumber,
    /// The verification is closed: approved, canceled, expired or failed.
    NotPending,
    /// Every check attempt of the verification is used up.
    MaxAttemptsReached,
    /// Too many wrong codes in a row for the number: no code is sent to it for a while (see
    /// `Retry-After`).
    NumberLocked,
    /// A code went to this number moments ago; see `Retry-After`.
    ResendTooSoon,
    /// Too many codes for this number or this key; see `Retry-After`.
    RateLimited,
    /// The verifier sent its daily budget of codes; sends resume at the next UTC day (see
    /// `Retry-After`).
    DailyBudgetSpent,
    /// Sends to the number's country are held for a while: few codes sent there lately were
    /// verified (suspected SMS pumping); see `Retry-After`.
    CountryHeld,
    /// The verifier does not send to the number's country.
    CountryNotAllowed,
    /// The number is of a kind codes are not sent to: premium rate, shared cost, toll-free,
    /// universal access, voicemail, pager, or a fixed line where the verifier refuses them.
    NumberKindNotAllowed,
    /// The provider says the number cannot receive text messages.
    Undeliverable,
    /// The provider (and its fallback) could not send the code.
    NotSent,
    /// The `Idempotency-Key` was used with another request body.
    IdempotencyKeyReused,
    /// A request with this `Idempotency-Key` is still being answered.
    IdempotencyKeyInUse,
    /// Our fault; quote `reference` when reporting it.
    Internal,
}

impl ProblemCode {
    /// The name on the wire (as serde writes it).
    fn as_str(self) -> &'static str {
        match self {
            Self::MalformedRequest => "malformed_request",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::InvalidParameter => "invalid_parameter",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::NoBoundNumber => "no_bound_number",
            Self::NotPending => "not_pending",
            Self::MaxAttemptsReached => "max_attempts_reached",
            Self::NumberLocked => "number_locked",
            Self::ResendTooSoon => "resend_too_soon",
            Self::RateLimited => "rate_limited",
            Self::DailyBudgetSpent => "daily_budget_spent",
            Self::CountryHeld => "country_held",
            Self::CountryNotAllowed => "country_not_allowed",
            Self::NumberKindNotAllowed => "number_kind_not_allowed",
            Self::Undeliverable => "undeliverable",
            Self::NotSent => "not_sent",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::IdempotencyKeyInUse => "idempotency_key_in_use",
            Self::Internal => "internal",
        }
    }
}

/// An error answer (RFC 9457 problem details). Kept small (boxed text): it travels in every
/// `Result` of the handlers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:verigate:problem:<code>`.
    #[serde(rename = "type")]
    #[schema(value_type = String, example = "urn:verigate:problem:not_found")]
    pub kind: Box<str>,
    /// A short summary of the kind of problem.
    pub title: &'static str,
    /// The HTTP status code.
    #[schema(example = 404)]
    pub status: u16,
    /// What happened in this case, for people.
    #[schema(value_type = String)]
    pub detail: Box<str>,
    pub code: ProblemCode,
    /// With `invalid_parameter` (and some others): the parameters at fault.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    #[schema(value_type = Vec<String>)]
    pub fields: Box<[String]>,
    /// With `internal`: the reference of the failure in the server's log.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub reference: Option<Box<str>>,
    /// With every 429: also sent as `Retry-After`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, code: ProblemCode, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("urn:verigate:problem:{}", code.as_str()).into(),
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail: detail.into().into(),
            code,
            fields: Box::default(),
            reference: None,
            retry_after: None,
        }
    }

    /// `invalid_parameter` on `fields`.
    pub fn invalid(fields: &[&str], detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ProblemCode::InvalidParameter,
            detail,
        )
        .on(fields)
    }

    /// Names the parameters at fault.
    pub fn on(mut self, fields: &[&str]) -> Self {
        self.fields = fields.iter().map(|field| (*field).to_owned()).collect();
        self
    }

    fn too_many(code: ProblemCode, retry_after_secs: u64, detail: String) -> Self {
        Self {
            retry_after: Some(retry_after_secs.max(1)),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, code, detail)
        }
    }

    /// An unexpected failure: logged with its cause chain, shown as a reference.
    pub fn internal(error: &anyhow::Error) -> Self {
        let reference = log_unexpected(error, "api/v1");
        Self {
            reference: Some(reference.clone().into()),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ProblemCode::Internal,
                format!("Something went wrong on our side (reference {reference})."),
            )
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.code == ProblemCode::Unauthorized {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"verigate\", Basic realm=\"verigate\""),
            );
        }
        response
    }
}

impl From<AuthFailure> for Problem {
    fn from(failure: AuthFailure) -> Self {
        match failure {
            AuthFailure::Refused => Self::new(
                StatusCode::UNAUTHORIZED,
                ProblemCode::Unauthorized,
                "Send an API key: `Authorization: Bearer <secret>` or Basic `<SID>:<secret>`.",
            ),
            AuthFailure::Unexpected(error) => Self::internal(&error),
        }
    }
}

/// The one mapping from the domain's errors to the native API's.
impl From<ApiError> for Problem {
    fn from(error: ApiError) -> Self {
        use ProblemCode as P;
        let detail = error.to_string();
        match error {
            ApiError::UnknownVerifier => Self::new(
                StatusCode::NOT_FOUND,
                P::NotFound,
                "No verifier has that UID or Service SID.",
            )
            .on(&["verifier"]),
            ApiError::VerifierNotAllowed => Self::new(
                StatusCode::FORBIDDEN,
                P::Forbidden,
                "This API key may not use the verifier.",
            )
            .on(&["verifier"]),
            ApiError::UnknownUser => {
                Self::new(StatusCode::NOT_FOUND, P::NotFound, "No user has that name.")
                    .on(&["user"])
            }
            ApiError::NoBoundNumber => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                P::NoBoundNumber,
                "The user has bound no number to this verifier.",
            )
            .on(&["user"]),
            ApiError::NotFound => {
                Self::new(StatusCode::NOT_FOUND, P::NotFound, "No such verification.")
            }
            ApiError::NotPending(status) => not_pending(status),
            ApiError::MaxAttempts => max_attempts(),
            ApiError::Code(code) => match code {
                CodeError::CountryNotAllowed => Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    P::CountryNotAllowed,
                    "The verifier does not send to numbers of this country.",
                )
                .on(&["to"]),
                CodeError::NumberKindRefused(kind) => Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    P::NumberKindNotAllowed,
                    format!("Codes are not sent to {} numbers.", kind.name()),
                )
                .on(&["to"]),
                CodeError::Undeliverable => Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    P::Undeliverable,
                    "The number cannot receive text messages.",
                )
                .on(&["to"]),
                CodeError::ResendTooSoon { retry_after_secs } => {
                    Self::too_many(P::ResendTooSoon, retry_after_secs, detail)
                }
                CodeError::RateLimited { retry_after_secs } => {
                    Self::too_many(P::RateLimited, retry_after_secs, detail)
                }
                CodeError::KeyMinuteBudgetSpent { retry_after_secs } => Self::too_many(
                    P::RateLimited,
                    retry_after_secs,
                    format!(
                        "This API key asked for as many codes this minute as the verifier allows; \
                         retry in {retry_after_secs} s."
                    ),
                ),
                CodeError::KeyDayBudgetSpent { retry_after_secs } => Self::too_many(
                    P::RateLimited,
                    retry_after_secs,
                    format!(
                        "This API key asked for as many codes today (UTC) as the verifier allows; \
                         retry in {retry_after_secs} s."
                    ),
                ),
                CodeError::CountryHeld { retry_after_secs } => Self::too_many(
                    P::CountryHeld,
                    retry_after_secs,
                    format!(
                        "Sends to this country are held: few codes sent there in the last hour \
                         were verified (suspected SMS pumping); retry in {retry_after_secs} s."
                    ),
                ),
                CodeError::VerifierBudgetSpent { retry_after_secs } => Self::too_many(
                    P::DailyBudgetSpent,
                    retry_after_secs,
                    format!(
                        "The verifier sent its daily budget of codes; sends resume at the next \
                         UTC day, in {retry_after_secs} s."
                    ),
                ),
                // Budgets of signed-in users and anonymous clients, which the API does not
                // send for; should one ever come through, its own words say what happened.
                CodeError::TooManyNumbers { retry_after_secs }
                | CodeError::UserDayBudgetSpent { retry_after_secs }
                | CodeError::ClientBudgetSpent { retry_after_secs } => {
                    Self::too_many(P::RateLimited, retry_after_secs, detail)
                }
                // The domain answers a wrong code with the verification itself; this is its
                // wording should one ever come through.
                CodeError::WrongCode { .. } => Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    P::InvalidParameter,
                    detail,
                )
                .on(&["code"]),
                CodeError::Expired => not_pending(Status::Expired),
                CodeError::TooManyAttempts => max_attempts(),
                CodeError::NumberLocked { retry_after_secs } => Self::too_many(
                    P::NumberLocked,
                    retry_after_secs,
                    format!(
                        "Too many wrong codes were entered for this number in a row; no code is \
                         sent to it for a while. Retry in {retry_after_secs} s."
                    ),
                ),
                CodeError::NotSent => Self::new(
                    StatusCode::BAD_GATEWAY,
                    P::NotSent,
                    "The SMS provider could not send the code; try again later.",
                ),
            },
            ApiError::Unexpected(error) => Self::internal(&error),
        }
    }
}

fn not_pending(status: Status) -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        ProblemCode::NotPending,
        format!("The verification is {}.", status.as_str()),
    )
}

fn max_attempts() -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        ProblemCode::MaxAttemptsReached,
        "The verification has no check attempts left; start a new one.",
    )
}

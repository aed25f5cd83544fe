//! Twilio's error answers, exactly: `{code, message, more_info, status}` (the four fields both
//! official libraries turn into their `RestException`; an RFC 9457 body would make them raise
//! another class), and the one mapping from the domain's [`ApiError`] to Twilio's codes.

use app::{ports::CodeError, types::NumberKind};
use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::{
    domain::verification_api::ApiError,
    http::api::{auth::AuthFailure, log_unexpected},
};

/// An error as Twilio words it.
#[derive(Debug, Clone, Serialize)]
pub struct TwilioError {
    pub code: u32,
    pub message: String,
    pub more_info: String,
    pub status: u16,
    /// Sent as `Retry-After` (429s only).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl TwilioError {
    pub fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            more_info: format!("https://www.twilio.com/docs/errors/{code}"),
            status: status.as_u16(),
            retry_after: None,
        }
    }

    /// 60204 (403): a feature this service does not offer, as Twilio answers `CustomCode` on a
    /// service without custom codes.
    pub fn unsupported(parameter: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            60204,
            format!("Service does not support this feature: {parameter}"),
        )
    }

    /// 60200: a parameter is missing or malformed.
    pub fn invalid(parameter: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            60200,
            format!("Invalid parameter: {parameter}"),
        )
    }

    /// 20404, naming the resource as Twilio does (`/v2/Services/VA…/VerificationCheck`).
    pub fn not_found(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    fn too_many(code: u32, message: &str, retry_after_secs: Option<u64>) -> Self {
        Self {
            retry_after: retry_after_secs.map(|secs| secs.max(1)),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, code, message)
        }
    }

    /// The mapping from the domain's errors; `path` is the request's, for 20404's message.
    pub fn from_api(error: ApiError, path: &str) -> Self {
        match error {
            ApiError::UnknownVerifier | ApiError::NotFound | ApiError::NotPending(_) => {
                Self::not_found(path)
            }
            ApiError::VerifierNotAllowed => Self::new(
                StatusCode::FORBIDDEN,
                20403,
                "Forbidden: this API key may not use the Service",
            ),
            // `/v2` only starts verifications to numbers.
            ApiError::UnknownUser | ApiError::NoBoundNumber => Self::invalid("To"),
            ApiError::MaxAttempts => max_check_attempts(),
            ApiError::Code(code) => match code {
                CodeError::ResendTooSoon { retry_after_secs }
                | CodeError::RateLimited { retry_after_secs }
                | CodeError::TooManyNumbers { retry_after_secs }
                | CodeError::UserDayBudgetSpent { retry_after_secs }
                | CodeError::ClientBudgetSpent { retry_after_secs }
                | CodeError::NumberLocked { retry_after_secs } => {
                    max_send_attempts(retry_after_secs)
                }
                CodeError::KeyMinuteBudgetSpent { retry_after_secs }
                | CodeError::KeyDayBudgetSpent { retry_after_secs } => Self::too_many(
                    20429,
                    "Too Many Requests: this API key's send budget is spent",
                    Some(retry_after_secs),
                ),
                // Twilio's Fraud Guard code for blocked SMS pumping.
                CodeError::CountryHeld { retry_after_secs } => Self::too_many(
                    60410,
                    "Verification delivery attempt blocked: few verifications to this country",
                    Some(retry_after_secs),
                ),
                CodeError::VerifierBudgetSpent { retry_after_secs } => Self::too_many(
                    20429,
                    "Too Many Requests: the Service's daily send budget is spent",
                    Some(retry_after_secs),
                ),
                CodeError::TooManyAttempts => max_check_attempts(),
                CodeError::Expired => Self::not_found(path),
                CodeError::CountryNotAllowed => Self::new(
                    StatusCode::FORBIDDEN,
                    60605,
                    "Verification delivery attempt blocked",
                ),
                CodeError::NumberKindRefused(NumberKind::FixedLine) => Self::new(
                    StatusCode::BAD_REQUEST,
                    60205,
                    "SMS is not supported by landline phone number",
                ),
                CodeError::Undeliverable | CodeError::NumberKindRefused(_) => Self::invalid("To"),
                CodeError::WrongCode { .. } => Self::invalid("Code"),
                CodeError::NotSent => Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    20503,
                    "Service unavailable",
                ),
            },
            ApiError::Unexpected(error) => Self::internal(&error),
        }
    }

    /// An unexpected failure: logged with its cause chain under a reference.
    pub fn internal(error: &anyhow::Error) -> Self {
        let reference = log_unexpected(error, "v2");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            20500,
            format!("Internal Server Error (reference {reference})"),
        )
    }
}

fn max_check_attempts() -> TwilioError {
    TwilioError::too_many(60202, "Max check attempts reached", None)
}

fn max_send_attempts(retry_after_secs: u64) -> TwilioError {
    TwilioError::too_many(60203, "Max send attempts reached", Some(retry_after_secs))
}

impl From<AuthFailure> for TwilioError {
    fn from(failure: AuthFailure) -> Self {
        match failure {
            AuthFailure::Refused => Self::new(StatusCode::UNAUTHORIZED, 20003, "Authenticate"),
            AuthFailure::Unexpected(error) => Self::internal(&error),
        }
    }
}

impl IntoResponse for TwilioError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.retry_after;
        let unauthorized = status == StatusCode::UNAUTHORIZED;
        let mut response = (status, Json(self)).into_response();
        let headers = response.headers_mut();
        if let Some(seconds) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if unauthorized {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Twilio API\""),
            );
        }
        response
    }
}

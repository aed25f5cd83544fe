//! The one error type that crosses the wire to the browser. It names what went wrong, never how
//! to say it: the browser words it in the reader's language (see [`wording`]), and nothing
//! internal (SQL, provider text, stack traces) is ever put in one.

mod problem;
mod wording;

pub use problem::Problem;

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// An error a server function or endpoint returns to the browser.
///
/// Its HTTP status comes from [`AppError::status`]; the server maps it in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// 422: one input is not acceptable; `field` names the form field it belongs to.
    Invalid { field: String, problem: Problem },
    /// 409: the input clashes with existing data (for example a taken username).
    Conflict { field: String, problem: Problem },
    /// 401: the same answer whether the account is unknown or the password is wrong.
    InvalidCredentials,
    /// 401: no valid session.
    Unauthenticated,
    /// 403: signed in, but not allowed.
    Forbidden,
    /// 403: administrators sign in with their password, not with an SMS code.
    PasswordRequired,
    /// 403: binding or unbinding a number needs the password typed in the last 10 minutes.
    PasswordConfirmationNeeded,
    /// 403: a state-changing request from another site.
    CrossOrigin,
    /// 403: sign-up is closed; administrators create the accounts.
    SignUpClosed,
    /// 409: the first administrator exists already.
    SetupDone,
    /// 404.
    NotFound,
    /// 429: the resend interval has not passed; no code was sent now.
    ResendTooSoon { retry_after_secs: u64 },
    /// 429: the number's hourly or daily cap is reached.
    RateLimited { retry_after_secs: u64 },
    /// 429: the user was sent codes to too many different numbers this hour.
    TooManyNumbers { retry_after_secs: u64 },
    /// 429: the user was sent as many codes today (UTC) as the verifier allows.
    TooManyCodesToday { retry_after_secs: u64 },
    /// 429: too many sign-in codes were asked for from this address this hour.
    TooManyFromClient { retry_after_secs: u64 },
    /// 429: the SMS-pumping guard holds sends to the number's country for a while.
    CountryPaused { retry_after_secs: u64 },
    /// 429: the verification method sent all the codes it may send today (UTC).
    DailyBudgetSpent { retry_after_secs: u64 },
    /// 429: too many failed password sign-ins for this username or from this address.
    TooManySignIns { retry_after_secs: u64 },
    /// 429: this address created its hourly share of accounts.
    TooManySignUps { retry_after_secs: u64 },
    /// 422: the code is wrong.
    WrongCode { attempts_left: u32 },
    /// 410: the code expired or was used.
    CodeExpired,
    /// 429: the code was burned by wrong attempts.
    TooManyAttempts,
    /// 429: too many wrong codes in a row for this number; it is locked for a while.
    NumberLocked { retry_after_secs: u64 },
    /// 502: the SMS provider did not send.
    ProviderFailed,
    /// 400: the request itself could not be read (missing or malformed arguments).
    BadRequest,
    /// The browser could not reach the server (never produced by the server).
    Unreachable,
    /// 500: an unexpected failure; the log holds the cause under the same reference.
    Internal { reference: String },
}

impl AppError {
    /// An [`AppError::Invalid`] for `field`.
    pub fn invalid(field: &str, problem: Problem) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            problem,
        }
    }

    /// An [`AppError::Conflict`] for `field`.
    pub fn conflict(field: &str, problem: Problem) -> Self {
        Self::Conflict {
            field: field.to_owned(),
            problem,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid { .. } | Self::WrongCode { .. } => 422,
            Self::ResendTooSoon { .. }
            | Self::RateLimited { .. }
            | Self::TooManyNumbers { .. }
            | Self::TooManyCodesToday { .. }
            | Self::TooManyFromClient { .. }
            | Self::DailyBudgetSpent { .. }
            | Self::CountryPaused { .. }
            | Self::TooManySignIns { .. }
            | Self::TooManySignUps { .. }
            | Self::TooManyAttempts
            | Self::NumberLocked { .. } => 429,
            Self::CodeExpired => 410,
            Self::ProviderFailed => 502,
            Self::Conflict { .. } | Self::SetupDone => 409,
            Self::InvalidCredentials | Self::Unauthenticated => 401,
            Self::Forbidden
            | Self::CrossOrigin
            | Self::PasswordRequired
            | Self::PasswordConfirmationNeeded
            | Self::SignUpClosed => 403,
            Self::NotFound => 404,
            Self::BadRequest => 400,
            Self::Unreachable => 503,
            Self::Internal { .. } => 500,
        }
    }

    /// The seconds to wait before trying again, for the `Retry-After` header of a 429.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::ResendTooSoon { retry_after_secs }
            | Self::RateLimited { retry_after_secs }
            | Self::TooManyNumbers { retry_after_secs }
            | Self::TooManyCodesToday { retry_after_secs }
            | Self::TooManyFromClient { retry_after_secs }
            | Self::DailyBudgetSpent { retry_after_secs }
            | Self::CountryPaused { retry_after_secs }
            | Self::TooManySignIns { retry_after_secs }
            | Self::TooManySignUps { retry_after_secs }
            | Self::NumberLocked { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// The form field this error belongs to (and is shown next to, not above the form): the
    /// field an input error names, or the code field for a code that did not check out.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } | Self::Conflict { field, .. } => Some(field),
            Self::WrongCode { .. } | Self::CodeExpired | Self::TooManyAttempts => Some("code"),
            _ => None,
        }
    }

    /// The message for `field` in English, when this error belongs to that form field.
    pub fn for_field(&self, name: &str) -> Option<String> {
        (self.field() == Some(name)).then(|| self.to_string())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Unreachable,
            _ => Self::BadRequest,
        }
    }

    /// server_fn serialises a server function's error exactly once, inside the request's
    /// reactive owner, just before it builds the response (which it would answer with 500). So
    /// this is the one place every error passes on its way out, and where its status and a 429's
    /// `Retry-After` are given, through Leptos' [`leptos_axum::ResponseOptions`].
    #[cfg(feature = "ssr")]
    fn ser(&self) -> leptos::server_fn::Bytes {
        use http::{HeaderValue, StatusCode, header::RETRY_AFTER};
        use leptos::{prelude::use_context, server_fn::Encodes};

        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(
                StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            );
            if let Some(seconds) = self.retry_after_secs() {
                response.insert_header(RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            }
        }
        // An enum of strings and numbers always encodes; the fallback keeps this total.
        JsonEncoding::encode(self)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(br#""BadRequest""#))
    }
}

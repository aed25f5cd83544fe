//! The one error type that crosses the wire. Every variant carries a message a user can read;
//! nothing internal (SQL, provider text, stack traces) is ever put in one.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// An error a server function or endpoint returns to the browser.
///
/// Its HTTP status comes from [`AppError::status`]; the server maps it in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 422: one input is not acceptable; `field` names the form field it belongs to.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// 409: the input clashes with existing data (for example a taken username).
    #[error("{message}")]
    Conflict { field: String, message: String },
    /// 401: the same answer whether the account is unknown or the password is wrong.
    #[error("Wrong username or password.")]
    InvalidCredentials,
    /// 401: no valid session.
    #[error("Please sign in to continue.")]
    Unauthenticated,
    /// 403: signed in, but not allowed.
    #[error("You do not have permission to do this.")]
    Forbidden,
    /// 403: administrators sign in with their password, not with an SMS code.
    #[error("Administrators sign in with their password.")]
    PasswordRequired,
    /// 403: binding or unbinding a number needs the password typed in the last 10 minutes.
    #[error("For your safety, enter your password again to continue.")]
    PasswordConfirmationNeeded,
    /// 403: a state-changing request from another site.
    #[error("This request came from another site and was refused.")]
    CrossOrigin,
    /// 403: sign-up is closed; administrators create the accounts.
    #[error("Sign-up is closed. Ask an administrator to create your account.")]
    SignUpClosed,
    /// 409: the first administrator exists already.
    #[error("An administrator already exists. Please sign in.")]
    SetupDone,
    /// 404.
    #[error("Not found.")]
    NotFound,
    /// 429: the resend interval has not passed; no code was sent now.
    #[error(
        "A code was sent to this number moments ago; you can ask for a new one in {retry_after_secs} s."
    )]
    ResendTooSoon { retry_after_secs: u64 },
    /// 429: the number's hourly or daily cap is reached.
    #[error("Too many codes were sent to this number. Try again in {}.", wait_text(*retry_after_secs))]
    RateLimited { retry_after_secs: u64 },
    /// 429: the user was sent codes to too many different numbers this hour.
    #[error(
        "Codes were sent to too many different numbers from your account. Try again in {}.",
        wait_text(*retry_after_secs)
    )]
    TooManyNumbers { retry_after_secs: u64 },
    /// 429: too many sign-in codes were asked for from this address this hour.
    #[error(
        "Too many sign-in codes were asked for from your network. Try again in {}.",
        wait_text(*retry_after_secs)
    )]
    TooManyFromClient { retry_after_secs: u64 },
    /// 429: the SMS-pumping guard holds sends to the number's country for a while.
    #[error(
        "Codes to numbers in this country are paused for security reasons. Try again in {}.",
        wait_text(*retry_after_secs)
    )]
    CountryPaused { retry_after_secs: u64 },
    /// 429: the verification method sent all the codes it may send today (UTC).
    #[error(
        "This verification method has sent all the codes it may send today. Try again in {}.",
        wait_text(*retry_after_secs)
    )]
    DailyBudgetSpent { retry_after_secs: u64 },
    /// 429: too many failed password sign-ins for this username or from this address.
    #[error("Too many failed sign-ins. Try again in {}.", wait_text(*retry_after_secs))]
    TooManySignIns { retry_after_secs: u64 },
    /// 429: this address created its hourly share of accounts.
    #[error("Too many accounts were created from this address. Try again in {}.", wait_text(*retry_after_secs))]
    TooManySignUps { retry_after_secs: u64 },
    /// 422: the code is wrong.
    #[error("{}", wrong_code_text(*attempts_left))]
    WrongCode { attempts_left: u32 },
    /// 410: the code expired or was used.
    #[error("This code has expired or was already used. Send a new one.")]
    CodeExpired,
    /// 429: the code was burned by wrong attempts.
    #[error("Too many wrong attempts. Send a new code.")]
    TooManyAttempts,
    /// 502: the SMS provider did not send.
    #[error("The text message could not be sent. Please try again later.")]
    ProviderFailed,
    /// 400: the request itself could not be read (missing or malformed arguments).
    #[error("The request could not be understood.")]
    BadRequest,
    /// The browser could not reach the server (never produced by the server).
    #[error("Could not reach the server. Check your connection and try again.")]
    Unreachable,
    /// 500: an unexpected failure; the log holds the cause under the same reference.
    #[error(
        "Something went wrong on our side. If it keeps happening, quote reference {reference}."
    )]
    Internal { reference: String },
}

impl AppError {
    /// An [`AppError::Invalid`] for `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// An [`AppError::Conflict`] for `field`.
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::Conflict {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid { .. } | Self::WrongCode { .. } => 422,
            Self::ResendTooSoon { .. }
            | Self::RateLimited { .. }
            | Self::TooManyNumbers { .. }
            | Self::TooManyFromClient { .. }
            | Self::DailyBudgetSpent { .. }
            | Self::CountryPaused { .. }
            | Self::TooManySignIns { .. }
            | Self::TooManySignUps { .. }
            | Self::TooManyAttempts => 429,
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
            | Self::TooManyFromClient { retry_after_secs }
            | Self::DailyBudgetSpent { retry_after_secs }
            | Self::CountryPaused { retry_after_secs }
            | Self::TooManySignIns { retry_after_secs }
            | Self::TooManySignUps { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// The message for `field`, when this error belongs to that form field.
    pub fn for_field(&self, name: &str) -> Option<String> {
        match self {
            Self::Invalid { field, message } | Self::Conflict { field, message }
                if field == name =>
            {
                Some(message.clone())
            }
            _ => None,
        }
    }

    /// True when the error belongs to a form field (and is shown next to it, not above the form).
    pub fn is_field_error(&self) -> bool {
        matches!(self, Self::Invalid { .. } | Self::Conflict { .. })
    }
}

fn wait_text(seconds: u64) -> String {
    match seconds {
        0..=90 => format!("{seconds} s"),
        91..=5400 => format!("{} minutes", seconds.div_ceil(60)),
        _ => format!("{} hours", seconds.div_ceil(3600)),
    }
}

fn wrong_code_text(attempts_left: u32) -> String {
    match attempts_left {
        0 => "Wrong code. No attempts left: send a new code.".to_owned(),
        1 => "Wrong code. 1 attempt left.".to_owned(),
        n => format!("Wrong code. {n} attempts left."),
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

/// Why a code could not be issued or did not pass. Each kind is something the caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum OtpError {
    #[error("the phone number is not valid")]
    InvalidNumber,
    #[error("numbers from this country are not allowed")]
    CountryNotAllowed,
    #[error("a code was sent recently; retry in {retry_after_secs} s")]
    ResendTooSoon { retry_after_secs: u64 },
    #[error("too many codes sent to this number; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("wrong code; {attempts_left} attempts left")]
    WrongCode { attempts_left: u32 },
    #[error("the code expired or was already used")]
    Expired,
    #[error("too many wrong attempts")]
    TooManyAttempts,
    #[error("the SMS provider could not send the code: {failure}")]
    ProviderFailed {
        /// The title of the last provider tried.
        provider: &'static str,
        failure: crate::providers::ProviderError,
    },
    #[error("no such verifier")]
    UnknownVerifier,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for OtpError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl From<OtpError> for app::AppError {
    /// What the user is told; provider text and internal causes go to the log only.
    fn from(error: OtpError) -> Self {
        use crate::providers::ProviderErrorKind;
        use app::AppError;
        match error {
            OtpError::InvalidNumber => {
                AppError::invalid("phone", "This phone number is not valid.")
            }
            OtpError::ProviderFailed { failure, .. }
                if failure.kind == ProviderErrorKind::InvalidNumber =>
            {
                AppError::invalid("phone", "This phone number cannot receive text messages.")
            }
            OtpError::CountryNotAllowed => {
                AppError::invalid("phone", "Numbers from this country are not accepted here.")
            }
            OtpError::ResendTooSoon { retry_after_secs } => {
                AppError::ResendTooSoon { retry_after_secs }
            }
            OtpError::RateLimited { retry_after_secs } => {
                AppError::RateLimited { retry_after_secs }
            }
            OtpError::WrongCode { attempts_left } => AppError::WrongCode { attempts_left },
            OtpError::Expired => AppError::CodeExpired,
            OtpError::TooManyAttempts => AppError::TooManyAttempts,
            OtpError::ProviderFailed { .. } => AppError::ProviderFailed,
            OtpError::UnknownVerifier => AppError::NotFound,
            OtpError::Internal(error) => crate::error::internal(error),
        }
    }
}

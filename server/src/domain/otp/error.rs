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
    #[error("the SMS provider could not send the code")]
    ProviderFailed,
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

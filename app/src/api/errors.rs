//! Domain errors into [`AppError`]: the one place the server functions word what users read.
//! Unexpected failures are logged here with their cause chain under a fresh reference, and the
//! user gets only the reference.

use crate::{
    AppError,
    ports::{AccountError, ApiKeyError, CodeError, SessionError, VerificationError, VerifierError},
};

/// Logs `error` with its whole cause chain and gives the user only a reference to it.
pub fn unexpected(error: anyhow::Error) -> AppError {
    let reference = format!("{:08x}", rand::random::<u32>());
    tracing::error!(%reference, error.cause_chain = ?error, "unexpected failure");
    AppError::Internal { reference }
}

impl From<CodeError> for AppError {
    fn from(error: CodeError) -> Self {
        match error {
            CodeError::CountryNotAllowed => {
                AppError::invalid("phone", "Numbers from this country are not accepted here.")
            }
            CodeError::NumberKindRefused(kind) => AppError::invalid(
                "phone",
                format!("Codes are not sent to {} numbers.", kind.name()),
            ),
            CodeError::Undeliverable => {
                AppError::invalid("phone", "This phone number cannot receive text messages.")
            }
            CodeError::ResendTooSoon { retry_after_secs } => {
                AppError::ResendTooSoon { retry_after_secs }
            }
            CodeError::RateLimited { retry_after_secs } => {
                AppError::RateLimited { retry_after_secs }
            }
            CodeError::TooManyNumbers { retry_after_secs } => {
                AppError::TooManyNumbers { retry_after_secs }
            }
            CodeError::ClientBudgetSpent { retry_after_secs } => {
                AppError::TooManyFromClient { retry_after_secs }
            }
            // Server functions send no codes for API keys; should one ever come through, the
            // number's cap is the nearest wording.
            CodeError::KeyMinuteBudgetSpent { retry_after_secs }
            | CodeError::KeyDayBudgetSpent { retry_after_secs } => {
                AppError::RateLimited { retry_after_secs }
            }
            CodeError::CountryHeld { retry_after_secs } => {
                AppError::CountryPaused { retry_after_secs }
            }
            CodeError::VerifierBudgetSpent { retry_after_secs } => {
                AppError::DailyBudgetSpent { retry_after_secs }
            }
            CodeError::WrongCode { attempts_left } => AppError::WrongCode { attempts_left },
            CodeError::Expired => AppError::CodeExpired,
            CodeError::TooManyAttempts => AppError::TooManyAttempts,
            CodeError::NotSent => AppError::ProviderFailed,
        }
    }
}

impl From<AccountError> for AppError {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::UsernameTaken => {
                AppError::conflict("username", "This username is taken.")
            }
            AccountError::InvalidCredentials => AppError::InvalidCredentials,
            AccountError::TooManySignIns { retry_after_secs } => {
                AppError::TooManySignIns { retry_after_secs }
            }
            AccountError::AdminExists => AppError::SetupDone,
            AccountError::SignUpClosed => AppError::SignUpClosed,
            AccountError::TooManySignUps { retry_after_secs } => {
                AppError::TooManySignUps { retry_after_secs }
            }
            AccountError::WrongSetupToken => AppError::invalid(
                "setup_token",
                "This is not the setup token. Use the link the server printed when it started.",
            ),
            AccountError::Unexpected(error) => unexpected(error),
        }
    }
}

impl From<SessionError> for AppError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Unexpected(error) => unexpected(error),
        }
    }
}

impl From<VerificationError> for AppError {
    fn from(error: VerificationError) -> Self {
        match error {
            VerificationError::UnknownVerifier | VerificationError::NotBound => AppError::NotFound,
            VerificationError::AlreadyBound => AppError::conflict(
                "phone",
                "You have already bound a number here; unbind it first.",
            ),
            VerificationError::NumberTaken => {
                AppError::conflict("phone", "This number is already bound to another account.")
            }
            VerificationError::ViaNotBound => {
                AppError::invalid("via", "Choose a verification method you have bound.")
            }
            VerificationError::PasswordRequired => AppError::PasswordRequired,
            VerificationError::Code(error) => error.into(),
            VerificationError::Unexpected(error) => unexpected(error),
        }
    }
}

impl From<VerifierError> for AppError {
    fn from(error: VerifierError) -> Self {
        let setting = |provider: &str, key: &str| format!("settings.{provider}.{key}");
        match error {
            VerifierError::NotFound => AppError::NotFound,
            VerifierError::UidTaken => AppError::conflict("uid", "This UID is taken."),
            VerifierError::UnknownProvider(_) => {
                AppError::invalid("provider", "Choose a provider.")
            }
            VerifierError::UnknownFallback(_) => {
                AppError::invalid("fallback_provider", "Choose a fallback provider or none.")
            }
            VerifierError::FallbackSameAsPrimary => AppError::invalid(
                "fallback_provider",
                "Choose a different provider than the first one, or none.",
            ),
            VerifierError::MissingSetting {
                provider,
                key,
                label,
            } => AppError::invalid(&setting(provider, key), format!("Enter the {label}.")),
            VerifierError::SecretNeededAgain {
                provider,
                key,
                label,
            } => AppError::invalid(
                &setting(provider, key),
                format!(
                    "Enter the {label} again: a stored secret is kept only while the provider \
                     and its endpoint stay the same."
                ),
            ),
            VerifierError::NotAnOption {
                provider,
                key,
                options,
            } => AppError::invalid(
                &setting(provider, key),
                format!("Choose one of: {}.", options.join(", ")),
            ),
            VerifierError::PrivateEndpoint {
                provider,
                key,
                label,
            } => AppError::invalid(
                &setting(provider, key),
                format!(
                    "The {label} points at a loopback, private or link-local address, which this \
                     server does not send to. Enter a public address, or ask the operator to \
                     set VERIGATE_ALLOW_PRIVATE_ENDPOINTS."
                ),
            ),
            VerifierError::Code(error) => error.into(),
            VerifierError::Unexpected(error) => unexpected(error),
        }
    }
}

impl From<ApiKeyError> for AppError {
    fn from(error: ApiKeyError) -> Self {
        match error {
            ApiKeyError::NotFound => AppError::NotFound,
            ApiKeyError::UnknownVerifier(uid) => AppError::invalid(
                "verifiers",
                format!("There is no verifier {uid} any more; reload the page."),
            ),
            ApiKeyError::Unexpected(error) => unexpected(error),
        }
    }
}

//! Domain errors into [`AppError`]: the one place the server functions word what users read.
//! Unexpected failures are logged here with their cause chain under a fresh reference, and the
//! user gets only the reference.

use crate::{
    AppError,
    error::Problem,
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
            CodeError::CountryNotAllowed => AppError::invalid("phone", Problem::CountryNotAllowed),
            CodeError::NumberKindRefused(kind) => {
                AppError::invalid("phone", Problem::NumberKindRefused(kind))
            }
            CodeError::Undeliverable => AppError::invalid("phone", Problem::Undeliverable),
            CodeError::ResendTooSoon { retry_after_secs } => {
                AppError::ResendTooSoon { retry_after_secs }
            }
            CodeError::RateLimited { retry_after_secs } => {
                AppError::RateLimited { retry_after_secs }
            }
            CodeError::TooManyNumbers { retry_after_secs } => {
                AppError::TooManyNumbers { retry_after_secs }
            }
            CodeError::UserDayBudgetSpent { retry_after_secs } => {
                AppError::TooManyCodesToday { retry_after_secs }
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
            CodeError::NumberLocked { retry_after_secs } => {
                AppError::NumberLocked { retry_after_secs }
            }
            CodeError::NotSent => AppError::ProviderFailed,
        }
    }
}

impl From<AccountError> for AppError {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::UsernameTaken => AppError::conflict("username", Problem::UsernameTaken),
            AccountError::InvalidCredentials => AppError::InvalidCredentials,
            AccountError::TooManySignIns { retry_after_secs } => {
                AppError::TooManySignIns { retry_after_secs }
            }
            AccountError::AdminExists => AppError::SetupDone,
            AccountError::SignUpClosed => AppError::SignUpClosed,
            AccountError::TooManySignUps { retry_after_secs } => {
                AppError::TooManySignUps { retry_after_secs }
            }
            AccountError::WrongSetupToken => {
                AppError::invalid("setup_token", Problem::WrongSetupToken)
            }
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
            VerificationError::AlreadyBound => AppError::conflict("phone", Problem::AlreadyBound),
            VerificationError::NumberTaken => AppError::conflict("phone", Problem::NumberTaken),
            VerificationError::ViaNotBound => AppError::invalid("via", Problem::ChooseBoundMethod),
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
            VerifierError::UidTaken => AppError::conflict("uid", Problem::UidTaken),
            VerifierError::UnknownProvider(_) => {
                AppError::invalid("provider", Problem::ChooseProvider)
            }
            VerifierError::UnknownFallback(_) => {
                AppError::invalid("fallback_provider", Problem::ChooseFallback)
            }
            VerifierError::FallbackSameAsPrimary => {
                AppError::invalid("fallback_provider", Problem::FallbackSameAsPrimary)
            }
            VerifierError::MissingSetting {
                provider,
                key,
                label,
            } => AppError::invalid(
                &setting(provider, key),
                Problem::MissingSetting {
                    provider: provider.to_owned(),
                    key: key.to_owned(),
                    setting: label.to_owned(),
                },
            ),
            VerifierError::SecretNeededAgain {
                provider,
                key,
                label,
            } => AppError::invalid(
                &setting(provider, key),
                Problem::SecretNeededAgain {
                    provider: provider.to_owned(),
                    key: key.to_owned(),
                    setting: label.to_owned(),
                },
            ),
            VerifierError::NotAnOption {
                provider,
                key,
                options,
            } => AppError::invalid(
                &setting(provider, key),
                Problem::NotAnOption {
                    options: options.iter().map(|option| (*option).to_owned()).collect(),
                },
            ),
            VerifierError::PrivateEndpoint {
                provider,
                key,
                label,
            } => AppError::invalid(
                &setting(provider, key),
                Problem::PrivateEndpoint {
                    provider: provider.to_owned(),
                    key: key.to_owned(),
                    setting: label.to_owned(),
                },
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
                Problem::VerifierGone {
                    uid: uid.to_string(),
                },
            ),
            ApiKeyError::Unexpected(error) => unexpected(error),
        }
    }
}

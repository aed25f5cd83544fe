use app::ports::{CodeError, VerificationError, VerifierError};

use crate::providers::{ProviderError, ProviderErrorKind};

/// Why the engine did not issue a code or did not pass one.
#[derive(Debug, thiserror::Error)]
pub enum OtpError {
    #[error("no such verifier")]
    UnknownVerifier,
    /// The code rules refused: the caller can act on it.
    #[error(transparent)]
    Code(#[from] CodeError),
    /// The provider (and its fallback) did not send; the administrator's test message shows
    /// what it said.
    #[error("{provider} could not send the code: {failure}")]
    ProviderFailed {
        /// The title of the last provider tried.
        provider: &'static str,
        failure: ProviderError,
    },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// How long a number waits after its provider throttled it. Providers do not say how long;
/// Aliyun and Tencent allow one code a minute per number, so a minute is the shortest wait
/// that can succeed.
pub(super) const PROVIDER_THROTTLE_SECS: u32 = 60;

/// What a provider's failure means for the user: a number that cannot receive messages is
/// theirs to fix; a throttled number waits like one our own limits hold back; anything else is
/// ours.
fn undelivered(failure: &ProviderError) -> CodeError {
    match failure.kind {
        ProviderErrorKind::InvalidNumber => CodeError::Undeliverable,
        ProviderErrorKind::RateLimited => CodeError::RateLimited {
            retry_after_secs: u64::from(PROVIDER_THROTTLE_SECS),
        },
        ProviderErrorKind::Rejected | ProviderErrorKind::Unavailable => CodeError::NotSent,
    }
}

impl OtpError {
    /// What a caller of the engine reports: `unknown_verifier` when the verifier is gone, the
    /// code rules' verdict (a provider's failure as what it means for the user), or the
    /// unexpected failure.
    pub fn reported_as<E: From<CodeError> + From<anyhow::Error>>(self, unknown_verifier: E) -> E {
        match self {
            Self::UnknownVerifier => unknown_verifier,
            Self::Code(error) => error.into(),
            Self::ProviderFailed { failure, .. } => undelivered(&failure).into(),
            Self::Unexpected(error) => error.into(),
        }
    }
}

impl From<OtpError> for VerificationError {
    fn from(error: OtpError) -> Self {
        error.reported_as(Self::UnknownVerifier)
    }
}

impl From<OtpError> for VerifierError {
    fn from(error: OtpError) -> Self {
        error.reported_as(Self::NotFound)
    }
}

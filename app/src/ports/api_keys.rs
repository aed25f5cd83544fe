use async_trait::async_trait;

use crate::types::VerifierUid;

/// Which verifiers an API key may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyScope {
    All,
    Only(Vec<VerifierUid>),
}

impl KeyScope {
    pub fn allows(&self, verifier: &VerifierUid) -> bool {
        match self {
            Self::All => true,
            Self::Only(verifiers) => verifiers.contains(verifier),
        }
    }
}

/// An API key as the console lists it; its secret is never shown again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyListing {
    /// `SK` + 32 hex digits.
    pub sid: String,
    pub name: String,
    pub scope: KeyScope,
    pub created_at_ms: i64,
    /// Updated at most once a minute.
    pub last_used_at_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
}

/// A key just made: the only time its secret is known outside a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedKey {
    pub sid: String,
    pub name: String,
    pub secret: String,
}

/// Why an API key was not made or revoked.
#[derive(Debug, thiserror::Error)]
pub enum ApiKeyError {
    #[error("no such API key")]
    NotFound,
    #[error("no verifier {0}")]
    UnknownVerifier(VerifierUid),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// API keys for other applications, managed by administrators.
#[async_trait]
pub trait ApiKeys: Send + Sync {
    /// The installation's Account SID (`AC` + 32 hex digits), which Twilio's libraries want.
    fn account_sid(&self) -> String;
    /// Every key, newest first, revoked ones included.
    async fn list_keys(&self) -> Result<Vec<ApiKeyListing>, ApiKeyError>;
    /// Makes a key on behalf of `actor` (a user id, or [`super::SYSTEM_ACTOR`]), recorded in the
    /// audit log; its secret is in the answer and nowhere else.
    async fn create_key(
        &self,
        actor: &str,
        name: String,
        scope: KeyScope,
    ) -> Result<IssuedKey, ApiKeyError>;
    /// Revokes a key on behalf of `actor`, recorded in the audit log: every instance refuses it
    /// from the next request on.
    async fn revoke_key(&self, actor: &str, sid: &str) -> Result<(), ApiKeyError>;
}

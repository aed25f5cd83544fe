use async_trait::async_trait;

use super::User;

/// A freshly issued session: the raw token goes into the cookie and nowhere else.
pub struct NewSession {
    pub token: String,
}

/// Sessions fail only unexpectedly: an unknown or expired token is no error, just no user.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Server-side sessions.
#[async_trait]
pub trait Sessions: Send + Sync {
    /// Starts a session for `user`.
    async fn start(&self, user: &User) -> Result<NewSession, SessionError>;
    /// The user of a live session; `None` when the token is unknown or the session expired.
    async fn resolve(&self, token: &str) -> Result<Option<User>, SessionError>;
    /// Ends a session (no error when it is already gone).
    async fn end(&self, token: &str) -> Result<(), SessionError>;
}

use async_trait::async_trait;

use super::User;

/// A freshly issued session: the raw token goes into the cookie and nowhere else.
pub struct NewSession {
    pub token: String,
    /// The mark of a browser the user signed in from, for its device cookie (see
    /// [`super::UserVerification::send_sign_in_code`]).
    pub device_mark: String,
}

/// How the user proved who they are when the session began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedInWith {
    /// Their password (sign-in, sign-up, the first administrator): it counts as just typed.
    Password,
    /// A code sent to a bound number: the password is asked for before sensitive changes.
    Code,
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
    /// Starts a session for `user`, who proved themselves `with` a password or a code.
    async fn start(&self, user: &User, with: SignedInWith) -> Result<NewSession, SessionError>;
    /// The user of a live session; `None` when the token is unknown or the session expired.
    async fn resolve(&self, token: &str) -> Result<Option<User>, SessionError>;
    /// Whether the session's user typed their password recently enough for a sensitive change
    /// (binding or unbinding a number); false for an unknown or expired session.
    async fn password_is_recent(&self, token: &str) -> Result<bool, SessionError>;
    /// Records that the session's user typed their password just now.
    async fn password_confirmed(&self, token: &str) -> Result<(), SessionError>;
    /// Ends a session (no error when it is already gone).
    async fn end(&self, token: &str) -> Result<(), SessionError>;
}

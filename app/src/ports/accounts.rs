use async_trait::async_trait;

use crate::types::{Password, Role, Username};

/// An account as the domain knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub role: Role,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// Why an account operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the username is taken")]
    UsernameTaken,
    /// The same for an unknown username and a wrong password.
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("too many failed sign-ins; retry in {retry_after_secs} s")]
    TooManySignIns { retry_after_secs: u64 },
    #[error("an administrator exists already")]
    AdminExists,
    /// Sign-up is closed: administrators create the accounts.
    #[error("sign-up is closed")]
    SignUpClosed,
    /// The client address created its hourly share of accounts.
    #[error("too many sign-ups from this address; retry in {retry_after_secs} s")]
    TooManySignUps { retry_after_secs: u64 },
    /// Creating the first administrator needs the token the server printed at start.
    #[error("the setup token is wrong")]
    WrongSetupToken,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Accounts: sign-up, sign-in and the first administrator.
/// Whom a password sign-in may let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admits {
    Anyone,
    /// Not administrators: on the public listener while the console has one of its own.
    UsersOnly,
}

#[async_trait]
pub trait Accounts: Send + Sync {
    /// Whether anyone may create an account ([`Accounts::sign_up`]), or only administrators.
    fn sign_up_open(&self) -> bool;
    /// Creates an ordinary user on their own request: refused with
    /// [`AccountError::SignUpClosed`] when sign-up is closed, and with
    /// [`AccountError::TooManySignUps`] once the `client` address created its hourly share.
    async fn sign_up(
        &self,
        username: Username,
        password: Password,
        client: &str,
    ) -> Result<User, AccountError>;
    /// Creates an ordinary user on behalf of `actor` (an administrator's id, or
    /// [`super::SYSTEM_ACTOR`] for the command line), whether sign-up is open or not, recorded in
    /// the audit log (the caller has checked that an administrator asks).
    async fn create_user(
        &self,
        actor: &str,
        username: Username,
        password: Password,
    ) -> Result<User, AccountError>;
    /// Checks credentials. Unknown users and wrong passwords cost the same and fail the same way,
    /// and are throttled the same way: per typed username and per `client` address, with
    /// [`AccountError::TooManySignIns`] before the password is checked. An account `admits`
    /// does not admit fails like a wrong password, and counts as one.
    async fn sign_in(
        &self,
        username: &str,
        password: Option<Password>,
        client: &str,
        admits: Admits,
    ) -> Result<User, AccountError>;
    /// Whether the first administrator has been created.
    async fn admin_exists(&self) -> Result<bool, AccountError>;
    /// Creates the first administrator, given the setup token the server printed at start; of
    /// two racing calls exactly one succeeds, the other gets [`AccountError::AdminExists`].
    async fn create_first_admin(
        &self,
        username: Username,
        password: Password,
        setup_token: &str,
    ) -> Result<User, AccountError>;
}

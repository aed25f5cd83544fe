//! The ports the server functions call, implemented by the `server` crate and injected as
//! context (the hexagonal pattern). `app` never touches SQL or HTTP clients itself.

use std::sync::Arc;

use async_trait::async_trait;
use leptos::prelude::LeptosOptions;

use crate::{
    AppError,
    dto::{
        CodeSent, CurrentUser, EmulatorInbox, MessageEntry, MyVerifier, Page, ProviderInfo,
        SignInVerifier, TestSmsOutcome, VerifierDetails, VerifierSummary,
    },
    types::{Password, PhoneNumber, Policy, Username},
};

/// Accounts: sign-up, sign-in and the first administrator.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates an ordinary user.
    async fn sign_up(
        &self,
        username: Username,
        password: Password,
    ) -> Result<CurrentUser, AppError>;
    /// Checks credentials. Unknown users and wrong passwords cost the same and fail the same way,
    /// and are throttled the same way: per typed username and per `client` address, with
    /// [`AppError::TooManySignIns`] before the password is checked.
    async fn sign_in(
        &self,
        username: &str,
        password: Option<Password>,
        client: &str,
    ) -> Result<CurrentUser, AppError>;
    /// Whether the first administrator has been created.
    async fn admin_exists(&self) -> Result<bool, AppError>;
    /// Creates the first administrator; of two racing calls exactly one succeeds.
    async fn create_first_admin(
        &self,
        username: Username,
        password: Password,
    ) -> Result<CurrentUser, AppError>;
}

/// A freshly issued session: the raw token goes into the cookie and nowhere else.
pub struct NewSession {
    pub token: String,
}

/// Server-side sessions.
#[async_trait]
pub trait Sessions: Send + Sync {
    /// Starts a session for `user_id`.
    async fn start(&self, user_id: &str) -> Result<NewSession, AppError>;
    /// The user of a live session; `None` when the token is unknown or the session expired.
    async fn resolve(&self, token: &str) -> Result<Option<CurrentUser>, AppError>;
    /// Ends a session (no error when it is already gone).
    async fn end(&self, token: &str) -> Result<(), AppError>;
}

/// A verifier as submitted by the admin form, already parsed.
pub struct VerifierInput {
    pub uid: String,
    pub title: String,
    pub description: String,
    pub provider: String,
    /// Whether users may sign in with a code from this verifier.
    pub sign_in_enabled: bool,
    /// The chosen provider's settings as typed; an empty secret keeps the stored one.
    pub settings: std::collections::HashMap<String, String>,
    /// The provider used when the first is unavailable; empty for none.
    pub fallback_provider: String,
    /// The fallback provider's settings as typed.
    pub fallback_settings: std::collections::HashMap<String, String>,
    pub policy: Policy,
}

/// The admin console: verifiers, test messages and the message log. Callers are administrators.
#[async_trait]
pub trait VerifierAdmin: Send + Sync {
    /// A fresh `v_…` UID for the "Add new" form.
    fn suggest_uid(&self) -> String;
    async fn list_verifiers(&self) -> Result<Vec<VerifierSummary>, AppError>;
    async fn providers(&self) -> Result<Vec<ProviderInfo>, AppError>;
    async fn verifier(&self, uid: &str) -> Result<VerifierDetails, AppError>;
    /// Creates (`create`) or updates a verifier; field errors name the form field.
    async fn save_verifier(&self, input: VerifierInput, create: bool) -> Result<(), AppError>;
    /// Deletes a verifier with its bindings.
    async fn delete_verifier(&self, uid: &str) -> Result<(), AppError>;
    async fn send_test_sms(
        &self,
        uid: &str,
        to: &PhoneNumber,
        admin_user_id: &str,
    ) -> Result<TestSmsOutcome, AppError>;
    async fn list_messages(&self, page: i64) -> Result<Page<MessageEntry>, AppError>;
    /// The SMS gateway emulator's address, credentials and inbox; `None` when it is off.
    async fn emulator_inbox(&self) -> Result<Option<EmulatorInbox>, AppError>;
}

/// What end users do with verifiers: bind and unbind numbers, sign in with a code.
#[async_trait]
pub trait UserVerification: Send + Sync {
    /// Every verifier the user can bind, with their binding.
    async fn my_verifiers(&self, user: &CurrentUser) -> Result<Vec<MyVerifier>, AppError>;
    /// Sends a code to a number the user wants to bind.
    async fn send_bind_code(
        &self,
        user: &CurrentUser,
        verifier_uid: &str,
        phone: &PhoneNumber,
    ) -> Result<CodeSent, AppError>;
    /// Binds the number once its code checks out.
    async fn bind(
        &self,
        user: &CurrentUser,
        verifier_uid: &str,
        phone: &PhoneNumber,
        challenge_id: &str,
        code: &str,
    ) -> Result<(), AppError>;
    /// Sends a code to the number the user has bound to `via_uid`, to prove it before unbinding.
    async fn send_unbind_code(
        &self,
        user: &CurrentUser,
        verifier_uid: &str,
        via_uid: &str,
    ) -> Result<CodeSent, AppError>;
    /// Unbinds `verifier_uid` once the code sent through `via_uid` checks out.
    async fn unbind(
        &self,
        user: &CurrentUser,
        verifier_uid: &str,
        via_uid: &str,
        challenge_id: &str,
        code: &str,
    ) -> Result<(), AppError>;
    /// Verifiers an administrator allowed for signing in.
    async fn sign_in_verifiers(&self) -> Result<Vec<SignInVerifier>, AppError>;
    /// The same answer whether or not the number is bound; only a bound number gets an SMS.
    async fn send_sign_in_code(
        &self,
        verifier_uid: &str,
        phone: &PhoneNumber,
        client: &str,
    ) -> Result<CodeSent, AppError>;
    /// The user bound to the number, once the code checks out.
    async fn sign_in_with_code(
        &self,
        verifier_uid: &str,
        phone: &PhoneNumber,
        challenge_id: &str,
        code: &str,
    ) -> Result<CurrentUser, AppError>;
}

/// How the session cookie is written.
#[derive(Clone, Debug)]
pub struct CookiePolicy {
    /// `__Host-verigate_session` over https, `verigate_session` otherwise.
    pub name: String,
    /// Set when the public URL is https.
    pub secure: bool,
}

/// Everything a server function or the SSR render can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub accounts: Arc<dyn Accounts>,
    pub sessions: Arc<dyn Sessions>,
    pub verifiers: Arc<dyn VerifierAdmin>,
    pub verification: Arc<dyn UserVerification>,
    pub cookie: CookiePolicy,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

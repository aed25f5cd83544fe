//! The ports the server functions call, implemented by the `server` crate and injected as
//! context (the hexagonal pattern). They speak the domain's language: domain types in, domain
//! types and domain errors out. What users read is worded at the edge (`crate::api`), and `app`
//! never touches SQL or HTTP clients itself.

mod accounts;
mod api_keys;
mod audit;
mod emulator;
mod insights;
mod sessions;
mod verification;
mod verifiers;

use std::sync::Arc;

use leptos::prelude::LeptosOptions;

pub use accounts::{AccountError, Accounts, Admits, User};
pub use api_keys::{ApiKeyError, ApiKeyListing, ApiKeys, IssuedKey, KeyScope};
pub use audit::{AuditEntry, AuditLog, AuditPage, SYSTEM_ACTOR};
pub use emulator::GatewayEmulator;
pub use insights::Insights;
pub use sessions::{NewSession, SessionError, Sessions, SignedInWith};
pub use verification::{
    BindableVerifier, CodeError, SentCode, SignInMethod, UserVerification, VerificationError,
};
pub use verifiers::{
    LoggedMessage, MessageFilter, MessagePage, ProviderChoice, ProviderSpec, SettingKind,
    SettingSpec, Slot, SlotView, TestSms, TestSmsFailure, VerifierAdmin, VerifierDraft,
    VerifierError, VerifierListing, VerifierView,
};

/// The address of the client behind the request, as the server determined it: the peer, or
/// behind trusted reverse proxies the address they forwarded. The router puts it in every
/// request's extensions; per-client limits are keyed on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// Put in the extensions of every request to the public listener when the console has a
/// listener of its own (`VERIGATE_CONSOLE_ADDR`): such a request reaches no console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsoleElsewhere;

/// How the session cookie is written.
#[derive(Clone, Debug)]
pub struct CookiePolicy {
    /// `__Host-verigate_session` over https, `verigate_session` otherwise.
    pub name: String,
    /// Set when the public URL is https.
    pub secure: bool,
    /// The cookie that marks a browser its user signed in from: `__Host-verigate_device` over
    /// https, `verigate_device` otherwise.
    pub device_name: String,
}

/// Everything a server function or the SSR render can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub accounts: Arc<dyn Accounts>,
    pub sessions: Arc<dyn Sessions>,
    pub verifiers: Arc<dyn VerifierAdmin>,
    pub verification: Arc<dyn UserVerification>,
    pub api_keys: Arc<dyn ApiKeys>,
    pub audit: Arc<dyn AuditLog>,
    pub insights: Arc<dyn Insights>,
    /// The SMS gateway emulator, only while it runs (development and tests).
    pub emulator: Option<Arc<dyn GatewayEmulator>>,
    pub cookie: CookiePolicy,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

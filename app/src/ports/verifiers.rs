use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;

use super::{CodeError, User};
pub use crate::types::TestSmsFailure;
use crate::{
    i18n::Locale,
    types::{DailyBudget, PhoneNumber, Policy, VerifierUid},
};

/// How a provider setting is entered in the admin form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    Text,
    /// Write-only: encrypted at rest, never sent back to the browser.
    Secret,
    /// One of the given values.
    Select(&'static [&'static str]),
}

/// One setting a provider declares; the admin form is generated from these.
#[derive(Debug, Clone, Copy)]
pub struct SettingSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: SettingKind,
    pub required: bool,
    pub help: &'static str,
}

impl SettingSpec {
    /// A text setting the administrator must fill in.
    pub const fn required(key: &'static str, label: &'static str, help: &'static str) -> Self {
        Self::new(key, label, SettingKind::Text, true, help)
    }

    /// A text setting that may stay empty (the help says what empty means).
    pub const fn optional(key: &'static str, label: &'static str, help: &'static str) -> Self {
        Self::new(key, label, SettingKind::Text, false, help)
    }

    /// A credential: required, write-only, sealed at rest.
    pub const fn secret(key: &'static str, label: &'static str, help: &'static str) -> Self {
        Self::new(key, label, SettingKind::Secret, true, help)
    }

    /// One of `options`, or empty (the help says what empty means).
    pub const fn select(
        key: &'static str,
        label: &'static str,
        options: &'static [&'static str],
        help: &'static str,
    ) -> Self {
        Self::new(key, label, SettingKind::Select(options), false, help)
    }

    const fn new(
        key: &'static str,
        label: &'static str,
        kind: SettingKind,
        required: bool,
        help: &'static str,
    ) -> Self {
        Self {
            key,
            label,
            kind,
            required,
            help,
        }
    }
}

/// A provider an administrator can choose, with the settings it declares.
#[derive(Debug, Clone, Copy)]
pub struct ProviderSpec {
    pub kind: &'static str,
    pub title: &'static str,
    pub settings: &'static [SettingSpec],
}

impl ProviderSpec {
    /// The write-only settings: sealed at rest, opened only to send.
    pub fn secrets(&self) -> impl Iterator<Item = &'static SettingSpec> {
        self.settings
            .iter()
            .filter(|spec| spec.kind == SettingKind::Secret)
    }
}

/// Which of a verifier's providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Primary,
    /// Used only when the primary provider is unavailable.
    Fallback,
}

/// A provider and its settings as the administrator typed them; an empty secret keeps the
/// stored one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderChoice {
    pub kind: String,
    pub settings: HashMap<String, String>,
}

/// A verifier as submitted by the admin form, its title, description and policy already
/// checked at the edge.
#[derive(Debug, Clone)]
pub struct VerifierDraft {
    pub uid: VerifierUid,
    pub title: String,
    pub description: String,
    /// Whether users may sign in with a code from this verifier.
    pub sign_in_enabled: bool,
    pub provider: ProviderChoice,
    /// The provider used when the first is unavailable.
    pub fallback: Option<ProviderChoice>,
    pub policy: Policy,
}

/// Why a verifier could not be saved, found or tried.
#[derive(Debug, thiserror::Error)]
pub enum VerifierError {
    #[error("no such verifier")]
    NotFound,
    #[error("the UID is taken")]
    UidTaken,
    #[error("no provider {0:?}")]
    UnknownProvider(String),
    #[error("no fallback provider {0:?}")]
    UnknownFallback(String),
    #[error("the fallback provider is the first provider")]
    FallbackSameAsPrimary,
    /// A required setting of `provider` is empty.
    #[error("the {provider} setting {key} is required")]
    MissingSetting {
        provider: &'static str,
        key: &'static str,
        label: &'static str,
    },
    /// A required secret was left empty and the stored one no longer applies: the provider or
    /// its endpoint changed.
    #[error("the {provider} setting {key} must be entered again")]
    SecretNeededAgain {
        provider: &'static str,
        key: &'static str,
        label: &'static str,
    },
    /// A select setting holds a value it does not offer.
    #[error("the {provider} setting {key} must be one of {options:?}")]
    NotAnOption {
        provider: &'static str,
        key: &'static str,
        options: &'static [&'static str],
    },
    /// An endpoint or URL setting names a private address (loopback, RFC 1918, ULA,
    /// link-local, unspecified) while private endpoints are not allowed.
    #[error("the {provider} setting {key} is a private address")]
    PrivateEndpoint {
        provider: &'static str,
        key: &'static str,
        label: &'static str,
    },
    /// A test message could not be issued (the provider's own failures are a [`TestSms`]).
    #[error(transparent)]
    Code(#[from] CodeError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// One row of the administrators' verifier table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierListing {
    pub uid: VerifierUid,
    /// Its name in the API (`VA` + 32 hex digits).
    pub service_sid: String,
    pub title: String,
    pub verification_type: &'static str,
    pub description: String,
    /// The provider's title (its kind when this build does not know it).
    pub provider: String,
    /// How much of its daily send budget it has used today.
    pub budget: DailyBudget,
}

/// One provider slot of a stored verifier, as the edit form shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotView {
    pub provider: String,
    /// Text settings with their values.
    pub settings: BTreeMap<String, String>,
    /// Secret settings that have a value (the values never leave the server).
    pub secrets_set: Vec<String>,
}

/// A stored verifier as the edit form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierView {
    pub uid: VerifierUid,
    pub service_sid: String,
    pub title: String,
    pub description: String,
    pub primary: SlotView,
    pub fallback: Option<SlotView>,
    pub policy: Policy,
    pub sign_in_enabled: bool,
    pub bound_users: i64,
}

/// What "Send test SMS" did: the administrator sees the provider's code and what kind of
/// failure it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestSms {
    pub to: PhoneNumber,
    /// The title of the last provider tried.
    pub provider: &'static str,
    /// The provider's request id when sent, its error code when not.
    pub reference: String,
    /// Why it did not send. The provider's own text goes to the server log only: whatever
    /// answered at the configured address wrote it, and it is not echoed to a browser.
    pub failure: Option<TestSmsFailure>,
}

/// One dispatched message in the message log, the receiver stored masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedMessage {
    pub sent_at_ms: i64,
    pub verifier_title: String,
    pub scene: String,
    pub masked_receiver: String,
    pub provider: String,
    pub status: String,
    pub reference: String,
    /// The text, for sandbox messages only (the sandbox inbox).
    pub body: Option<String>,
}

/// One page of the message log, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagePage {
    pub items: Vec<LoggedMessage>,
    pub has_more: bool,
}

/// Which messages of the log to show; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFilter {
    pub verifier: Option<VerifierUid>,
    /// `bind`, `unbind`, `sign-in`, `step-up`, `test` or `api`.
    pub scene: Option<String>,
    /// `sent` or `failed`.
    pub status: Option<String>,
    /// The last digits of the number (at most 4: the log keeps no more of it).
    pub number_ending: Option<String>,
    /// Only messages of this many last milliseconds.
    pub within_ms: Option<i64>,
}

/// The admin console: verifiers, test messages and the message log. Callers are administrators.
#[async_trait]
pub trait VerifierAdmin: Send + Sync {
    /// A fresh `v_…` UID for the "Add new" form.
    fn suggest_uid(&self) -> Result<VerifierUid, VerifierError>;
    /// The providers this build knows.
    fn providers(&self) -> Vec<ProviderSpec>;
    async fn list_verifiers(&self) -> Result<Vec<VerifierListing>, VerifierError>;
    async fn verifier(&self, uid: &VerifierUid) -> Result<VerifierView, VerifierError>;
    /// Creates a verifier; the audit log records `admin` as who did.
    async fn create_verifier(
        &self,
        admin: &User,
        draft: VerifierDraft,
    ) -> Result<(), VerifierError>;
    /// Changes a verifier; the audit log records `admin` as who did.
    async fn update_verifier(
        &self,
        admin: &User,
        draft: VerifierDraft,
    ) -> Result<(), VerifierError>;
    /// Deletes a verifier with its bindings; the audit log records `admin` as who did.
    async fn delete_verifier(&self, admin: &User, uid: &VerifierUid) -> Result<(), VerifierError>;
    async fn send_test_sms(
        &self,
        uid: &VerifierUid,
        to: &PhoneNumber,
        admin: &User,
        locale: Locale,
    ) -> Result<TestSms, VerifierError>;
    async fn list_messages(
        &self,
        filter: &MessageFilter,
        page: u32,
    ) -> Result<MessagePage, VerifierError>;
}

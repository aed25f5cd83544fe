//! SMS providers. Adding one = one module implementing [`SmsProvider`] + one line in
//! [`Registry::standard`].

mod sandbox;

pub use sandbox::Sandbox;

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Map, Value};

use crate::domain::otp::OtpCode;

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

/// One message to send.
pub struct Outgoing<'a> {
    /// E.164.
    pub to: &'a str,
    pub code: &'a OtpCode,
    /// The full text, for providers that send free text (templates fill in `code` instead).
    pub text: &'a str,
    pub verifier_uid: &'a str,
    pub scene: &'a str,
}

/// A provider's acceptance of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The provider's id for the request, shown in the message log.
    pub request_id: String,
    /// True only for the sandbox, whose messages are read from the log instead of a phone.
    pub keep_text: bool,
}

/// Why a provider did not send; `code` is the provider's own error code, for the message log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("the provider says the number is invalid ({code})")]
    InvalidNumber { code: String },
    #[error("the provider is rate limiting ({code})")]
    RateLimited { code: String },
    #[error("the provider rejected the request: check the configuration ({code})")]
    Rejected { code: String },
    #[error("the provider is unavailable ({code})")]
    Unavailable { code: String },
}

impl ProviderError {
    pub fn code(&self) -> &str {
        match self {
            Self::InvalidNumber { code }
            | Self::RateLimited { code }
            | Self::Rejected { code }
            | Self::Unavailable { code } => code,
        }
    }
}

/// An SMS gateway.
#[async_trait]
pub trait SmsProvider: Send + Sync {
    /// Stable identifier stored with each verifier (`sandbox`, `aliyun`, …).
    fn kind(&self) -> &'static str;
    /// Shown in the admin console.
    fn title(&self) -> &'static str;
    /// The settings the admin fills in.
    fn settings(&self) -> &'static [SettingSpec];
    /// Sends one message with the verifier's (decrypted) settings.
    async fn send(
        &self,
        settings: &Map<String, Value>,
        message: &Outgoing<'_>,
    ) -> Result<Receipt, ProviderError>;
}

/// The providers this build knows, by kind.
#[derive(Clone)]
pub struct Registry {
    providers: Vec<Arc<dyn SmsProvider>>,
}

impl Registry {
    /// Every built-in provider.
    pub fn standard() -> Self {
        Self {
            providers: vec![Arc::new(Sandbox::from_env())],
        }
    }

    pub fn get(&self, kind: &str) -> Option<Arc<dyn SmsProvider>> {
        self.providers.iter().find(|p| p.kind() == kind).cloned()
    }

    pub fn all(&self) -> &[Arc<dyn SmsProvider>] {
        &self.providers
    }
}

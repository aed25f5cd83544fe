//! SMS providers. Adding one = one module implementing [`SmsProvider`] + one line in
//! [`Registry::standard`].

pub mod aliyun;
pub mod destination;
pub mod endpoint;
pub mod http;
pub mod percent;
mod sandbox;
#[cfg(test)]
mod signature_vectors;
pub mod tencent;
pub mod twilio;
pub mod webhook;

pub use aliyun::Aliyun;
pub use destination::Destinations;
pub use http::Http;
pub use sandbox::Sandbox;
pub use tencent::Tencent;
pub use twilio::Twilio;
pub use webhook::Webhook;

use app::i18n::Locale;
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Map, Value};

pub use app::ports::{ProviderSpec, SettingKind, SettingSpec};
use app::types::OtpCode;

/// One message to send.
pub struct Outgoing<'a> {
    /// E.164.
    pub to: &'a str,
    pub code: &'a OtpCode,
    /// The full text, for providers that send free text (templates fill in `code` instead).
    pub text: &'a str,
    pub verifier_uid: &'a str,
    pub scene: &'a str,
    /// The language of `text`; template providers may have a template per language.
    pub locale: Locale,
}

/// A provider's acceptance of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The provider's id for the request, shown in the message log.
    pub request_id: String,
    /// True only for the sandbox, whose messages are read from the log instead of a phone.
    pub keep_text: bool,
}

/// What kind of failure a provider reported; it decides what the user is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderErrorKind {
    /// The number does not exist or cannot receive SMS.
    InvalidNumber,
    /// The provider throttles this number or this account.
    RateLimited,
    /// The request was refused: credentials, sign name or template are wrong.
    Rejected,
    /// The provider could not be reached or failed on its side.
    Unavailable,
}

/// Why a provider did not send: the provider's own error code (shown in the message log) and
/// its message (for the administrator and the server log, never for end users).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?} ({code}): {message}")]
pub struct ProviderError {
    pub kind: ProviderErrorKind,
    pub code: String,
    pub message: String,
}

impl ProviderError {
    pub fn new(
        kind: ProviderErrorKind,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            code: code.into(),
            message: message.into(),
        }
    }
}

/// A verifier's settings for one provider, its secrets opened.
pub type Settings = Map<String, Value>;

/// What a send comes to.
pub type Sent = Result<Receipt, ProviderError>;

/// An SMS gateway.
#[async_trait]
pub trait SmsProvider: Send + Sync {
    /// What it is called (`kind` is stored with each verifier, `title` shown in the console) and
    /// the settings the administrator fills in.
    fn spec(&self) -> &'static ProviderSpec;
    /// Sends one message with the verifier's (decrypted) settings.
    async fn send(&self, settings: &Settings, message: &Outgoing<'_>) -> Sent;
}

/// The providers this build knows, by kind.
#[derive(Clone)]
pub struct Registry {
    providers: Vec<Arc<dyn SmsProvider>>,
    destinations: Destinations,
}

impl Registry {
    /// Every built-in provider, talking HTTP through `http`; the sandbox fails every send with
    /// `sandbox_fail` when it is given.
    pub fn standard(http: Http, sandbox_fail: Option<&str>) -> anyhow::Result<Self> {
        Ok(Self {
            destinations: http.destinations(),
            providers: vec![
                Arc::new(Sandbox::new(sandbox_fail)?),
                Arc::new(Aliyun::new(http.clone())),
                Arc::new(Tencent::new(http.clone())),
                Arc::new(Twilio::new(http.clone())),
                Arc::new(Webhook::new(http)),
            ],
        })
    }

    pub fn get(&self, kind: &str) -> Option<Arc<dyn SmsProvider>> {
        self.providers
            .iter()
            .find(|p| p.spec().kind == kind)
            .cloned()
    }

    pub fn all(&self) -> &[Arc<dyn SmsProvider>] {
        &self.providers
    }

    /// Where the providers may send.
    pub fn destinations(&self) -> Destinations {
        self.destinations
    }
}

//! Sending one code: through the verifier's provider, then through its fallback when the first
//! is unavailable (never on an invalid number or a rate limit, which another gateway would only
//! repeat). Every attempt goes to the message log.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::OtpEngine;
use crate::{
    error::random_hex,
    providers::{Outgoing, ProviderError, ProviderErrorKind, Receipt, SettingKind, SmsProvider},
    store::{NewMessage, VerifierRecord},
};

/// Which of a verifier's providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Primary,
    /// Used only when the primary provider is unavailable.
    Fallback,
}

impl Slot {
    /// The name a secret setting is sealed under. Sealing binds a secret to its verifier and this
    /// name, so one slot's secret cannot be passed off as the other's.
    pub fn sealed_name(self, key: &str) -> String {
        match self {
            Self::Primary => key.to_owned(),
            Self::Fallback => format!("fallback.{key}"),
        }
    }
}

/// The last provider tried and its answer.
pub(super) struct Attempt {
    /// The provider's title, for the administrator's test message.
    pub provider: &'static str,
    pub sent: Result<Receipt, ProviderError>,
}

/// What the log needs to know about the message besides the provider's answer.
pub(super) struct LogEntry<'a> {
    pub scene: &'a str,
    pub masked_receiver: &'a str,
    pub now: i64,
}

impl OtpEngine {
    /// Sends `outgoing` for `verifier` and returns the last attempt; `Err` is a failure of our
    /// own (settings that cannot be opened, the log).
    pub(super) async fn deliver(
        &self,
        verifier: &VerifierRecord,
        outgoing: &Outgoing<'_>,
        log: &LogEntry<'_>,
    ) -> anyhow::Result<Attempt> {
        let primary = self.provider_of(verifier, &verifier.provider)?;
        let first = self
            .attempt(
                verifier,
                Slot::Primary,
                primary,
                &verifier.settings,
                outgoing,
                log,
            )
            .await?;
        let fallback_applies = matches!(&first.sent, Err(error) if error.kind == ProviderErrorKind::Unavailable)
            && !verifier.fallback_provider.is_empty();
        if !fallback_applies {
            return Ok(first);
        }
        if let Err(error) = &first.sent {
            tracing::warn!(verifier = %verifier.uid, %error, "provider unavailable, trying the fallback");
        }
        let fallback = self.provider_of(verifier, &verifier.fallback_provider)?;
        self.attempt(
            verifier,
            Slot::Fallback,
            fallback,
            &verifier.fallback_settings,
            outgoing,
            log,
        )
        .await
    }

    fn provider_of(
        &self,
        verifier: &VerifierRecord,
        kind: &str,
    ) -> anyhow::Result<Arc<dyn SmsProvider>> {
        self.providers.get(kind).ok_or_else(|| {
            anyhow::anyhow!("verifier {} names unknown provider {kind}", verifier.uid)
        })
    }

    /// One provider's attempt, logged.
    async fn attempt(
        &self,
        verifier: &VerifierRecord,
        slot: Slot,
        provider: Arc<dyn SmsProvider>,
        stored_settings: &str,
        outgoing: &Outgoing<'_>,
        log: &LogEntry<'_>,
    ) -> anyhow::Result<Attempt> {
        let settings =
            self.opened_settings(&verifier.uid, slot, provider.as_ref(), stored_settings)?;
        let sent = provider.send(&settings, outgoing).await;
        let (status, reference, body) = match &sent {
            Ok(receipt) => (
                "sent",
                receipt.request_id.as_str(),
                receipt.keep_text.then_some(outgoing.text),
            ),
            Err(error) => ("failed", error.code.as_str(), None),
        };
        self.db
            .insert_message(&NewMessage {
                message_id: &random_hex(16)?,
                verifier_uid: &verifier.uid,
                verifier_title: &verifier.title,
                scene: log.scene,
                masked_receiver: log.masked_receiver,
                provider: provider.kind(),
                status,
                reference,
                body,
                created_at: log.now,
            })
            .await?;
        Ok(Attempt {
            provider: provider.title(),
            sent,
        })
    }

    /// A slot's settings with its secrets opened, ready for the provider.
    fn opened_settings(
        &self,
        verifier_uid: &str,
        slot: Slot,
        provider: &dyn SmsProvider,
        stored: &str,
    ) -> anyhow::Result<Map<String, Value>> {
        let mut settings: Map<String, Value> = serde_json::from_str(stored).map_err(|error| {
            anyhow::anyhow!("verifier {verifier_uid} has malformed settings: {error}")
        })?;
        for spec in provider
            .settings()
            .iter()
            .filter(|spec| spec.kind == SettingKind::Secret)
        {
            if let Some(Value::String(sealed)) = settings.get(spec.key) {
                let opened = self
                    .sealer
                    .open(verifier_uid, &slot.sealed_name(spec.key), sealed)?;
                settings.insert(spec.key.to_owned(), Value::String(opened));
            }
        }
        Ok(settings)
    }
}

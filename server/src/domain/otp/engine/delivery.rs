//! Sending one code: through the verifier's provider, then through its fallback when the first
//! is unavailable (never on an invalid number or a rate limit, which another gateway would only
//! repeat). Every attempt goes to the message log.

use std::sync::Arc;

use app::ports::Slot;
use serde_json::{Map, Value};

use super::OtpEngine;
use crate::{
    domain::sealed::sealed_name,
    providers::{Outgoing, ProviderError, ProviderErrorKind, Receipt, SmsProvider},
    random::random_hex,
    store::{NewMessage, StoredSlot, VerifierRecord},
};

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
    /// The API key's name for scene `api`; empty otherwise.
    pub caller: &'a str,
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
        let first = self
            .attempt(verifier, Slot::Primary, &verifier.primary, outgoing, log)
            .await?;
        let unavailable =
            matches!(&first.sent, Err(error) if error.kind == ProviderErrorKind::Unavailable);
        let Some(fallback) = verifier.fallback.as_ref().filter(|_| unavailable) else {
            return Ok(first);
        };
        if let Err(error) = &first.sent {
            tracing::warn!(verifier = %verifier.uid, %error, "provider unavailable, trying the fallback");
        }
        self.attempt(verifier, Slot::Fallback, fallback, outgoing, log)
            .await
    }

    /// One provider's attempt, logged.
    async fn attempt(
        &self,
        verifier: &VerifierRecord,
        slot: Slot,
        stored: &StoredSlot,
        outgoing: &Outgoing<'_>,
        log: &LogEntry<'_>,
    ) -> anyhow::Result<Attempt> {
        let provider = self.provider_of(verifier, &stored.provider)?;
        let settings = self.opened_settings(verifier, slot, provider.as_ref(), &stored.settings)?;
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
                verifier_uid: verifier.uid.as_str(),
                verifier_title: &verifier.title,
                scene: log.scene,
                masked_receiver: log.masked_receiver,
                provider: provider.spec().kind,
                status,
                reference,
                body,
                caller: log.caller,
                created_at: log.now,
            })
            .await?;
        Ok(Attempt {
            provider: provider.spec().title,
            sent,
        })
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

    /// A slot's settings with its secrets opened, ready for the provider.
    fn opened_settings(
        &self,
        verifier: &VerifierRecord,
        slot: Slot,
        provider: &dyn SmsProvider,
        stored: &Map<String, Value>,
    ) -> anyhow::Result<Map<String, Value>> {
        let mut settings = stored.clone();
        for spec in provider.spec().secrets() {
            if let Some(Value::String(sealed)) = stored.get(spec.key) {
                let opened = self.sealer.open(
                    verifier.uid.as_str(),
                    &sealed_name(slot, spec.key),
                    sealed,
                )?;
                settings.insert(spec.key.to_owned(), Value::String(opened));
            }
        }
        Ok(settings)
    }
}

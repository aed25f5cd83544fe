//! The admin console's verifiers: validation, write-only secrets sealed at rest, test messages,
//! and the message log.

use std::{collections::BTreeMap, net::SocketAddr, sync::Arc};

use app::{
    AppError,
    dto::{
        EmulatorCredential, EmulatorInbox, EmulatorMessage, MessageEntry, Page, ProviderInfo,
        SettingInfo, SettingInput, TestSmsOutcome, VerifierDetails, VerifierSummary,
    },
    ports::{VerifierAdmin, VerifierInput},
    types::{PhoneNumber, Policy},
};
use async_trait::async_trait;
use serde_json::{Map, Value};

use super::otp::{IssueRequest, OtpEngine, OtpError, Scene, Slot};
use crate::{
    clock::Clock,
    config::EmulatorSettings,
    error::{internal, random_hex},
    providers::{SettingKind, SmsProvider},
    store::{Db, NewVerifier, VerifierRecord, violated_unique},
};

/// Messages per page of the log.
pub const MESSAGES_PER_PAGE: i64 = 50;
/// The only verification type so far.
pub const SMS_OTP: &str = "sms-otp";
const UID_TAKEN: (&str, &str) = ("verifier_pkey", "verifier.uid");

/// Implements [`VerifierAdmin`].
pub struct VerifierService {
    db: Db,
    clock: Arc<dyn Clock>,
    otp: OtpEngine,
    /// The emulator's settings and address, when it runs.
    emulator: Option<(EmulatorSettings, SocketAddr)>,
}

/// How many of the emulator's messages the console shows.
const EMULATOR_MESSAGES_SHOWN: i64 = 50;

impl VerifierService {
    pub fn new(db: Db, clock: Arc<dyn Clock>, otp: OtpEngine) -> Self {
        Self {
            db,
            clock,
            otp,
            emulator: None,
        }
    }

    /// Shows the emulator listening on `address` in the console.
    pub fn with_emulator(mut self, settings: EmulatorSettings, address: SocketAddr) -> Self {
        self.emulator = Some((settings, address));
        self
    }

    async fn record(&self, uid: &str) -> Result<VerifierRecord, AppError> {
        self.db
            .verifier_record(uid)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)
    }

    fn provider(&self, kind: &str) -> Result<Arc<dyn SmsProvider>, AppError> {
        self.otp
            .providers()
            .get(kind)
            .ok_or_else(|| AppError::invalid("provider", "Choose a provider."))
    }

    /// The settings to store: text as typed, secrets sealed, an empty secret keeps the stored one.
    /// Field errors name `settings.<provider>.<key>`, the field in that provider's section.
    fn settings_to_store(
        &self,
        uid: &str,
        slot: Slot,
        provider: &dyn SmsProvider,
        typed: &std::collections::HashMap<String, String>,
        stored: &Map<String, Value>,
    ) -> Result<Map<String, Value>, AppError> {
        let mut settings = Map::new();
        for spec in provider.settings() {
            let field = format!("settings.{}.{}", provider.kind(), spec.key);
            let value = typed.get(spec.key).map(|v| v.trim()).unwrap_or_default();
            if let SettingKind::Select(options) = spec.kind
                && !value.is_empty()
                && !options.contains(&value)
            {
                return Err(AppError::invalid(
                    &field,
                    format!("Choose one of: {}.", options.join(", ")),
                ));
            }
            let value = match (spec.kind, value.is_empty()) {
                (SettingKind::Secret, false) => Value::String(
                    self.otp
                        .sealer()
                        .seal(uid, &slot.sealed_name(spec.key), value)
                        .map_err(internal)?,
                ),
                (SettingKind::Secret, true) => match stored.get(spec.key) {
                    Some(kept) => kept.clone(),
                    None if spec.required => {
                        return Err(AppError::invalid(
                            &field,
                            format!("Enter the {}.", spec.label),
                        ));
                    }
                    None => continue,
                },
                (_, true) if spec.required => {
                    return Err(AppError::invalid(
                        &field,
                        format!("Enter the {}.", spec.label),
                    ));
                }
                (_, _) => Value::String(value.to_owned()),
            };
            settings.insert(spec.key.to_owned(), value);
        }
        Ok(settings)
    }

    /// The settings stored for `provider` in a slot, or none when the slot held another
    /// provider (secrets belong to one provider: switching starts from none).
    fn stored_settings(
        stored_provider: &str,
        stored_settings: &str,
        provider: &str,
    ) -> Result<Map<String, Value>, AppError> {
        if stored_provider == provider {
            serde_json::from_str(stored_settings).map_err(internal)
        } else {
            Ok(Map::new())
        }
    }

    /// A stored slot's text settings and the names of its secrets that are set.
    fn settings_for_form(
        &self,
        provider: &str,
        stored: &str,
    ) -> Result<(BTreeMap<String, String>, Vec<String>), AppError> {
        let stored: Map<String, Value> = serde_json::from_str(stored).map_err(internal)?;
        let secret_keys: Vec<&str> = self
            .otp
            .providers()
            .get(provider)
            .map(|p| {
                p.settings()
                    .iter()
                    .filter(|s| s.kind == SettingKind::Secret)
                    .map(|s| s.key)
                    .collect()
            })
            .unwrap_or_default();
        let mut settings = BTreeMap::new();
        let mut secrets_set = Vec::new();
        for (key, value) in stored {
            if secret_keys.contains(&key.as_str()) {
                secrets_set.push(key);
            } else if let Value::String(text) = value {
                settings.insert(key, text);
            }
        }
        Ok((settings, secrets_set))
    }
}

#[async_trait]
impl VerifierAdmin for VerifierService {
    fn suggest_uid(&self) -> String {
        format!("v_{}", random_hex(5).unwrap_or_else(|_| "new".into()))
    }

    async fn list_verifiers(&self) -> Result<Vec<VerifierSummary>, AppError> {
        let rows = self.db.list_verifiers().await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|row| VerifierSummary {
                provider: self
                    .otp
                    .providers()
                    .get(&row.provider)
                    .map_or(row.provider.clone(), |p| p.title().to_owned()),
                uid: row.uid,
                title: row.title,
                verification_type: row.verification_type,
                description: row.description,
            })
            .collect())
    }

    async fn providers(&self) -> Result<Vec<ProviderInfo>, AppError> {
        Ok(self
            .otp
            .providers()
            .all()
            .iter()
            .map(|p| provider_info(p.as_ref()))
            .collect())
    }

    async fn verifier(&self, uid: &str) -> Result<VerifierDetails, AppError> {
        let record = self.record(uid).await?;
        let policy: Policy = serde_json::from_str(&record.policy).map_err(internal)?;
        let (settings, secrets_set) = self.settings_for_form(&record.provider, &record.settings)?;
        let (fallback_settings, fallback_secrets_set) =
            self.settings_for_form(&record.fallback_provider, &record.fallback_settings)?;
        Ok(VerifierDetails {
            bound_users: self.db.count_bindings(uid).await.map_err(internal)?,
            uid: record.uid,
            title: record.title,
            description: record.description,
            provider: record.provider,
            settings,
            secrets_set,
            fallback_provider: record.fallback_provider,
            fallback_settings,
            fallback_secrets_set,
            policy,
            sign_in_enabled: record.sign_in_enabled != 0,
        })
    }

    async fn save_verifier(&self, input: VerifierInput, create: bool) -> Result<(), AppError> {
        let uid = input.uid.trim();
        if create
            && (uid.is_empty()
                || uid.len() > 64
                || !uid
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        {
            return Err(AppError::invalid(
                "uid",
                "Use 1–64 letters, digits, '_' or '-'.",
            ));
        }
        let title = input.title.trim();
        if title.is_empty() || title.chars().count() > 100 {
            return Err(AppError::invalid(
                "title",
                "Enter a title of at most 100 characters.",
            ));
        }
        if input.description.chars().count() > 500 {
            return Err(AppError::invalid(
                "description",
                "Keep the description under 500 characters.",
            ));
        }
        input.policy.validate()?;
        let provider = self.provider(&input.provider)?;
        let fallback = match input.fallback_provider.trim() {
            "" => None,
            kind if kind == provider.kind() => {
                return Err(AppError::invalid(
                    "fallback_provider",
                    "Choose a different provider than the first one, or none.",
                ));
            }
            kind => Some(self.otp.providers().get(kind).ok_or_else(|| {
                AppError::invalid("fallback_provider", "Choose a fallback provider or none.")
            })?),
        };
        let (stored, stored_fallback) = if create {
            (Map::new(), Map::new())
        } else {
            let record = self.record(uid).await?;
            (
                Self::stored_settings(&record.provider, &record.settings, provider.kind())?,
                match &fallback {
                    Some(fallback) => Self::stored_settings(
                        &record.fallback_provider,
                        &record.fallback_settings,
                        fallback.kind(),
                    )?,
                    None => Map::new(),
                },
            )
        };
        let settings = self.settings_to_store(
            uid,
            Slot::Primary,
            provider.as_ref(),
            &input.settings,
            &stored,
        )?;
        let fallback_settings = match &fallback {
            Some(fallback) => self.settings_to_store(
                uid,
                Slot::Fallback,
                fallback.as_ref(),
                &input.fallback_settings,
                &stored_fallback,
            )?,
            None => Map::new(),
        };
        let settings = serde_json::to_string(&settings).map_err(internal)?;
        let fallback_settings = serde_json::to_string(&fallback_settings).map_err(internal)?;
        let policy = serde_json::to_string(&input.policy).map_err(internal)?;
        let verifier = NewVerifier {
            uid,
            title,
            description: input.description.trim(),
            verification_type: SMS_OTP,
            provider: provider.kind(),
            settings: &settings,
            policy: &policy,
            sign_in_enabled: input.sign_in_enabled,
            fallback_provider: fallback.as_ref().map_or("", |fallback| fallback.kind()),
            fallback_settings: &fallback_settings,
            now: self.clock.now_ms(),
        };
        if create {
            self.db.insert_verifier(&verifier).await.map_err(|error| {
                match violated_unique(&error, &[UID_TAKEN]) {
                    Some(_) => AppError::conflict("uid", "This UID is taken."),
                    None => internal(error),
                }
            })?;
            tracing::info!(
                verifier = uid,
                provider = provider.kind(),
                "verifier created"
            );
        } else {
            if !self.db.update_verifier(&verifier).await.map_err(internal)? {
                return Err(AppError::NotFound);
            }
            tracing::info!(
                verifier = uid,
                provider = provider.kind(),
                "verifier updated"
            );
        }
        Ok(())
    }

    async fn delete_verifier(&self, uid: &str) -> Result<(), AppError> {
        if !self.db.delete_verifier(uid).await.map_err(internal)? {
            return Err(AppError::NotFound);
        }
        tracing::info!(verifier = uid, "verifier deleted with its bindings");
        Ok(())
    }

    async fn send_test_sms(
        &self,
        uid: &str,
        to: &PhoneNumber,
        admin_user_id: &str,
    ) -> Result<TestSmsOutcome, AppError> {
        let issued = self
            .otp
            .issue(&IssueRequest {
                verifier_uid: uid,
                scene: Scene::Test,
                receiver: to,
                user_id: Some(admin_user_id),
            })
            .await;
        match issued {
            Ok(issued) => Ok(TestSmsOutcome {
                sent: true,
                provider: issued.provider.to_owned(),
                reference: issued.provider_reference,
                detail: format!("Sent to {}.", to.masked()),
            }),
            // The administrator sees what the provider said; end users never do.
            Err(OtpError::ProviderFailed { provider, failure }) => Ok(TestSmsOutcome {
                sent: false,
                provider: provider.to_owned(),
                reference: failure.code,
                detail: failure.message,
            }),
            Err(other) => Err(other.into()),
        }
    }

    async fn emulator_inbox(&self) -> Result<Option<EmulatorInbox>, AppError> {
        let Some((settings, address)) = &self.emulator else {
            return Ok(None);
        };
        let credentials = [
            ("aliyun", &settings.aliyun),
            ("tencent", &settings.tencent),
            ("twilio", &settings.twilio),
        ]
        .into_iter()
        .map(|(provider, pair)| EmulatorCredential {
            provider: provider.into(),
            key_id: pair.id.clone(),
            secret: pair.secret.clone(),
        })
        .collect();
        let messages = self
            .db
            .list_emulator_messages(EMULATOR_MESSAGES_SHOWN)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|row| EmulatorMessage {
                provider: row.provider,
                to: row.to_number,
                sender: row.sender,
                template: row.template,
                text: row.body,
                request_id: row.request_id,
                received_at: row.received_at,
            })
            .collect();
        Ok(Some(EmulatorInbox {
            address: address.to_string(),
            credentials,
            messages,
        }))
    }

    async fn list_messages(&self, page: i64) -> Result<Page<MessageEntry>, AppError> {
        let offset = page.saturating_mul(MESSAGES_PER_PAGE);
        // One extra row tells whether an older page exists.
        let mut rows = self
            .db
            .list_messages(MESSAGES_PER_PAGE + 1, offset)
            .await
            .map_err(internal)?;
        let has_more = rows.len() as i64 > MESSAGES_PER_PAGE;
        rows.truncate(MESSAGES_PER_PAGE as usize);
        Ok(Page {
            items: rows
                .into_iter()
                .map(|row| MessageEntry {
                    sent_at_ms: row.created_at,
                    verifier_title: row.verifier_title,
                    scene: row.scene,
                    masked_receiver: row.masked_receiver,
                    provider: row.provider,
                    status: row.status,
                    reference: row.reference,
                    body: row.body,
                })
                .collect(),
            page,
            has_more,
        })
    }
}

fn provider_info(provider: &dyn SmsProvider) -> ProviderInfo {
    ProviderInfo {
        kind: provider.kind().to_owned(),
        title: provider.title().to_owned(),
        settings: provider
            .settings()
            .iter()
            .map(|spec| SettingInfo {
                key: spec.key.to_owned(),
                label: spec.label.to_owned(),
                input: match spec.kind {
                    SettingKind::Text => SettingInput::Text,
                    SettingKind::Secret => SettingInput::Secret,
                    SettingKind::Select(options) => {
                        SettingInput::Select(options.iter().map(|o| (*o).to_owned()).collect())
                    }
                },
                required: spec.required,
                help: spec.help.to_owned(),
            })
            .collect(),
    }
}

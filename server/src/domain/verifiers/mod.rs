//! The admin console's verifiers: providers and their settings, write-only secrets sealed at
//! rest, test messages, and the message log.

mod settings;

use app::i18n::Locale;
use std::sync::Arc;

use app::{
    ports::{
        LoggedMessage, MessageFilter, MessagePage, ProviderChoice, ProviderSpec, Slot, TestSms,
        TestSmsFailure, User, VerifierAdmin, VerifierDraft, VerifierError, VerifierListing,
        VerifierView,
    },
    types::{AuditAction, DailyBudget, PhoneNumber, VerifierUid},
};
use async_trait::async_trait;

use super::{
    audit::Audited,
    otp::{IssueRequest, OtpEngine, OtpError, Scene},
};
use crate::{
    clock::Clock,
    providers::{ProviderErrorKind, SmsProvider},
    random::random_hex,
    store::{Db, StoredSlot, VerifierRecord, Which, verifiers::UID_TAKEN, violated_unique},
};

/// Messages per page of the log.
pub const MESSAGES_PER_PAGE: i64 = 50;
/// The only verification type so far.
pub const SMS_OTP: &str = "sms-otp";

/// Implements [`VerifierAdmin`].
pub struct VerifierService {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) otp: OtpEngine,
}

impl VerifierService {
    /// Gives the verifiers made before Service SIDs existed theirs (run at start; racing
    /// instances settle on one SID each).
    pub async fn assign_missing_service_sids(&self) -> anyhow::Result<()> {
        for uid in self.db.verifiers_without_service_sid().await? {
            self.db
                .assign_service_sid(&uid, &new_service_sid()?)
                .await?;
        }
        Ok(())
    }

    /// Seals again with the current server secret the provider secrets a previous one sealed
    /// (run at start), so that after one start with the old secret among the previous ones the
    /// settings no longer need it. A verifier edited meanwhile is left to its edit.
    pub async fn reseal_settings(&self) -> anyhow::Result<()> {
        let (sealer, providers) = (self.otp.sealer(), self.otp.providers());
        for mut record in self.db.verifiers(Which::All).await? {
            let primary = settings::resealed(
                sealer,
                providers,
                &record.uid,
                Slot::Primary,
                &record.primary,
            );
            let fallback = match &record.fallback {
                Some(slot) => {
                    settings::resealed(sealer, providers, &record.uid, Slot::Fallback, slot)
                }
                None => None,
            };
            if primary.is_none() && fallback.is_none() {
                continue;
            }
            if let Some(settings) = primary {
                record.primary.settings = settings;
            }
            if let (Some(slot), Some(settings)) = (record.fallback.as_mut(), fallback) {
                slot.settings = settings;
            }
            if self.db.replace_settings(&record).await? {
                tracing::info!(verifier = %record.uid, "sealed the provider secrets again with the current server secret");
            }
        }
        Ok(())
    }

    async fn record(&self, uid: &VerifierUid) -> Result<VerifierRecord, VerifierError> {
        self.db.verifier(uid).await?.ok_or(VerifierError::NotFound)
    }

    /// Records in the audit log that `admin` did `action` to the verifier.
    async fn audit(
        &self,
        admin: &User,
        action: AuditAction,
        uid: &VerifierUid,
    ) -> anyhow::Result<()> {
        Audited {
            actor: &admin.id,
            action,
            subject: uid.as_str(),
            verifier_uid: uid.as_str(),
            masked_receiver: "",
        }
        .record(&self.db, self.clock.as_ref())
        .await
    }

    /// The record a draft describes, its secrets sealed; `stored` is the record it replaces.
    fn record_of(
        &self,
        draft: VerifierDraft,
        stored: Option<&VerifierRecord>,
    ) -> Result<VerifierRecord, VerifierError> {
        let providers = self.otp.providers();
        let primary = providers
            .get(&draft.provider.kind)
            .ok_or_else(|| VerifierError::UnknownProvider(draft.provider.kind.clone()))?;
        let fallback = match &draft.fallback {
            None => None,
            Some(choice) if choice.kind == primary.spec().kind => {
                return Err(VerifierError::FallbackSameAsPrimary);
            }
            Some(choice) => Some((
                providers
                    .get(&choice.kind)
                    .ok_or_else(|| VerifierError::UnknownFallback(choice.kind.clone()))?,
                choice,
            )),
        };
        let slot = |slot: Slot,
                    provider: &dyn SmsProvider,
                    choice: &ProviderChoice,
                    stored: Option<&StoredSlot>| {
            settings::refuse_private_destinations(
                provider,
                &choice.settings,
                providers.destinations(),
            )?;
            Ok::<_, VerifierError>(StoredSlot {
                provider: provider.spec().kind.to_owned(),
                settings: settings::to_store(
                    self.otp.sealer(),
                    &draft.uid,
                    slot,
                    provider,
                    &choice.settings,
                    stored,
                )?,
            })
        };
        let primary = slot(
            Slot::Primary,
            primary.as_ref(),
            &draft.provider,
            stored.map(|record| &record.primary),
        )?;
        let fallback = fallback
            .map(|(provider, choice)| {
                slot(
                    Slot::Fallback,
                    provider.as_ref(),
                    choice,
                    stored.and_then(|record| record.fallback.as_ref()),
                )
            })
            .transpose()?;
        let (service_sid, created_at_ms) = match stored {
            Some(stored) => (stored.service_sid.clone(), stored.created_at_ms),
            None => (new_service_sid()?, self.clock.now_ms()),
        };
        Ok(VerifierRecord {
            uid: draft.uid,
            service_sid,
            title: draft.title,
            description: draft.description,
            verification_type: SMS_OTP.to_owned(),
            primary,
            fallback,
            policy: draft.policy,
            sign_in_enabled: draft.sign_in_enabled,
            created_at_ms,
            updated_at_ms: self.clock.now_ms(),
        })
    }
}

/// A fresh Service SID: `VA` and 32 hex digits, like Twilio's.
pub fn new_service_sid() -> anyhow::Result<String> {
    Ok(format!("VA{}", random_hex(16)?))
}

#[async_trait]
impl VerifierAdmin for VerifierService {
    fn suggest_uid(&self) -> Result<VerifierUid, VerifierError> {
        let uid = format!("v_{}", random_hex(5)?);
        VerifierUid::parse(&uid)
            .map_err(|_| anyhow::anyhow!("suggested a malformed UID {uid:?}").into())
    }

    fn providers(&self) -> Vec<ProviderSpec> {
        self.otp
            .providers()
            .all()
            .iter()
            .map(|provider| *provider.spec())
            .collect()
    }

    async fn list_verifiers(&self) -> Result<Vec<VerifierListing>, VerifierError> {
        let providers = self.otp.providers();
        let records = self.db.verifiers(Which::All).await?;
        let now = self.clock.now_ms();
        let mut listings = Vec::with_capacity(records.len());
        for record in records {
            let budget = DailyBudget {
                used: self
                    .db
                    .verifier_budget_used(record.uid.as_str(), now)
                    .await?,
                cap: i64::from(record.policy.sends_per_verifier_day),
            };
            listings.push(VerifierListing {
                provider: providers
                    .get(&record.primary.provider)
                    .map_or(record.primary.provider, |p| p.spec().title.to_owned()),
                uid: record.uid,
                service_sid: record.service_sid,
                title: record.title,
                verification_type: SMS_OTP,
                description: record.description,
                budget,
            });
        }
        Ok(listings)
    }

    async fn verifier(&self, uid: &VerifierUid) -> Result<VerifierView, VerifierError> {
        let record = self.record(uid).await?;
        let providers = self.otp.providers();
        Ok(VerifierView {
            bound_users: self.db.count_bindings(uid).await?,
            primary: settings::for_form(providers, &record.primary),
            fallback: record
                .fallback
                .as_ref()
                .map(|fallback| settings::for_form(providers, fallback)),
            uid: record.uid,
            service_sid: record.service_sid,
            title: record.title,
            description: record.description,
            policy: record.policy,
            sign_in_enabled: record.sign_in_enabled,
        })
    }

    async fn create_verifier(
        &self,
        admin: &User,
        draft: VerifierDraft,
    ) -> Result<(), VerifierError> {
        let record = self.record_of(draft, None)?;
        match self.db.insert_verifier(&record, self.clock.now_ms()).await {
            Ok(()) => {}
            Err(error) if violated_unique(&error, &[UID_TAKEN]).is_some() => {
                return Err(VerifierError::UidTaken);
            }
            Err(error) => return Err(error.into()),
        }
        self.audit(admin, AuditAction::VerifierCreated, &record.uid)
            .await?;
        tracing::info!(verifier = %record.uid, provider = record.primary.provider, "verifier created");
        Ok(())
    }

    async fn update_verifier(
        &self,
        admin: &User,
        draft: VerifierDraft,
    ) -> Result<(), VerifierError> {
        let stored = self.record(&draft.uid).await?;
        let record = self.record_of(draft, Some(&stored))?;
        if !self
            .db
            .update_verifier(&record, self.clock.now_ms())
            .await?
        {
            return Err(VerifierError::NotFound);
        }
        self.audit(admin, AuditAction::VerifierUpdated, &record.uid)
            .await?;
        tracing::info!(verifier = %record.uid, provider = record.primary.provider, "verifier updated");
        Ok(())
    }

    async fn delete_verifier(&self, admin: &User, uid: &VerifierUid) -> Result<(), VerifierError> {
        if !self.db.delete_verifier(uid).await? {
            return Err(VerifierError::NotFound);
        }
        self.audit(admin, AuditAction::VerifierDeleted, uid).await?;
        tracing::info!(verifier = %uid, "verifier deleted with its bindings");
        Ok(())
    }

    async fn send_test_sms(
        &self,
        uid: &VerifierUid,
        to: &PhoneNumber,
        admin: &User,
        locale: Locale,
    ) -> Result<TestSms, VerifierError> {
        let issued = self
            .otp
            .issue(&IssueRequest {
                verifier_uid: uid,
                scene: Scene::Test,
                receiver: to,
                user_id: Some(&admin.id),
                client: None,
                from_known_device: false,
                api_key: None,
                locale,
            })
            .await;
        match issued {
            Ok(issued) => Ok(TestSms {
                to: to.clone(),
                provider: issued.provider,
                reference: issued.provider_reference,
                failure: None,
            }),
            // The administrator sees the provider's code and the kind of failure; its text is in
            // the log (the engine logs every failed send with it).
            Err(OtpError::ProviderFailed { provider, failure }) => Ok(TestSms {
                to: to.clone(),
                provider,
                reference: failure.code,
                failure: Some(match failure.kind {
                    ProviderErrorKind::InvalidNumber => TestSmsFailure::InvalidNumber,
                    ProviderErrorKind::RateLimited => TestSmsFailure::RateLimited,
                    ProviderErrorKind::Rejected => TestSmsFailure::Rejected,
                    ProviderErrorKind::Unavailable => TestSmsFailure::Unavailable,
                }),
            }),
            Err(other) => Err(other.into()),
        }
    }

    async fn list_messages(
        &self,
        filter: &MessageFilter,
        page: u32,
    ) -> Result<MessagePage, VerifierError> {
        let offset = i64::from(page).saturating_mul(MESSAGES_PER_PAGE);
        let since = filter
            .within_ms
            .map_or(0, |within| self.clock.now_ms().saturating_sub(within));
        // One extra row tells whether an older page exists.
        let mut rows = self
            .db
            .list_messages(filter, since, MESSAGES_PER_PAGE + 1, offset)
            .await?;
        let has_more = rows.len() as i64 > MESSAGES_PER_PAGE;
        rows.truncate(MESSAGES_PER_PAGE as usize);
        Ok(MessagePage {
            items: rows
                .into_iter()
                .map(|row| LoggedMessage {
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
            has_more,
        })
    }
}

//! Domain types into the shapes that cross the wire: what the browser may see, masked and
//! flattened.

use crate::{
    dto::{
        ApiKeyEntry, AuditEventEntry, CodeSent, CreatedApiKey, CurrentUser, MessageEntry,
        MyVerifier, PendingBind, ProviderInfo, SettingInfo, SettingInput, SignInVerifier,
        TestSmsOutcome, VerifierDetails, VerifierSummary,
    },
    ports::{
        ApiKeyListing, AuditEntry, BindableVerifier, IssuedKey, KeyScope, LoggedMessage,
        ProviderSpec, SentCode, SettingKind, SignInMethod, TestSms, User, VerifierListing,
        VerifierView,
    },
};

impl From<User> for CurrentUser {
    fn from(user: User) -> Self {
        Self {
            user_id: user.id,
            username: user.username,
            role: user.role,
        }
    }
}

impl From<SentCode> for CodeSent {
    fn from(sent: SentCode) -> Self {
        Self {
            challenge_id: sent.challenge_id,
            resend_at_ms: sent.resend_at_ms,
            expires_at_ms: sent.expires_at_ms,
            code_length: sent.code_length,
            masked_receiver: sent.to.masked(),
        }
    }
}

impl From<BindableVerifier> for MyVerifier {
    fn from(verifier: BindableVerifier) -> Self {
        Self {
            uid: verifier.uid.to_string(),
            title: verifier.title,
            bound: verifier.bound.map(|phone| phone.masked()),
            code_length: verifier.policy.code_length,
            allowed_countries: verifier.policy.allowed_countries,
            // The number the user typed, shown back to them in full: it is their own.
            pending_bind: verifier.pending_bind.map(|sent| PendingBind {
                phone: sent.to.as_str().to_owned(),
                sent: sent.into(),
            }),
        }
    }
}

impl From<SignInMethod> for SignInVerifier {
    fn from(method: SignInMethod) -> Self {
        Self {
            uid: method.uid.to_string(),
            title: method.title,
            code_length: method.policy.code_length,
            allowed_countries: method.policy.allowed_countries,
        }
    }
}

impl From<VerifierListing> for VerifierSummary {
    fn from(listing: VerifierListing) -> Self {
        Self {
            uid: listing.uid.to_string(),
            service_sid: listing.service_sid,
            title: listing.title,
            verification_type: listing.verification_type.to_owned(),
            description: listing.description,
            provider: listing.provider,
            budget: listing.budget,
        }
    }
}

impl From<ProviderSpec> for ProviderInfo {
    fn from(spec: ProviderSpec) -> Self {
        Self {
            kind: spec.kind.to_owned(),
            title: spec.title.to_owned(),
            settings: spec
                .settings
                .iter()
                .map(|setting| SettingInfo {
                    key: setting.key.to_owned(),
                    label: setting.label.to_owned(),
                    input: match setting.kind {
                        SettingKind::Text => SettingInput::Text,
                        SettingKind::Secret => SettingInput::Secret,
                        SettingKind::Select(options) => {
                            SettingInput::Select(options.iter().map(|o| (*o).to_owned()).collect())
                        }
                    },
                    required: setting.required,
                    help: setting.help.to_owned(),
                })
                .collect(),
        }
    }
}

impl From<VerifierView> for VerifierDetails {
    fn from(view: VerifierView) -> Self {
        let fallback = view.fallback.unwrap_or_default();
        Self {
            uid: view.uid.to_string(),
            service_sid: view.service_sid,
            title: view.title,
            description: view.description,
            provider: view.primary.provider,
            settings: view.primary.settings,
            secrets_set: view.primary.secrets_set,
            fallback_provider: fallback.provider,
            fallback_settings: fallback.settings,
            fallback_secrets_set: fallback.secrets_set,
            policy: view.policy,
            sign_in_enabled: view.sign_in_enabled,
            bound_users: view.bound_users,
        }
    }
}

impl From<ApiKeyListing> for ApiKeyEntry {
    fn from(key: ApiKeyListing) -> Self {
        Self {
            sid: key.sid,
            name: key.name,
            verifiers: match key.scope {
                KeyScope::All => None,
                KeyScope::Only(uids) => Some(uids.iter().map(ToString::to_string).collect()),
            },
            created_at_ms: key.created_at_ms,
            last_used_at_ms: key.last_used_at_ms,
            revoked: key.revoked_at_ms.is_some(),
        }
    }
}

impl From<IssuedKey> for CreatedApiKey {
    fn from(key: IssuedKey) -> Self {
        Self {
            sid: key.sid,
            name: key.name,
            secret: key.secret,
        }
    }
}

impl From<TestSms> for TestSmsOutcome {
    fn from(test: TestSms) -> Self {
        Self {
            sent: test.failure.is_none(),
            provider: test.provider.to_owned(),
            reference: test.reference,
            to: test.to.masked(),
            failure: test.failure,
        }
    }
}

impl From<LoggedMessage> for MessageEntry {
    fn from(message: LoggedMessage) -> Self {
        Self {
            sent_at_ms: message.sent_at_ms,
            verifier_title: message.verifier_title,
            scene: message.scene,
            masked_receiver: message.masked_receiver,
            provider: message.provider,
            status: message.status,
            reference: message.reference,
            body: message.body,
        }
    }
}

impl From<AuditEntry> for AuditEventEntry {
    fn from(entry: AuditEntry) -> Self {
        Self {
            at_ms: entry.at_ms,
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            verifier_uid: entry.verifier_uid,
            masked_receiver: entry.masked_receiver,
        }
    }
}

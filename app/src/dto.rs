//! Plain data that crosses the wire between server functions and the browser.

use serde::{Deserialize, Serialize};

use crate::types::{DailyBudget, Role, TestSmsFailure};

/// The user behind the current session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: String,
    pub username: String,
    pub role: Role,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// One row of the administrators' verifier table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifierSummary {
    pub uid: String,
    /// Its name in the API (`VA` + 32 hex digits).
    pub service_sid: String,
    pub title: String,
    pub verification_type: String,
    pub description: String,
    pub provider: String,
    pub budget: DailyBudget,
}

/// One dispatched message in the message log, with the receiver masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageEntry {
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

/// One line of the audit log: who did what to what, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEventEntry {
    pub at_ms: i64,
    /// The acting user's username, or `system`.
    pub actor: String,
    pub action: crate::types::AuditAction,
    /// The verifier's UID, the API key's SID, the account's username, or the calling code.
    pub subject: String,
    pub verifier_uid: String,
    pub masked_receiver: String,
}

/// The SMS gateway emulator, for administrators trying providers without real accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmulatorInbox {
    /// Where it listens, `host:port`: point a provider's endpoint at `http://<address>`.
    pub address: String,
    /// The test credentials it accepts, per provider.
    pub credentials: Vec<EmulatorCredential>,
    /// What it accepted, newest first.
    pub messages: Vec<EmulatorMessage>,
}

/// Test credentials the emulator accepts for one provider (not secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmulatorCredential {
    pub provider: String,
    pub key_id: String,
    pub secret: String,
}

/// A message the emulator accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmulatorMessage {
    pub provider: String,
    pub to: String,
    pub sender: String,
    pub template: String,
    pub text: String,
    pub request_id: String,
    pub received_at: i64,
}

/// The Messages page's filter as its form and URL carry it; an empty part means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageQuery {
    /// A verifier's UID.
    pub verifier: String,
    pub scene: String,
    /// `sent` or `failed`.
    pub status: String,
    /// The number's last digits.
    pub number: String,
    /// `24h`, `7d` or `30d`.
    pub period: String,
}

/// One page of a list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub has_more: bool,
}

/// How a provider setting is entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingInput {
    Text,
    /// Write-only: the browser only learns whether a value is set.
    Secret,
    Select(Vec<String>),
}

/// One setting a provider declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingInfo {
    pub key: String,
    pub label: String,
    pub input: SettingInput,
    pub required: bool,
    pub help: String,
}

/// A provider an administrator can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderInfo {
    pub kind: String,
    pub title: String,
    pub settings: Vec<SettingInfo>,
}

/// A verifier as the edit form shows it. Secret settings appear only in `secrets_set`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifierDetails {
    pub uid: String,
    pub service_sid: String,
    pub title: String,
    pub description: String,
    pub provider: String,
    /// Non-secret settings with their values.
    pub settings: std::collections::BTreeMap<String, String>,
    /// Secret settings that have a value.
    pub secrets_set: Vec<String>,
    /// The provider used when the first is unavailable; empty for none.
    pub fallback_provider: String,
    pub fallback_settings: std::collections::BTreeMap<String, String>,
    pub fallback_secrets_set: Vec<String>,
    pub policy: crate::types::Policy,
    pub sign_in_enabled: bool,
    pub bound_users: i64,
}

/// What "Send test SMS" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestSmsOutcome {
    pub sent: bool,
    pub provider: String,
    /// The provider's request id when sent, its error code when not.
    pub reference: String,
    /// The number it went to, masked.
    pub to: String,
    pub failure: Option<TestSmsFailure>,
}

/// What the "Add new" form starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewVerifierDefaults {
    pub suggested_uid: String,
    pub providers: Vec<ProviderInfo>,
    pub policy: crate::types::Policy,
}

/// A code was sent (or, for sign-in to an unknown number, looks exactly as if it was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// Names the challenge when the code is submitted; not a secret.
    pub challenge_id: String,
    /// When "Send code" may be used again (UTC ms): the countdown is computed from it.
    pub resend_at_ms: i64,
    pub expires_at_ms: i64,
    pub code_length: u32,
    /// Where it went, masked (`+86 138****8000`).
    pub masked_receiver: String,
}

/// A bind in progress, so the form picks up where it was after a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingBind {
    pub sent: CodeSent,
    /// The number the user typed, in E.164 (their own number, shown back to them).
    pub phone: String,
}

/// One verifier on the user's "My verification" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyVerifier {
    pub uid: String,
    pub title: String,
    /// The bound number, masked; `None` when not configured.
    pub bound: Option<String>,
    pub code_length: u32,
    /// Calling codes numbers may have; empty allows all.
    pub allowed_countries: Vec<u16>,
    pub pending_bind: Option<PendingBind>,
}

/// A verifier that can be used to sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInVerifier {
    pub uid: String,
    pub title: String,
    pub code_length: u32,
    pub allowed_countries: Vec<u16>,
}

/// One API key in the console's list; its secret is never shown again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyEntry {
    /// `SK` + 32 hex digits.
    pub sid: String,
    pub name: String,
    /// The UIDs of the verifiers it may use; `None` for all.
    pub verifiers: Option<Vec<String>>,
    pub created_at_ms: i64,
    pub last_used_at_ms: Option<i64>,
    pub revoked: bool,
}

/// The API keys page: the installation's Account SID, the keys, and the verifiers a new key may
/// be limited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeysPage {
    /// `AC` + 32 hex digits, which Twilio's libraries want.
    pub account_sid: String,
    pub keys: Vec<ApiKeyEntry>,
    pub verifiers: Vec<VerifierSummary>,
}

/// A key just created: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiKey {
    pub sid: String,
    pub name: String,
    pub secret: String,
}

/// The Insights page: the verifiers to choose from and the chosen one's report (`None` when
/// there is no verifier yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightsView {
    pub verifiers: Vec<VerifierSummary>,
    pub report: Option<crate::types::InsightsReport>,
}

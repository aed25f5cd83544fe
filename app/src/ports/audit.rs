use async_trait::async_trait;

use crate::types::AuditAction;

/// Who acted when no user did: the SMS-pumping guard, or the command line.
pub const SYSTEM_ACTOR: &str = "system";

/// One line of the audit log, as administrators read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at_ms: i64,
    /// The acting user's username, or [`SYSTEM_ACTOR`].
    pub actor: String,
    pub action: AuditAction,
    /// What was acted on: the verifier's UID, the API key's SID, the account's username, or the
    /// calling code (`+86`).
    pub subject: String,
    /// The verifier involved, if any.
    pub verifier_uid: String,
    /// The number involved, masked; empty when there is none.
    pub masked_receiver: String,
}

/// One page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub has_more: bool,
}

/// The audit log: who bound and unbound numbers, made and revoked API keys, created accounts,
/// and which calling codes the SMS-pumping guard held and who released them. Callers are
/// administrators.
#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Page `page` (from 0) of the events, newest first; only `action`'s when given.
    async fn list_events(
        &self,
        action: Option<AuditAction>,
        page: u32,
    ) -> anyhow::Result<AuditPage>;
}

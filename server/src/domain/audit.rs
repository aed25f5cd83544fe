//! The audit log: what administrators read about who changed what. The services that make the
//! changes record them through [`Audited`]; [`AuditService`] reads the log back.

use app::{
    ports::{AuditEntry, AuditLog, AuditPage},
    types::AuditAction,
};
use async_trait::async_trait;

use crate::{
    clock::Clock,
    random::random_hex,
    store::{
        Db,
        audit::{AuditEvent, AuditRow},
    },
};

const PAGE_SIZE: i64 = 50;

/// An event to record: who did what to what.
#[derive(Debug, Clone, Copy)]
pub struct Audited<'a> {
    /// A user id, or [`app::ports::SYSTEM_ACTOR`].
    pub actor: &'a str,
    pub action: AuditAction,
    pub subject: &'a str,
    /// Empty when no verifier is involved.
    pub verifier_uid: &'a str,
    /// Empty when no number is involved.
    pub masked_receiver: &'a str,
}

impl<'a> Audited<'a> {
    /// The row that records it as event `event_id` at `created_at`.
    pub fn row(&self, event_id: &'a str, created_at: i64) -> AuditEvent<'a> {
        AuditEvent {
            event_id,
            actor: self.actor,
            action: self.action.as_str(),
            subject: self.subject,
            verifier_uid: self.verifier_uid,
            masked_receiver: self.masked_receiver,
            created_at,
        }
    }

    /// Records it now, on its own.
    pub async fn record(&self, db: &Db, clock: &dyn Clock) -> anyhow::Result<()> {
        let event_id = new_event_id()?;
        db.record_audit(&self.row(&event_id, clock.now_ms())).await
    }
}

/// A fresh, unguessable event id.
pub fn new_event_id() -> anyhow::Result<String> {
    random_hex(16)
}

/// Implements [`AuditLog`].
pub struct AuditService {
    pub(crate) db: Db,
}

impl AuditService {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AuditLog for AuditService {
    async fn list_events(
        &self,
        action: Option<AuditAction>,
        page: u32,
    ) -> anyhow::Result<AuditPage> {
        // One more than a page, to tell whether another follows.
        let mut rows = self
            .db
            .audit_events(
                action.map(AuditAction::as_str),
                PAGE_SIZE + 1,
                i64::from(page) * PAGE_SIZE,
            )
            .await?;
        let has_more = rows.len() as i64 > PAGE_SIZE;
        rows.truncate(PAGE_SIZE as usize);
        Ok(AuditPage {
            items: rows.into_iter().map(entry).collect::<anyhow::Result<_>>()?,
            has_more,
        })
    }
}

fn entry(row: AuditRow) -> anyhow::Result<AuditEntry> {
    let action = AuditAction::parse(&row.action)
        .ok_or_else(|| anyhow::anyhow!("a stored audit action is unknown: {:?}", row.action))?;
    Ok(AuditEntry {
        at_ms: row.created_at,
        actor: row.actor,
        action,
        subject: row.subject,
        verifier_uid: row.verifier_uid,
        masked_receiver: row.masked_receiver,
    })
}

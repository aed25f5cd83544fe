//! The administrators' read views.

use app::{
    AppError,
    dto::{MessageEntry, Page, VerifierSummary},
    ports::VerifierAdmin,
};
use async_trait::async_trait;

use crate::{error::internal, store::Db};

/// Messages per page of the log.
pub const MESSAGES_PER_PAGE: i64 = 50;

/// Implements [`VerifierAdmin`] over the database.
pub struct AdminViews {
    db: Db,
}

impl AdminViews {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl VerifierAdmin for AdminViews {
    async fn list_verifiers(&self) -> Result<Vec<VerifierSummary>, AppError> {
        let rows = self.db.list_verifiers().await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|row| VerifierSummary {
                uid: row.uid,
                title: row.title,
                verification_type: row.verification_type,
                description: row.description,
                provider: row.provider,
            })
            .collect())
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
                })
                .collect(),
            page,
            has_more,
        })
    }
}

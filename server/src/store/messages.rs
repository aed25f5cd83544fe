use sqlx::FromRow;

use super::Db;

/// One entry of the message log.
#[derive(Debug, FromRow)]
pub struct MessageRow {
    pub created_at: i64,
    pub verifier_title: String,
    pub scene: String,
    pub masked_receiver: String,
    pub provider: String,
    pub status: String,
    pub reference: String,
}

impl Db {
    /// Up to `limit` messages, newest first, skipping `offset`.
    pub async fn list_messages(&self, limit: i64, offset: i64) -> sqlx::Result<Vec<MessageRow>> {
        sqlx::query_as(
            "select created_at, verifier_title, scene, masked_receiver, provider, status, reference \
             from message order by created_at desc, message_id desc limit $1 offset $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
    }
}

//! The emulator's inbox: what it accepted, newest first.

use sqlx::FromRow;

use super::Db;
use crate::emulator::Accepted;

/// One message in the emulator's inbox.
#[derive(Debug, Clone, FromRow)]
pub struct EmulatorMessageRow {
    pub provider: String,
    pub to_number: String,
    pub sender: String,
    pub template: String,
    pub body: String,
    pub request_id: String,
    pub received_at: i64,
}

impl Db {
    pub async fn insert_emulator_message(
        &self,
        accepted: &Accepted,
        received_at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "insert into emulator_message (emulator_message_id, provider, to_number, sender, \
             template, body, request_id, received_at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(hex::encode(rand::random::<[u8; 16]>()))
        .bind(accepted.provider)
        .bind(&accepted.to)
        .bind(&accepted.sender)
        .bind(&accepted.template)
        .bind(&accepted.text)
        .bind(&accepted.request_id)
        .bind(received_at)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// Up to `limit` messages, newest first.
    pub async fn list_emulator_messages(
        &self,
        limit: i64,
    ) -> sqlx::Result<Vec<EmulatorMessageRow>> {
        sqlx::query_as(
            "select provider, to_number, sender, template, body, request_id, received_at \
             from emulator_message order by received_at desc, emulator_message_id desc limit $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }
}

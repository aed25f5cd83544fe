//! The emulator's inbox: what it accepted, newest first. Its own table, created when the
//! emulator starts, so the product's schema knows nothing of it.

use anyhow::Context as _;
use sqlx::{AnyPool, FromRow};

use super::Accepted;

/// One message in the emulator's inbox.
#[derive(Debug, Clone, FromRow)]
pub struct InboxMessage {
    pub provider: String,
    pub to_number: String,
    pub sender: String,
    pub template: String,
    pub body: String,
    pub request_id: String,
    pub received_at: i64,
}

/// The inbox table in the database the server uses.
#[derive(Clone, Debug)]
pub struct Inbox {
    pool: AnyPool,
}

impl Inbox {
    /// Creates the table when it does not exist yet (portable SQL for SQLite and PostgreSQL).
    pub async fn open(pool: AnyPool) -> anyhow::Result<Self> {
        for statement in [
            "create table if not exists emulator_message (\
             emulator_message_id text primary key, provider text not null, \
             to_number text not null, sender text not null, template text not null, \
             body text not null, request_id text not null, received_at bigint not null)",
            "create index if not exists emulator_message_received_at \
             on emulator_message (received_at)",
        ] {
            sqlx::query(statement)
                .execute(&pool)
                .await
                .context("could not create the emulator's inbox")?;
        }
        Ok(Self { pool })
    }

    pub async fn insert(&self, accepted: &Accepted, received_at: i64) -> anyhow::Result<()> {
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
        .context("could not file the emulator's message")?;
        Ok(())
    }

    /// Up to `limit` messages, newest first.
    pub async fn newest(&self, limit: i64) -> anyhow::Result<Vec<InboxMessage>> {
        sqlx::query_as(
            "select provider, to_number, sender, template, body, request_id, received_at \
             from emulator_message order by received_at desc, emulator_message_id desc limit $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .context("could not read the emulator's inbox")
    }

    /// Deletes what it accepted before `before`.
    pub async fn purge(&self, before: i64) -> anyhow::Result<u64> {
        sqlx::query("delete from emulator_message where received_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await
            .map(|done| done.rows_affected())
            .context("could not purge the emulator's inbox")
    }
}

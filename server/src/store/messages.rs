use anyhow::Context as _;
use sqlx::FromRow;

use app::ports::MessageFilter;

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
    pub body: Option<String>,
}

impl Db {
    /// Up to `limit` of the messages `filter` lets through, sent at or after `since`, newest
    /// first, skipping `offset`.
    /// One statement whatever the filter: an absent part is bound as empty and matches all.
    pub async fn list_messages(
        &self,
        filter: &MessageFilter,
        since: i64,
        limit: i64,
        offset: i64,
    ) -> anyhow::Result<Vec<MessageRow>> {
        let text = |part: &Option<String>| part.clone().unwrap_or_default();
        sqlx::query_as(
            "select created_at, verifier_title, scene, masked_receiver, provider, status, reference, body \
             from message \
             where ($3 = '' or verifier_uid = $3) and ($4 = '' or scene = $4) \
             and ($5 = '' or status = $5) and ($6 = '' or masked_receiver like $7) \
             and created_at >= $8 \
             order by created_at desc, message_id desc limit $1 offset $2",
        )
        .bind(limit)
        .bind(offset)
        .bind(filter.verifier.as_ref().map(|uid| uid.as_str().to_owned()).unwrap_or_default())
        .bind(text(&filter.scene))
        .bind(text(&filter.status))
        .bind(text(&filter.number_ending))
        .bind(format!("%{}", text(&filter.number_ending)))
        .bind(since)
        .fetch_all(&self.pool)
        .await
        .context("could not list messages")
    }
}

/// A dispatch to record in the log.
pub struct NewMessage<'a> {
    pub message_id: &'a str,
    pub verifier_uid: &'a str,
    pub verifier_title: &'a str,
    pub scene: &'a str,
    pub masked_receiver: &'a str,
    pub provider: &'a str,
    pub status: &'a str,
    pub reference: &'a str,
    /// Only for the sandbox provider.
    pub body: Option<&'a str>,
    /// The API key's name for scene `api`; empty otherwise.
    pub caller: &'a str,
    pub created_at: i64,
}

impl Db {
    pub async fn insert_message(&self, message: &NewMessage<'_>) -> anyhow::Result<()> {
        sqlx::query(
            "insert into message (message_id, verifier_uid, verifier_title, scene, masked_receiver, \
             provider, status, reference, body, created_at, caller) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(message.message_id)
        .bind(message.verifier_uid)
        .bind(message.verifier_title)
        .bind(message.scene)
        .bind(message.masked_receiver)
        .bind(message.provider)
        .bind(message.status)
        .bind(message.reference)
        .bind(message.body)
        .bind(message.created_at)
        .bind(message.caller)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .context("could not log a message")
    }
}

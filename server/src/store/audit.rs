//! The audit log's rows: written with the change they record (in its transaction when there is
//! one), read a page at a time for the administrators.

use anyhow::Context as _;
use sqlx::FromRow;

use super::Db;

/// One line of the audit log, about to be written.
pub struct AuditEvent<'a> {
    pub event_id: &'a str,
    /// A user id, or `system`.
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    /// Empty when no verifier is involved.
    pub verifier_uid: &'a str,
    /// Empty when no number is involved.
    pub masked_receiver: &'a str,
    pub created_at: i64,
}

/// One line of the audit log as read back, the actor named by username where it is a user.
#[derive(Debug, FromRow)]
pub struct AuditRow {
    pub created_at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub verifier_uid: String,
    pub masked_receiver: String,
}

const INSERT: &str = "insert into audit_event \
     (event_id, actor, action, subject, verifier_uid, masked_receiver, created_at) \
     values ($1, $2, $3, $4, $5, $6, $7)";

fn insert<'q>(
    audit: &'q AuditEvent<'q>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    sqlx::query(INSERT)
        .bind(audit.event_id)
        .bind(audit.actor)
        .bind(audit.action)
        .bind(audit.subject)
        .bind(audit.verifier_uid)
        .bind(audit.masked_receiver)
        .bind(audit.created_at)
}

/// Records `audit` in the transaction of the change it describes.
pub(super) async fn insert_audit(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    audit: &AuditEvent<'_>,
) -> anyhow::Result<()> {
    insert(audit)
        .execute(&mut **tx)
        .await
        .map(|_| ())
        .context("could not record an audit event")
}

impl Db {
    /// Records `audit` on its own.
    pub async fn record_audit(&self, audit: &AuditEvent<'_>) -> anyhow::Result<()> {
        insert(audit)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .context("could not record an audit event")
    }

    /// Up to `limit` events, newest first, skipping `offset`; only `action`'s when given.
    pub async fn audit_events(
        &self,
        action: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> anyhow::Result<Vec<AuditRow>> {
        sqlx::query_as(
            "select e.created_at, coalesce(u.username, e.actor) as actor, e.action, e.subject, \
             e.verifier_uid, e.masked_receiver \
             from audit_event e left join app_user u on u.user_id = e.actor \
             where $1 = '' or e.action = $1 \
             order by e.created_at desc, e.event_id desc limit $2 offset $3",
        )
        .bind(action.unwrap_or_default())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .context("could not read the audit log")
    }
}

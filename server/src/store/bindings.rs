use anyhow::Context as _;
use sqlx::FromRow;

use super::{
    Db,
    audit::{AuditEvent, insert_audit},
};

/// The constraint that binds a number to at most one user per verifier.
pub const NUMBER_TAKEN: (&str, &str) = (
    "binding_receiver_key",
    "binding.verifier_uid, binding.receiver",
);
/// The primary key: one number per user and verifier.
pub const ALREADY_BOUND: (&str, &str) = ("binding_pkey", "binding.verifier_uid, binding.user_id");

/// A user's bound number for one verifier.
#[derive(Debug, FromRow)]
pub struct BindingRow {
    pub verifier_uid: String,
    pub receiver: String,
}

/// A bind that was started and not finished.
#[derive(Debug, FromRow)]
pub struct PendingRow {
    pub challenge_id: String,
    pub receiver: String,
    pub expires_at: i64,
    pub next_send_at: i64,
}

impl Db {
    pub async fn bindings_of(&self, user_id: &str) -> anyhow::Result<Vec<BindingRow>> {
        sqlx::query_as("select verifier_uid, receiver from binding where user_id = $1")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await
            .context("could not read a user's bindings")
    }

    pub async fn binding(
        &self,
        verifier_uid: &str,
        user_id: &str,
    ) -> anyhow::Result<Option<String>> {
        sqlx::query_scalar("select receiver from binding where verifier_uid = $1 and user_id = $2")
            .bind(verifier_uid)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await
            .context("could not read a binding")
    }

    /// The user a number is bound to for a verifier.
    pub async fn bound_user(
        &self,
        verifier_uid: &str,
        receiver: &str,
    ) -> anyhow::Result<Option<String>> {
        sqlx::query_scalar("select user_id from binding where verifier_uid = $1 and receiver = $2")
            .bind(verifier_uid)
            .bind(receiver)
            .fetch_optional(&self.pool)
            .await
            .context("could not read a number's user")
    }

    /// Inserts the binding and its audit event together.
    pub async fn insert_binding(
        &self,
        verifier_uid: &str,
        user_id: &str,
        receiver: &str,
        audit: &AuditEvent<'_>,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("insert into binding (verifier_uid, user_id, receiver, created_at) values ($1, $2, $3, $4)")
            .bind(verifier_uid)
            .bind(user_id)
            .bind(receiver)
            .bind(audit.created_at)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await.context("could not insert a binding")
    }

    /// Deletes the binding and records the audit event; false when there was none.
    pub async fn delete_binding(
        &self,
        verifier_uid: &str,
        user_id: &str,
        audit: &AuditEvent<'_>,
    ) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("delete from binding where verifier_uid = $1 and user_id = $2")
            .bind(verifier_uid)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The newest open bind challenge of a user for a verifier, with its number's send gate.
    pub async fn pending_bind(
        &self,
        verifier_uid: &str,
        user_id: &str,
        now: i64,
    ) -> anyhow::Result<Option<PendingRow>> {
        sqlx::query_as(
            "select c.challenge_id, c.receiver, c.expires_at, g.next_send_at from challenge c \
             join send_gate g on g.verifier_uid = c.verifier_uid and g.receiver = c.receiver \
             and g.lane = c.lane \
             where c.verifier_uid = $1 and c.user_id = $2 and c.scene = 'bind' \
             and c.consumed_at is null and c.expires_at > $3 \
             order by c.created_at desc limit 1",
        )
        .bind(verifier_uid)
        .bind(user_id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .context("could not read a pending bind")
    }
}

use anyhow::Context as _;
use app::types::Role;
use sqlx::FromRow;

use super::Db;

/// A session joined with its user.
#[derive(Debug, FromRow)]
pub struct SessionRow {
    pub user_id: String,
    pub username: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// When the user last typed their password in this session, if they have.
    pub password_at: Option<i64>,
}

impl Db {
    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now: i64,
        password_at: Option<i64>,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "insert into session (token_hash, user_id, created_at, last_seen_at, password_at) \
             values ($1, $2, $3, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(password_at)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .context("could not insert a session")
    }

    pub async fn session(&self, token_hash: &str) -> anyhow::Result<Option<SessionRow>> {
        sqlx::query_as(
            "select u.user_id, u.username, u.role, s.created_at, s.last_seen_at, s.password_at \
             from session s join app_user u on u.user_id = s.user_id where s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .context("could not read a session")
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> anyhow::Result<()> {
        sqlx::query("update session set last_seen_at = $2 where token_hash = $1")
            .bind(token_hash)
            .bind(now)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .context("could not touch a session")
    }

    /// The session's user typed their password at `now`.
    pub async fn set_session_password_at(&self, token_hash: &str, now: i64) -> anyhow::Result<()> {
        sqlx::query("update session set password_at = $2 where token_hash = $1")
            .bind(token_hash)
            .bind(now)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .context("could not record a password confirmation")
    }

    pub async fn delete_session(&self, token_hash: &str) -> anyhow::Result<()> {
        sqlx::query("delete from session where token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .context("could not delete a session")
    }

    /// Deletes sessions idle since `idle_before` or started before `started_before`.
    pub async fn purge_sessions(
        &self,
        idle_before: i64,
        started_before: i64,
    ) -> anyhow::Result<u64> {
        sqlx::query("delete from session where last_seen_at < $1 or created_at < $2")
            .bind(idle_before)
            .bind(started_before)
            .execute(&self.pool)
            .await
            .map(|done| done.rows_affected())
            .context("could not purge sessions")
    }
}

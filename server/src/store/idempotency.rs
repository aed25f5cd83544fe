//! Idempotency keys of the native API: the first answer to a key is kept for a day, so a client
//! that retries a request (a timeout, a crash) gets that answer instead of a second message.

use anyhow::Context as _;

use super::{Db, violated_unique};

/// The primary key two racing first requests collide on.
const CLAIMED: (&str, &str) = (
    "idempotent_request_pkey",
    "idempotent_request.key_sid, idempotent_request.idempotency_key",
);

/// What became of a request's claim on its idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The first request with this key: answer it, then [`Db::complete_idempotent`].
    Fresh,
    /// The same request was answered before: this was the answer.
    Replay { status: u16, body: String },
    /// The same request is being answered right now.
    InProgress,
    /// The key was used for a different request.
    Mismatch,
}

impl Db {
    /// Claims `idempotency_key` for a request whose body hashes to `request_hash`.
    pub async fn claim_idempotent(
        &self,
        key_sid: &str,
        idempotency_key: &str,
        request_hash: &str,
        now: i64,
    ) -> anyhow::Result<Claim> {
        let inserted = sqlx::query(
            "insert into idempotent_request (key_sid, idempotency_key, request_hash, created_at) \
             values ($1, $2, $3, $4)",
        )
        .bind(key_sid)
        .bind(idempotency_key)
        .bind(request_hash)
        .bind(now)
        .execute(&self.pool)
        .await
        .context("could not claim an idempotency key");
        match inserted {
            Ok(_) => return Ok(Claim::Fresh),
            Err(error) if violated_unique(&error, &[CLAIMED]).is_none() => return Err(error),
            Err(_) => {}
        }
        let (stored_hash, status, response): (String, Option<i64>, Option<String>) =
            sqlx::query_as(
                "select request_hash, status, response from idempotent_request \
                 where key_sid = $1 and idempotency_key = $2",
            )
            .bind(key_sid)
            .bind(idempotency_key)
            .fetch_one(&self.pool)
            .await
            .context("could not read an idempotency key")?;
        Ok(match (stored_hash == request_hash, status, response) {
            (false, _, _) => Claim::Mismatch,
            (true, Some(status), Some(body)) => Claim::Replay {
                status: u16::try_from(status).context("a stored HTTP status")?,
                body,
            },
            (true, _, _) => Claim::InProgress,
        })
    }

    /// Keeps the answer to a claimed key.
    pub async fn complete_idempotent(
        &self,
        key_sid: &str,
        idempotency_key: &str,
        status: u16,
        body: &str,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "update idempotent_request set status = $3, response = $4 \
             where key_sid = $1 and idempotency_key = $2",
        )
        .bind(key_sid)
        .bind(idempotency_key)
        .bind(i64::from(status))
        .bind(body)
        .execute(&self.pool)
        .await
        .context("could not keep an idempotent answer")?;
        Ok(())
    }

    /// Gives a claimed key up (the request failed unexpectedly), so a retry runs afresh.
    pub async fn release_idempotent(
        &self,
        key_sid: &str,
        idempotency_key: &str,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "delete from idempotent_request where key_sid = $1 and idempotency_key = $2 \
             and status is null",
        )
        .bind(key_sid)
        .bind(idempotency_key)
        .execute(&self.pool)
        .await
        .context("could not release an idempotency key")?;
        Ok(())
    }
}

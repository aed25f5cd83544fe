use sqlx::{FromRow, Row};

use super::Db;

/// A challenge about to be opened.
pub struct NewChallenge<'a> {
    pub challenge_id: &'a str,
    pub verifier_uid: &'a str,
    pub scene: &'a str,
    pub receiver: &'a str,
    pub user_id: &'a str,
    pub code_hmac: &'a str,
    pub expires_at: i64,
    pub max_attempts: i64,
    pub created_at: i64,
}

/// A send limit: at most `cap` codes per number within `window_ms`.
pub struct SendCap {
    pub window_ms: i64,
    pub cap: i64,
}

/// Whether a challenge could be opened.
#[derive(Debug, PartialEq, Eq)]
pub enum Gate {
    Opened,
    /// The resend interval has not passed; the next send is allowed at `next_send_at`.
    TooSoon {
        next_send_at: i64,
    },
    /// A cap is reached; the oldest send in its window leaves it at `retry_at`.
    CapReached {
        retry_at: i64,
    },
}

/// A stored challenge.
#[derive(Debug, FromRow)]
pub struct ChallengeRow {
    pub challenge_id: String,
    pub verifier_uid: String,
    pub scene: String,
    pub receiver: String,
    pub user_id: String,
    pub code_hmac: String,
    pub expires_at: i64,
    pub attempts: i64,
    pub max_attempts: i64,
    pub consumed_at: Option<i64>,
}

impl Db {
    /// Opens a challenge if the resend interval and every cap allow it, in one transaction that
    /// first locks the number's gate row, so concurrent sends cannot both pass a limit. Earlier
    /// open challenges for the same verifier, scene, number and user are invalidated.
    pub async fn open_challenge(
        &self,
        challenge: &NewChallenge<'_>,
        next_send_at: i64,
        caps: &[SendCap],
    ) -> sqlx::Result<Gate> {
        let now = challenge.created_at;
        let mut tx = self.pool.begin().await?;
        let moved: Option<i64> = sqlx::query_scalar(
            "insert into send_gate (verifier_uid, receiver, next_send_at) values ($1, $2, $3) \
             on conflict (verifier_uid, receiver) do update set next_send_at = excluded.next_send_at \
             where send_gate.next_send_at <= $4 returning next_send_at",
        )
        .bind(challenge.verifier_uid)
        .bind(challenge.receiver)
        .bind(next_send_at)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if moved.is_none() {
            let next_send_at: i64 = sqlx::query_scalar(
                "select next_send_at from send_gate where verifier_uid = $1 and receiver = $2",
            )
            .bind(challenge.verifier_uid)
            .bind(challenge.receiver)
            .fetch_one(&mut *tx)
            .await?;
            tx.rollback().await?;
            return Ok(Gate::TooSoon { next_send_at });
        }
        // One query counts every window: per cap, the sends inside it and the oldest of them.
        let mut columns = Vec::with_capacity(caps.len());
        for index in 0..caps.len() {
            let since = format!("${}", index + 3);
            columns.push(format!(
                "count(case when created_at > {since} then 1 end), \
                 min(case when created_at > {since} then created_at end)"
            ));
        }
        let counts_sql = format!(
            "select {} from challenge where verifier_uid = $1 and receiver = $2 \
             and created_at > ${}",
            columns.join(", "),
            caps.len() + 3
        );
        let mut counts = sqlx::query(&counts_sql)
            .bind(challenge.verifier_uid)
            .bind(challenge.receiver);
        for cap in caps {
            counts = counts.bind(now - cap.window_ms);
        }
        let widest = caps.iter().map(|cap| cap.window_ms).max().unwrap_or(0);
        counts = counts.bind(now - widest);
        let row = counts.fetch_one(&mut *tx).await?;
        for (index, cap) in caps.iter().enumerate() {
            let sent: i64 = row.try_get(2 * index)?;
            let oldest: Option<i64> = row.try_get(2 * index + 1)?;
            if sent >= cap.cap {
                tx.rollback().await?;
                return Ok(Gate::CapReached {
                    retry_at: oldest.unwrap_or(now) + cap.window_ms,
                });
            }
        }
        sqlx::query(
            "update challenge set consumed_at = $5 where verifier_uid = $1 and scene = $2 \
             and receiver = $3 and user_id = $4 and consumed_at is null",
        )
        .bind(challenge.verifier_uid)
        .bind(challenge.scene)
        .bind(challenge.receiver)
        .bind(challenge.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert into challenge (challenge_id, verifier_uid, scene, receiver, user_id, code_hmac, \
             expires_at, max_attempts, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(challenge.challenge_id)
        .bind(challenge.verifier_uid)
        .bind(challenge.scene)
        .bind(challenge.receiver)
        .bind(challenge.user_id)
        .bind(challenge.code_hmac)
        .bind(challenge.expires_at)
        .bind(challenge.max_attempts)
        .bind(challenge.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Gate::Opened)
    }

    pub async fn challenge(&self, challenge_id: &str) -> sqlx::Result<Option<ChallengeRow>> {
        sqlx::query_as(
            "select challenge_id, verifier_uid, scene, receiver, user_id, code_hmac, expires_at, \
             attempts, max_attempts, consumed_at from challenge where challenge_id = $1",
        )
        .bind(challenge_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Consumes the challenge if it is still open; true for exactly one caller.
    pub async fn consume_challenge(&self, challenge_id: &str, now: i64) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "update challenge set consumed_at = $2 where challenge_id = $1 and consumed_at is null \
             and attempts < max_attempts and expires_at > $2",
        )
        .bind(challenge_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts a wrong attempt if the challenge is still open; the new count, or `None`.
    pub async fn count_wrong_attempt(&self, challenge_id: &str) -> sqlx::Result<Option<i64>> {
        sqlx::query_scalar(
            "update challenge set attempts = attempts + 1 where challenge_id = $1 \
             and consumed_at is null and attempts < max_attempts returning attempts",
        )
        .bind(challenge_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Makes a challenge unusable (its message could not be sent) and lets the number be sent to
    /// again at once; the attempt still counts towards the caps.
    pub async fn abandon_challenge(
        &self,
        challenge: &NewChallenge<'_>,
        now: i64,
    ) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("update challenge set consumed_at = $2 where challenge_id = $1")
            .bind(challenge.challenge_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "update send_gate set next_send_at = $3 where verifier_uid = $1 and receiver = $2",
        )
        .bind(challenge.verifier_uid)
        .bind(challenge.receiver)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// Deletes challenges that expired before `before`.
    pub async fn purge_challenges(&self, before: i64) -> sqlx::Result<u64> {
        sqlx::query("delete from challenge where expires_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await
            .map(|done| done.rows_affected())
    }
}

//! Wrong codes across challenges (security checklist VER-4): a number's run of wrong codes in a
//! lane, and the lock that ends it. A challenge's own attempts cap bounds the guesses at one
//! code; this bounds them at a number, whatever the policy lets one number be sent.

use anyhow::Context as _;

use super::{Db, challenges::Outcome};

/// A number in a lane of a verifier: what one run of wrong codes is counted for.
#[derive(Debug, Clone, Copy)]
pub struct LaneNumber<'a> {
    pub verifier_uid: &'a str,
    pub receiver: &'a str,
    pub lane: &'a str,
}

impl Db {
    /// The wrong codes entered for `number` on challenges created after `since`, counted from its
    /// newest approved challenge on: a verified code ends a run. (An approved challenge's own
    /// wrong attempts came before its success, so they are not counted either.) The sum is cast
    /// because PostgreSQL sums bigints as numeric.
    pub async fn wrong_code_run(&self, number: LaneNumber<'_>, since: i64) -> anyhow::Result<i64> {
        sqlx::query_scalar(
            "select cast(coalesce(sum(attempts), 0) as bigint) from challenge \
             where verifier_uid = $1 and receiver = $2 and lane = $3 and created_at > $4 \
             and created_at > coalesce((select max(created_at) from challenge \
             where verifier_uid = $1 and receiver = $2 and lane = $3 and created_at > $4 \
             and outcome = $5), $4)",
        )
        .bind(number.verifier_uid)
        .bind(number.receiver)
        .bind(number.lane)
        .bind(since)
        .bind(Outcome::Approved.as_str())
        .fetch_one(&self.pool)
        .await
        .context("could not count a number's wrong codes")
    }

    /// Locks the number's send gate in the lane until `until` (its resend time moves there too, so
    /// the row is kept as long as the lock) and burns its open challenges there, in one
    /// transaction that takes the gate row first: a concurrent send either committed before (and
    /// its challenge is burned here) or finds the gate locked.
    pub async fn lock_number(&self, number: LaneNumber<'_>, until: i64) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "insert into send_gate (verifier_uid, lane, receiver, next_send_at, locked_until) \
             values ($1, $2, $3, $4, $4) \
             on conflict (verifier_uid, lane, receiver) do update \
             set next_send_at = $4, locked_until = $4",
        )
        .bind(number.verifier_uid)
        .bind(number.lane)
        .bind(number.receiver)
        .bind(until)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "update challenge set attempts = max_attempts \
             where verifier_uid = $1 and receiver = $2 and lane = $3 and consumed_at is null \
             and attempts < max_attempts",
        )
        .bind(number.verifier_uid)
        .bind(number.receiver)
        .bind(number.lane)
        .execute(&mut *tx)
        .await?;
        tx.commit().await.context("could not lock a number")
    }
}

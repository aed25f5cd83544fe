//! The insights counters: codes sent, verified and failed per verifier, UTC day and calling code.
//! Challenges are purged soon and the message log masks numbers, so reports over a month read
//! these rows. Each event moves one row with one upsert; a send is counted in the transaction
//! that opens its challenge, a failure in the one that abandons it.

use anyhow::Context as _;
use sqlx::{Any, FromRow, Transaction};

use super::Db;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Why a code did not go out, as the counters tell failures apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendFailure {
    InvalidNumber,
    RateLimited,
    Rejected,
    Unavailable,
    /// A failure of our own (settings that could not be opened, the log).
    Internal,
}

impl SendFailure {
    fn column(self) -> &'static str {
        match self {
            Self::InvalidNumber => "failed_invalid_number",
            Self::RateLimited => "failed_rate_limited",
            Self::Rejected => "failed_rejected",
            Self::Unavailable => "failed_unavailable",
            Self::Internal => "failed_internal",
        }
    }
}

/// Whose counters an event moves.
#[derive(Debug, Clone, Copy)]
pub struct CountedSend<'a> {
    pub verifier_uid: &'a str,
    pub calling_code: u16,
    /// When the challenge was created: its UTC day names the row.
    pub created_at: i64,
}

/// One day's counters for one calling code.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DailySendsRow {
    pub day: i64,
    pub calling_code: i64,
    pub sent: i64,
    pub verified: i64,
    pub failed_invalid_number: i64,
    pub failed_rate_limited: i64,
    pub failed_rejected: i64,
    pub failed_unavailable: i64,
    pub failed_internal: i64,
}

/// The UTC midnight of the day `at` falls on.
pub fn utc_day(at: i64) -> i64 {
    at - at.rem_euclid(DAY_MS)
}

/// Adds `sent` and one to `column` to the row of the send (the column is one of ours, never
/// input).
async fn bump(
    executor: impl sqlx::Executor<'_, Database = Any>,
    send: &CountedSend<'_>,
    sent: i64,
    column: &str,
) -> anyhow::Result<()> {
    sqlx::query(&format!(
        "insert into daily_sends (verifier_uid, day, calling_code, sent, {column}) \
         values ($1, $2, $3, $4, 1) \
         on conflict (verifier_uid, day, calling_code) do update \
         set sent = daily_sends.sent + $4, {column} = daily_sends.{column} + 1"
    ))
    .bind(send.verifier_uid)
    .bind(utc_day(send.created_at))
    .bind(i64::from(send.calling_code))
    .bind(sent)
    .execute(executor)
    .await
    .map(|_| ())
    .context("could not count a code for the insights")
}

/// Counts a code that is going out, inside the transaction that opens its challenge.
pub(super) async fn count_sent(
    tx: &mut Transaction<'_, Any>,
    send: &CountedSend<'_>,
) -> anyhow::Result<()> {
    sqlx::query(
        "insert into daily_sends (verifier_uid, day, calling_code, sent) values ($1, $2, $3, 1) \
         on conflict (verifier_uid, day, calling_code) do update \
         set sent = daily_sends.sent + 1",
    )
    .bind(send.verifier_uid)
    .bind(utc_day(send.created_at))
    .bind(i64::from(send.calling_code))
    .execute(&mut **tx)
    .await
    .map(|_| ())
    .context("could not count a sent code for the insights")
}

/// Takes a counted code back as failed, inside the transaction that abandons its challenge.
pub(super) async fn count_failed(
    tx: &mut Transaction<'_, Any>,
    send: &CountedSend<'_>,
    failure: SendFailure,
) -> anyhow::Result<()> {
    bump(&mut **tx, send, -1, failure.column()).await
}

impl Db {
    /// Counts a verified code: one upsert, outside any transaction (a check is the hot path).
    pub async fn count_verified(&self, send: &CountedSend<'_>) -> anyhow::Result<()> {
        bump(&self.pool, send, 0, "verified").await
    }

    /// The verifier's counters from the UTC day `from_day` on, oldest first.
    pub async fn daily_sends(
        &self,
        verifier_uid: &str,
        from_day: i64,
    ) -> anyhow::Result<Vec<DailySendsRow>> {
        sqlx::query_as(
            "select day, calling_code, sent, verified, failed_invalid_number, \
             failed_rate_limited, failed_rejected, failed_unavailable, failed_internal \
             from daily_sends where verifier_uid = $1 and day >= $2 \
             order by day, calling_code",
        )
        .bind(verifier_uid)
        .bind(from_day)
        .fetch_all(&self.pool)
        .await
        .context("could not read the insights counters")
    }

    /// Codes the verifier's daily send budget has counted in the UTC day of `now`.
    pub async fn verifier_budget_used(&self, verifier_uid: &str, now: i64) -> anyhow::Result<i64> {
        let hits: Option<i64> = sqlx::query_scalar(
            "select hits from send_budget where verifier_uid = $1 and budget = 'verifier_day' \
             and subject = '' and window_start = $2",
        )
        .bind(verifier_uid)
        .bind(utc_day(now))
        .fetch_optional(&self.pool)
        .await
        .context("could not read the verifier's send budget")?;
        Ok(hits.unwrap_or(0))
    }
}

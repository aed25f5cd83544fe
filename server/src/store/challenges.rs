use anyhow::Context as _;
use sqlx::{Any, FromRow, Transaction};

use super::{
    Db,
    daily_sends::{CountedSend, SendFailure, count_failed, count_sent},
    send_budgets::{Budget, Counting, Spent, count_send},
};

/// A challenge about to be opened.
pub struct NewChallenge<'a> {
    pub challenge_id: &'a str,
    pub verifier_uid: &'a str,
    pub scene: &'a str,
    pub receiver: &'a str,
    /// The receiver's calling code, for the insights counters.
    pub calling_code: u16,
    /// Who asked (`anonymous`, `signed-in`, `api`): each lane has its own gate and caps for a
    /// number, so one kind of caller cannot keep another from getting a code.
    pub lane: &'a str,
    pub user_id: &'a str,
    pub code_hmac: &'a str,
    pub expires_at: i64,
    pub max_attempts: i64,
    pub created_at: i64,
    /// The API key that asked for it, for scene `api`.
    pub api_key_sid: Option<&'a str>,
    /// Whether a message is sent for it (an anonymous sign-in to a number bound to no one, or to
    /// an administrator's, gets none): only then do the insights count it as sent.
    pub delivered: bool,
}

/// What a send must respect: the resend interval (through the number's gate row in its lane),
/// the number's caps per hour and per day in that lane, and the caller's and verifier's budgets.
#[derive(Debug, Clone, Copy)]
pub struct SendLimits<'a> {
    /// When the number may be sent to again in the lane after this send.
    pub next_send_at: i64,
    pub per_hour: i64,
    pub per_day: i64,
    pub budgets: &'a [Budget<'a>],
}

impl NewChallenge<'_> {
    fn counted(&self) -> CountedSend<'_> {
        CountedSend {
            verifier_uid: self.verifier_uid,
            calling_code: self.calling_code,
            created_at: self.created_at,
        }
    }
}

const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

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
    /// A caller's or the verifier's budget is spent until its window ends.
    BudgetSpent(Spent),
    /// Too many wrong codes in a row: the number's gate in the lane is locked until `until`.
    Locked {
        until: i64,
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
    /// Why it closed (an [`Outcome`]); `None` while open.
    pub outcome: Option<String>,
    pub created_at: i64,
    /// Who asked for it (see [`NewChallenge::lane`]).
    pub lane: String,
}

impl ChallengeRow {
    /// Why it closed; `None` while open, and for a row closed before outcomes were recorded.
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(Outcome::from_stored)
    }
}

/// Why a challenge closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Its code was checked (or the API caller approved it).
    Approved,
    Canceled,
    /// Its message could not be delivered.
    Failed,
    /// A newer code for the same verifier, scene, number and user replaced it.
    Superseded,
}

impl Outcome {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Canceled => "canceled",
            Self::Failed => "failed",
            Self::Superseded => "superseded",
        }
    }
}

impl Outcome {
    fn from_stored(stored: &str) -> Option<Self> {
        [
            Self::Approved,
            Self::Canceled,
            Self::Failed,
            Self::Superseded,
        ]
        .into_iter()
        .find(|outcome| outcome.as_str() == stored)
    }
}

const CHALLENGE_COLUMNS: &str = "challenge_id, verifier_uid, scene, receiver, user_id, code_hmac, \
                                 expires_at, attempts, max_attempts, consumed_at, outcome, \
                                 created_at, lane";

impl Db {
    /// Opens a challenge if the resend interval, both caps and every budget allow it, in one
    /// transaction that first moves the number's gate row, so concurrent sends cannot both pass
    /// a limit. Earlier open challenges for the same verifier, scene, number and user are
    /// invalidated.
    pub async fn open_challenge(
        &self,
        challenge: &NewChallenge<'_>,
        limits: SendLimits<'_>,
    ) -> anyhow::Result<Gate> {
        let mut tx = self.pool.begin().await?;
        let mut gate = match move_gate(&mut tx, challenge, limits.next_send_at).await? {
            Gate::Opened => reached_cap(&mut tx, challenge, limits).await?,
            closed => closed,
        };
        if gate == Gate::Opened {
            let counting = Counting {
                verifier_uid: challenge.verifier_uid,
                lane: challenge.lane,
                receiver: challenge.receiver,
                now: challenge.created_at,
            };
            if let Some(spent) = count_send(&mut tx, &counting, limits.budgets).await? {
                gate = Gate::BudgetSpent(spent);
            }
        }
        if gate == Gate::Opened {
            supersede_open_challenges(&mut tx, challenge).await?;
            insert_challenge(&mut tx, challenge).await?;
            if challenge.delivered {
                count_sent(&mut tx, &challenge.counted()).await?;
            }
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(gate)
    }

    pub async fn challenge(&self, challenge_id: &str) -> anyhow::Result<Option<ChallengeRow>> {
        sqlx::query_as(&format!(
            "select {CHALLENGE_COLUMNS} from challenge where challenge_id = $1"
        ))
        .bind(challenge_id)
        .fetch_optional(&self.pool)
        .await
        .context("could not read a challenge")
    }

    /// The newest challenge of a scene to a number that is still open at `now`.
    pub async fn newest_open_challenge(
        &self,
        verifier_uid: &str,
        scene: &str,
        receiver: &str,
        now: i64,
    ) -> anyhow::Result<Option<ChallengeRow>> {
        sqlx::query_as(&format!(
            "select {CHALLENGE_COLUMNS} from challenge where verifier_uid = $1 and receiver = $2 \
             and scene = $3 and consumed_at is null and expires_at > $4 \
             order by created_at desc limit 1"
        ))
        .bind(verifier_uid)
        .bind(receiver)
        .bind(scene)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .context("could not find an open challenge")
    }

    /// Closes the challenge with `outcome` if it is still open (and, for a check, still has
    /// attempts and time left); true for exactly one caller.
    pub async fn close_challenge(
        &self,
        challenge_id: &str,
        outcome: Outcome,
        now: i64,
    ) -> anyhow::Result<bool> {
        let done = sqlx::query(
            "update challenge set consumed_at = $2, outcome = $3 where challenge_id = $1 \
             and consumed_at is null and attempts < max_attempts and expires_at > $2",
        )
        .bind(challenge_id)
        .bind(now)
        .bind(outcome.as_str())
        .execute(&self.pool)
        .await
        .context("could not close a challenge")?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts a wrong attempt if the challenge is still open; the new count, or `None`.
    pub async fn count_wrong_attempt(&self, challenge_id: &str) -> anyhow::Result<Option<i64>> {
        sqlx::query_scalar(
            "update challenge set attempts = attempts + 1 where challenge_id = $1 \
             and consumed_at is null and attempts < max_attempts returning attempts",
        )
        .bind(challenge_id)
        .fetch_optional(&self.pool)
        .await
        .context("could not count a wrong attempt")
    }

    /// Makes a challenge unusable (its message could not be sent) and lets the number be sent to
    /// again from `send_again_at` (`None`: the gate stays); the attempt still counts towards the
    /// caps. The insights count it as failed with `failure` instead of sent. The codes it
    /// superseded work again: a resend that never arrived must not take away the code the person
    /// already has.
    pub async fn abandon_challenge(
        &self,
        challenge: &NewChallenge<'_>,
        now: i64,
        failure: SendFailure,
        send_again_at: Option<i64>,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("update challenge set consumed_at = $2, outcome = $3 where challenge_id = $1")
            .bind(challenge.challenge_id)
            .bind(now)
            .bind(Outcome::Failed.as_str())
            .execute(&mut *tx)
            .await?;
        // Superseded by this challenge: closed as superseded when it was opened (at its
        // `created_at`), by the same verifier, scene, number and user.
        sqlx::query(
            "update challenge set consumed_at = null, outcome = null \
             where verifier_uid = $1 and scene = $2 and receiver = $3 and user_id = $4 \
             and outcome = $5 and consumed_at = $6",
        )
        .bind(challenge.verifier_uid)
        .bind(challenge.scene)
        .bind(challenge.receiver)
        .bind(challenge.user_id)
        .bind(Outcome::Superseded.as_str())
        .bind(challenge.created_at)
        .execute(&mut *tx)
        .await?;
        if let Some(send_again_at) = send_again_at {
            sqlx::query(
                "update send_gate set next_send_at = $4 \
                 where verifier_uid = $1 and lane = $2 and receiver = $3",
            )
            .bind(challenge.verifier_uid)
            .bind(challenge.lane)
            .bind(challenge.receiver)
            .bind(send_again_at)
            .execute(&mut *tx)
            .await?;
        }
        if challenge.delivered {
            count_failed(&mut tx, &challenge.counted(), failure).await?;
        }
        tx.commit().await.context("could not abandon a challenge")
    }
}

/// Moves the number's gate row in the lane to `next_send_at` unless the resend interval has not
/// passed or the gate is locked. The row lock it takes serialises concurrent sends to one number
/// on both databases (and a send with the lock that wrong codes set).
async fn move_gate(
    tx: &mut Transaction<'_, Any>,
    challenge: &NewChallenge<'_>,
    next_send_at: i64,
) -> anyhow::Result<Gate> {
    let now = challenge.created_at;
    let moved: Option<i64> = sqlx::query_scalar(
        "insert into send_gate (verifier_uid, lane, receiver, next_send_at) \
         values ($1, $2, $3, $4) \
         on conflict (verifier_uid, lane, receiver) do update \
         set next_send_at = excluded.next_send_at \
         where send_gate.next_send_at <= $5 and send_gate.locked_until <= $5 \
         returning next_send_at",
    )
    .bind(challenge.verifier_uid)
    .bind(challenge.lane)
    .bind(challenge.receiver)
    .bind(next_send_at)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    if moved.is_some() {
        return Ok(Gate::Opened);
    }
    let (next_send_at, locked_until): (i64, i64) = sqlx::query_as(
        "select next_send_at, locked_until from send_gate \
         where verifier_uid = $1 and lane = $2 and receiver = $3",
    )
    .bind(challenge.verifier_uid)
    .bind(challenge.lane)
    .bind(challenge.receiver)
    .fetch_one(&mut **tx)
    .await?;
    Ok(if locked_until > now {
        Gate::Locked {
            until: locked_until,
        }
    } else {
        Gate::TooSoon { next_send_at }
    })
}

/// Whether the number's hourly or daily cap in the lane is reached, counted in one query over
/// the day.
async fn reached_cap(
    tx: &mut Transaction<'_, Any>,
    challenge: &NewChallenge<'_>,
    limits: SendLimits<'_>,
) -> anyhow::Result<Gate> {
    let now = challenge.created_at;
    let (hour_count, hour_oldest, day_count, day_oldest): (i64, Option<i64>, i64, Option<i64>) =
        sqlx::query_as(
            "select count(case when created_at > $3 then 1 end), \
             min(case when created_at > $3 then created_at end), count(*), min(created_at) \
             from challenge where verifier_uid = $1 and receiver = $2 and lane = $5 \
             and created_at > $4",
        )
        .bind(challenge.verifier_uid)
        .bind(challenge.receiver)
        .bind(now - HOUR_MS)
        .bind(now - DAY_MS)
        .bind(challenge.lane)
        .fetch_one(&mut **tx)
        .await?;
    // The oldest send in a full window leaves it first: then the next send fits.
    let gate = if hour_count >= limits.per_hour {
        Gate::CapReached {
            retry_at: hour_oldest.unwrap_or(now) + HOUR_MS,
        }
    } else if day_count >= limits.per_day {
        Gate::CapReached {
            retry_at: day_oldest.unwrap_or(now) + DAY_MS,
        }
    } else {
        Gate::Opened
    };
    Ok(gate)
}

/// Closes the open challenges the new one replaces: only the newest code of a scene works.
async fn supersede_open_challenges(
    tx: &mut Transaction<'_, Any>,
    challenge: &NewChallenge<'_>,
) -> anyhow::Result<()> {
    sqlx::query(
        "update challenge set consumed_at = $5, outcome = $6 where verifier_uid = $1 \
         and scene = $2 and receiver = $3 and user_id = $4 and consumed_at is null",
    )
    .bind(challenge.verifier_uid)
    .bind(challenge.scene)
    .bind(challenge.receiver)
    .bind(challenge.user_id)
    .bind(challenge.created_at)
    .bind(Outcome::Superseded.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_challenge(
    tx: &mut Transaction<'_, Any>,
    challenge: &NewChallenge<'_>,
) -> anyhow::Result<()> {
    sqlx::query(
        "insert into challenge (challenge_id, verifier_uid, scene, receiver, user_id, code_hmac, \
         expires_at, max_attempts, created_at, api_key_sid, lane) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
    .bind(challenge.api_key_sid)
    .bind(challenge.lane)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

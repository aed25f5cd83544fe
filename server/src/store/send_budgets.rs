//! Send budgets: how many codes a caller (a signed-in user, a client address, an API key) or a
//! whole verifier may have sent in a fixed window. Each is one counter row moved by a conditional
//! upsert inside the transaction that opens the challenge, so a refused send counts nowhere and
//! the budgets hold across any number of instances on both databases.

use sqlx::{Any, Transaction};

/// What a budget counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetKind {
    /// Different numbers one signed-in user was sent codes to in an hour.
    NumbersPerUser,
    /// Codes one signed-in user was sent in a UTC day.
    CodesPerUserDay,
    /// Sign-in codes one client address asked for in an hour.
    SignInsPerClient,
    /// Codes one API key asked for in a minute.
    ApiKeyMinute,
    /// Codes one API key asked for in a UTC day.
    ApiKeyDay,
    /// Codes the verifier sent in a UTC day, every caller together.
    VerifierDay,
}

impl BudgetKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::NumbersPerUser => "numbers_per_user",
            Self::CodesPerUserDay => "codes_per_user_day",
            Self::SignInsPerClient => "sign_ins_per_client",
            Self::ApiKeyMinute => "api_key_minute",
            Self::ApiKeyDay => "api_key_day",
            Self::VerifierDay => "verifier_day",
        }
    }
}

/// One budget a send must fit into.
#[derive(Debug, Clone, Copy)]
pub struct Budget<'a> {
    pub kind: BudgetKind,
    /// Whose budget: the user's id, the client's address, the key's SID; empty for the verifier.
    pub subject: &'a str,
    /// The length of its fixed windows (a minute, an hour, a day), which start at the epoch:
    /// an hour's on the hour, a day's at midnight UTC.
    pub window_ms: i64,
    pub cap: i64,
}

/// The first budget a send did not fit into, and when its window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spent {
    pub kind: BudgetKind,
    pub retry_at: i64,
}

/// What a send to `receiver` in `lane` at `now` is counted against.
pub(super) struct Counting<'a> {
    pub verifier_uid: &'a str,
    pub lane: &'a str,
    pub receiver: &'a str,
    pub now: i64,
}

/// Counts the send in every budget, in the order given (every send takes the rows in the same
/// order, so two cannot wait on each other); the first that is spent, if any. The caller rolls
/// the transaction back then, which takes back what was counted before it.
pub(super) async fn count_send(
    tx: &mut Transaction<'_, Any>,
    send: &Counting<'_>,
    budgets: &[Budget<'_>],
) -> anyhow::Result<Option<Spent>> {
    for budget in budgets {
        let window_start = send.now - send.now.rem_euclid(budget.window_ms);
        if budget.kind == BudgetKind::NumbersPerUser
            && sent_to_before(tx, send, budget.subject, window_start).await?
        {
            // A number the user was already sent a code to in this window is no new number.
            continue;
        }
        let counted: Option<i64> = sqlx::query_scalar(
            "insert into send_budget (verifier_uid, budget, subject, window_start, window_end, hits) \
             values ($1, $2, $3, $4, $5, 1) \
             on conflict (verifier_uid, budget, subject, window_start) do update \
             set hits = send_budget.hits + 1 where send_budget.hits < $6 returning hits",
        )
        .bind(send.verifier_uid)
        .bind(budget.kind.as_str())
        .bind(budget.subject)
        .bind(window_start)
        .bind(window_start + budget.window_ms)
        .bind(budget.cap)
        .fetch_optional(&mut **tx)
        .await?;
        // A cap of 0 would insert the first row anyway; policies never allow one, but a row
        // past the cap is refused all the same.
        if counted.is_none_or(|hits| hits > budget.cap) {
            return Ok(Some(Spent {
                kind: budget.kind,
                retry_at: window_start + budget.window_ms,
            }));
        }
    }
    Ok(None)
}

/// Whether `user_id` was sent a code to the number in the lane since `since`.
async fn sent_to_before(
    tx: &mut Transaction<'_, Any>,
    send: &Counting<'_>,
    user_id: &str,
    since: i64,
) -> anyhow::Result<bool> {
    let earlier: i64 = sqlx::query_scalar(
        "select count(*) from challenge where verifier_uid = $1 and receiver = $2 and lane = $3 \
         and user_id = $4 and created_at >= $5",
    )
    .bind(send.verifier_uid)
    .bind(send.receiver)
    .bind(send.lane)
    .bind(user_id)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?;
    Ok(earlier > 0)
}

//! The counters and the failure log of password sign-in throttling. Every count is one
//! conditional upsert, atomic on both databases and across instances.

use anyhow::Context as _;

use sqlx::FromRow;

use super::Db;

/// How failures per typed username are limited.
#[derive(Debug, Clone, Copy)]
pub struct AccountLimits {
    /// Consecutive failures from which each failure locks the username.
    pub lock_after: i64,
    /// The first lock; each further failure doubles it.
    pub first_lock_ms: i64,
    pub max_lock_ms: i64,
    /// Failures in one fixed hour window.
    pub per_hour: i64,
}

/// A username's throttle state, read to say how long a refused attempt must wait.
#[derive(Debug, FromRow)]
pub struct AccountThrottleRow {
    pub locked_until: i64,
    pub window_start: i64,
    pub window_failures: i64,
}

/// A wrong username or password, for the failure log.
pub struct SignInFailure<'a> {
    pub failure_id: &'a str,
    pub account_key: &'a str,
    pub client: &'a str,
    pub created_at: i64,
}

/// Takes the attempt counted in the hour window at `$2` back out of it, for the username `$1`.
const TAKE_BACK_FROM_WINDOW: &str = "window_failures = case when window_start = $2 \
     and window_failures > 0 then window_failures - 1 else window_failures end \
     where account_key = $1";

/// The lock the counted failure sets, from the row's values before it.
const NEXT_LOCK_MS: &str = "case when sign_in_account.failures + 1 < $4 then 0 \
     when sign_in_account.lock_ms * 2 > $6 then $6 \
     when sign_in_account.lock_ms * 2 < $5 then $5 \
     else sign_in_account.lock_ms * 2 end";

impl Db {
    /// Counts an attempt as a failure of `account_key` unless the username is locked or its
    /// hour window is full; true when counted.
    pub async fn count_sign_in_attempt(
        &self,
        account_key: &str,
        now: i64,
        window_start: i64,
        limits: AccountLimits,
    ) -> anyhow::Result<bool> {
        let first_lock = if limits.lock_after <= 1 {
            limits.first_lock_ms
        } else {
            0
        };
        let sql = format!(
            "insert into sign_in_account (account_key, failures, lock_ms, locked_until, \
             window_start, window_failures, last_attempt_at) values ($1, 1, $8, $2 + $8, $3, 1, $2) \
             on conflict (account_key) do update set \
             failures = sign_in_account.failures + 1, \
             lock_ms = {NEXT_LOCK_MS}, \
             locked_until = $2 + {NEXT_LOCK_MS}, \
             window_failures = case when sign_in_account.window_start = $3 \
             then sign_in_account.window_failures + 1 else 1 end, \
             window_start = $3, \
             last_attempt_at = $2 \
             where sign_in_account.locked_until <= $2 \
             and (sign_in_account.window_start <> $3 or sign_in_account.window_failures < $7) \
             returning failures"
        );
        let counted: Option<i64> = sqlx::query_scalar(&sql)
            .bind(account_key)
            .bind(now)
            .bind(window_start)
            .bind(limits.lock_after)
            .bind(limits.first_lock_ms)
            .bind(limits.max_lock_ms)
            .bind(limits.per_hour)
            .bind(first_lock)
            .fetch_optional(&self.pool)
            .await?;
        Ok(counted.is_some())
    }

    /// The attempt counted at `window_start` succeeded: the consecutive failures and the lock
    /// are cleared, and the attempt leaves the hour window.
    pub async fn clear_sign_in_failures(
        &self,
        account_key: &str,
        window_start: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(&format!(
            "update sign_in_account set failures = 0, lock_ms = 0, locked_until = 0, \
             {TAKE_BACK_FROM_WINDOW}"
        ))
        .bind(account_key)
        .bind(window_start)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .context("could not clear sign-in failures")
    }

    /// Takes back one failure counted on `account_key` in the window at `window_start` (another
    /// limit refused the attempt, so it never reached the password check).
    pub async fn refund_sign_in_attempt(
        &self,
        account_key: &str,
        window_start: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(&format!(
            "update sign_in_account set \
             failures = case when failures > 0 then failures - 1 else 0 end, \
             {TAKE_BACK_FROM_WINDOW}"
        ))
        .bind(account_key)
        .bind(window_start)
        .execute(&self.pool)
        .await
        .context("could not take back a sign-in attempt")?;
        Ok(())
    }

    pub async fn account_throttle(
        &self,
        account_key: &str,
    ) -> anyhow::Result<Option<AccountThrottleRow>> {
        sqlx::query_as(
            "select locked_until, window_start, window_failures from sign_in_account \
             where account_key = $1",
        )
        .bind(account_key)
        .fetch_optional(&self.pool)
        .await
        .context("could not read a username's throttle")
    }

    /// Records a wrong username or password.
    pub async fn insert_sign_in_failure(&self, failure: &SignInFailure<'_>) -> anyhow::Result<()> {
        sqlx::query(
            "insert into sign_in_failure (failure_id, account_key, client, outcome, created_at) \
             values ($1, $2, $3, 'wrong_password', $4)",
        )
        .bind(failure.failure_id)
        .bind(failure.account_key)
        .bind(failure.client)
        .bind(failure.created_at)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .context("could not record a sign-in failure")
    }

    /// Counts an attempt the throttle refused in the row of `account_key` (empty for the
    /// address's own cap), `client` and the hour at `window_start`.
    pub async fn count_sign_in_refusal(
        &self,
        account_key: &str,
        client: &str,
        window_start: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "insert into sign_in_refusal \
             (account_key, client, window_start, attempts, first_at, last_at) \
             values ($1, $2, $3, 1, $4, $4) \
             on conflict (account_key, client, window_start) do update \
             set attempts = sign_in_refusal.attempts + 1, last_at = excluded.last_at",
        )
        .bind(account_key)
        .bind(client)
        .bind(window_start)
        .bind(now)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .context("could not count a refused sign-in")
    }

    /// Deletes counters with nothing left to enforce (no attempt since `counters_before`); the
    /// records of failures and refusals are kept by their retention setting instead.
    pub async fn purge_sign_in_throttle(&self, counters_before: i64) -> anyhow::Result<u64> {
        let mut purged = 0;
        for (sql, before) in [
            (
                "delete from sign_in_account where last_attempt_at < $1 and locked_until < $1",
                counters_before,
            ),
            (
                "delete from client_window where window_start < $1",
                counters_before,
            ),
        ] {
            purged += sqlx::query(sql)
                .bind(before)
                .execute(&self.pool)
                .await?
                .rows_affected();
        }
        Ok(purged)
    }
}

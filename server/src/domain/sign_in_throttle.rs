//! Password sign-in throttling, so passwords cannot be guessed online — and without handing
//! anyone a way to lock someone else out.
//!
//! A typed username (trimmed, lower-cased, whether or not the account exists) is locked hard only
//! for the client address its failures come from: from the 5th consecutive failure of that pair
//! each failure locks it, 1 min doubling up to 1 h, and a pair gets at most 100 failures an hour.
//! Across all addresses a username only backs off: from the 10th consecutive failure each one
//! holds it for one minute, never longer. Each address gets at most 100 failures an hour.
//!
//! An attempt is counted as a failure *before* its password is checked and taken back when it
//! succeeds, so a locked username is refused without a password check and parallel guesses cannot
//! slip past a lock. The state lives in the database, so every instance enforces the same limits.

use std::sync::Arc;

use app::ports::AccountError;

use crate::{
    clock::Clock,
    random::random_hex,
    store::{
        ClientCounter, Db,
        sign_in_throttle::{AccountLimits, SignInFailure},
    },
};

const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Per username and client address: from the 5th consecutive failure each failure locks the
/// pair, for 1 min doubling up to 1 h; and at most 100 failures an hour.
pub const PAIR_LIMITS: AccountLimits = AccountLimits {
    lock_after: 5,
    first_lock_ms: 60 * 1000,
    max_lock_ms: HOUR_MS,
    per_hour: 100,
};
/// Per username from every address: from the 10th consecutive failure each failure holds it for
/// a minute — never longer, so nobody can lock an account for more than a minute at a time.
pub const USERNAME_LIMITS: AccountLimits = AccountLimits {
    lock_after: 10,
    first_lock_ms: 60 * 1000,
    max_lock_ms: 60 * 1000,
    per_hour: i64::MAX,
};
/// Per client address: at most 100 failures an hour.
pub const FAILURES_PER_CLIENT_HOUR: i64 = 100;
/// Typed usernames longer than this are cut for the key (valid ones are at most 32).
const MAX_KEY_CHARS: usize = 64;

/// Decides whether a password sign-in may be tried, and records how it ended.
pub struct SignInThrottle {
    db: Db,
    clock: Arc<dyn Clock>,
}

/// An admitted attempt, counted as a failure until [`SignInThrottle::succeeded`].
#[must_use]
pub struct Attempt {
    account_key: String,
    /// The username and the address together: what the hard lock is keyed on.
    pair_key: String,
    client: String,
    window_start: i64,
}

impl SignInThrottle {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    /// Counts the attempt, or refuses it with [`AccountError::TooManySignIns`] (logged and
    /// recorded) when the pair is locked, the username backs off, or the client used up its hour.
    pub async fn admit(&self, typed_username: &str, client: &str) -> Result<Attempt, AccountError> {
        let now = self.clock.now_ms();
        let account_key = account_key(typed_username);
        let attempt = Attempt {
            // A separator no username contains.
            pair_key: format!("{account_key}\u{1f}{client}"),
            account_key,
            client: client.to_owned(),
            window_start: now - now.rem_euclid(HOUR_MS),
        };
        let client_counted = self
            .db
            .count_for_client(
                ClientCounter::PasswordFailure,
                client,
                attempt.window_start,
                FAILURES_PER_CLIENT_HOUR,
            )
            .await?;
        if !client_counted {
            let wait = attempt.window_start + HOUR_MS - now;
            return Err(self.refuse(&attempt, now, wait, Refusal::ClientCap).await);
        }
        let refused = match self
            .count(&attempt.account_key, &attempt, USERNAME_LIMITS)
            .await?
        {
            Some(wait) => Some((wait, Refusal::UsernameBackingOff)),
            None => match self.count(&attempt.pair_key, &attempt, PAIR_LIMITS).await? {
                Some(wait) => {
                    self.db
                        .refund_sign_in_attempt(&attempt.account_key, attempt.window_start)
                        .await?;
                    Some((wait, Refusal::PairLocked))
                }
                None => None,
            },
        };
        let Some((wait, refusal)) = refused else {
            return Ok(attempt);
        };
        self.db
            .uncount_for_client(ClientCounter::PasswordFailure, client, attempt.window_start)
            .await?;
        Err(self.refuse(&attempt, now, wait, refusal).await)
    }

    /// Counts the attempt on `key`; the milliseconds to wait when `key` is locked instead.
    async fn count(
        &self,
        key: &str,
        attempt: &Attempt,
        limits: AccountLimits,
    ) -> Result<Option<i64>, AccountError> {
        let now = self.clock.now_ms();
        if self
            .db
            .count_sign_in_attempt(key, now, attempt.window_start, limits)
            .await?
        {
            return Ok(None);
        }
        Ok(Some(self.wait(key, limits, now).await?))
    }

    /// The password was right: the username's consecutive failures are cleared and the attempt
    /// no longer counts.
    pub async fn succeeded(&self, attempt: Attempt) -> Result<(), AccountError> {
        for key in [&attempt.account_key, &attempt.pair_key] {
            self.db
                .clear_sign_in_failures(key, attempt.window_start)
                .await?;
        }
        self.db
            .uncount_for_client(
                ClientCounter::PasswordFailure,
                &attempt.client,
                attempt.window_start,
            )
            .await?;
        Ok(())
    }

    /// The username or password was wrong: the attempt stays counted, and is logged and recorded.
    pub async fn failed(&self, attempt: Attempt) -> Result<(), AccountError> {
        tracing::warn!(
            username = %attempt.account_key,
            client = %attempt.client,
            "sign-in refused: wrong username or password"
        );
        let failure_id = random_hex(16)?;
        self.db
            .insert_sign_in_failure(&SignInFailure {
                failure_id: &failure_id,
                account_key: &attempt.account_key,
                client: &attempt.client,
                created_at: self.clock.now_ms(),
            })
            .await?;
        Ok(())
    }

    /// Deletes counters idle for a day (the failure log is kept by [`super::retention`]).
    pub async fn purge_expired(&self) -> anyhow::Result<u64> {
        self.db
            .purge_sign_in_throttle(self.clock.now_ms() - DAY_MS)
            .await
    }

    /// How long a refused attempt on `key` must wait: until the lock ends, or the full hour
    /// window ends.
    async fn wait(&self, key: &str, limits: AccountLimits, now: i64) -> Result<i64, AccountError> {
        let row = self.db.account_throttle(key).await?;
        Ok(row.map_or(0, |row| {
            let window_full =
                row.window_start + HOUR_MS > now && row.window_failures >= limits.per_hour;
            let window_wait = if window_full {
                row.window_start + HOUR_MS - now
            } else {
                0
            };
            (row.locked_until - now).max(window_wait)
        }))
    }

    /// Logs the refusal and counts it in its hour's row.
    async fn refuse(
        &self,
        attempt: &Attempt,
        now: i64,
        wait_ms: i64,
        refusal: Refusal,
    ) -> AccountError {
        let retry_after_secs = u64::try_from(wait_ms.max(0))
            .unwrap_or(0)
            .div_ceil(1000)
            .max(1);
        tracing::warn!(
            username = %attempt.account_key,
            client = %attempt.client,
            retry_after_secs,
            "sign-in refused before the password check: {}",
            refusal.reason()
        );
        // The address's own cap refuses whatever the username: one row for the address, so an
        // attacker who varies the username does not make a row each.
        let account_key = match refusal {
            Refusal::ClientCap => "",
            Refusal::UsernameBackingOff | Refusal::PairLocked => &attempt.account_key,
        };
        let counted = self
            .db
            .count_sign_in_refusal(account_key, &attempt.client, attempt.window_start, now)
            .await;
        match counted {
            Ok(()) => AccountError::TooManySignIns { retry_after_secs },
            Err(error) => error.into(),
        }
    }
}

/// Why the throttle refused an attempt before its password was checked.
#[derive(Debug, Clone, Copy)]
enum Refusal {
    ClientCap,
    UsernameBackingOff,
    PairLocked,
}

impl Refusal {
    fn reason(self) -> &'static str {
        match self {
            Self::ClientCap => "client hourly cap",
            Self::UsernameBackingOff => "username backing off",
            Self::PairLocked => "username locked for this address",
        }
    }
}

/// The typed username as accounts normalise it (trimmed, lower-cased), known or not.
fn account_key(typed: &str) -> String {
    typed
        .trim()
        .chars()
        .take(MAX_KEY_CHARS)
        .collect::<String>()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_the_trimmed_lower_cased_username() {
        assert_eq!(account_key("  Ada "), "ada");
        assert_eq!(account_key(&"X".repeat(500)).len(), MAX_KEY_CHARS);
    }
}

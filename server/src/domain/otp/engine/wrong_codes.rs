//! The lock across challenges (security checklist VER-4). A code's attempts cap bounds the
//! guesses at one code; a number can be sent many codes a day (up to 1,000 by the most open
//! policy, 10 attempts each). So after [`WRONG_CODES_BEFORE_LOCK`] wrong codes in a row for a
//! number in one lane, the lane's gate for it is locked for [`LOCK_SECS`] and its open codes are
//! burned. The run counts since the lane's last verified code, over the last day, so once locked
//! every further wrong code locks it again: past the first run, at most one code's attempts an
//! hour.
//!
//! Anyone who can ask for codes to a number can lock it in their lane, as they can use up its
//! daily cap there: the lock holds one lane only (an anonymous run never stops its owner's
//! unbind), lasts an hour, and locks numbers bound to no one just the same, so it tells nobody
//! which numbers have accounts.

use app::ports::CodeError;

use super::{DAY_MS, OtpEngine, seconds_until};
use crate::store::{challenges::ChallengeRow, wrong_codes::LaneNumber};

/// Wrong codes in a row that lock a number (the checklist's proposal; NIST's ceiling is 100).
const WRONG_CODES_BEFORE_LOCK: i64 = 20;
/// How long the lock holds.
const LOCK_SECS: i64 = 60 * 60;

impl OtpEngine {
    /// After a wrong code for `row` at `now`: locks its number in its lane when the run is long
    /// enough, and says until when.
    pub(super) async fn lock_after_wrong_code(
        &self,
        row: &ChallengeRow,
        now: i64,
    ) -> anyhow::Result<Option<CodeError>> {
        let number = LaneNumber {
            verifier_uid: &row.verifier_uid,
            receiver: &row.receiver,
            lane: &row.lane,
        };
        if self.db.wrong_code_run(number, now - DAY_MS).await? < WRONG_CODES_BEFORE_LOCK {
            return Ok(None);
        }
        let until = now + LOCK_SECS * 1000;
        self.db.lock_number(number, until).await?;
        tracing::warn!(verifier = %row.verifier_uid, lane = %row.lane, "{WRONG_CODES_BEFORE_LOCK} wrong codes in a row: the number is locked for an hour");
        Ok(Some(CodeError::NumberLocked {
            retry_after_secs: seconds_until(now, until),
        }))
    }
}

#[cfg(test)]
mod tests {
    use app::types::Policy;

    use super::{LOCK_SECS, WRONG_CODES_BEFORE_LOCK};

    /// The wrong codes one number can take in one lane in a day: its daily cap of codes times
    /// their attempts, and past the first run one code's attempts for each hour the lock lets go.
    fn most_wrong_codes_a_day(policy: &Policy) -> i64 {
        let attempts = i64::from(policy.max_attempts);
        let by_caps = i64::from(policy.sends_per_day) * attempts;
        let by_lock = WRONG_CODES_BEFORE_LOCK + 24 * 60 * 60 / LOCK_SECS * attempts;
        by_caps.min(by_lock)
    }

    #[test]
    fn the_default_policy_gives_a_guesser_50_codes_a_day_one_chance_in_20_000() {
        assert_eq!(most_wrong_codes_a_day(&Policy::default()), 50);
    }

    #[test]
    fn the_most_open_policy_gives_a_guesser_260_codes_a_day_not_10_000() {
        let most_open = Policy {
            max_attempts: 10,
            sends_per_hour: 100,
            sends_per_day: 1_000,
            ..Policy::default()
        };
        most_open.validate().expect("the policy's own bounds");
        assert_eq!(most_wrong_codes_a_day(&most_open), 260);
    }
}

//! Who may create an account on their own: everyone (open) or no one (closed, administrators
//! create the accounts), and how many accounts one client address may create an hour. The count
//! lives in the database, so every instance enforces the same cap.

use std::sync::Arc;

use app::ports::AccountError;

use crate::{
    clock::Clock,
    store::{ClientCounter, Db},
};

const HOUR_MS: i64 = 60 * 60 * 1000;

/// The sign-up rules a server runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignUpPolicy {
    /// Whether anyone may sign up; when false only administrators create accounts.
    pub open: bool,
    /// Accounts one client address may create in a fixed one-hour window.
    pub per_client_hour: i64,
}

impl Default for SignUpPolicy {
    fn default() -> Self {
        Self {
            open: true,
            per_client_hour: 10,
        }
    }
}

/// Admits sign-ups by the policy, counting them per client address.
pub struct SignUpGate {
    db: Db,
    clock: Arc<dyn Clock>,
    policy: SignUpPolicy,
}

/// An admitted sign-up, counted for its client until [`SignUpGate::take_back`].
#[must_use]
pub struct Admitted {
    client: String,
    window_start: i64,
}

impl SignUpGate {
    pub fn new(db: Db, clock: Arc<dyn Clock>, policy: SignUpPolicy) -> Self {
        Self { db, clock, policy }
    }

    pub fn is_open(&self) -> bool {
        self.policy.open
    }

    /// Counts a sign-up for `client`, or refuses it: closed, or the client's hour is used up.
    pub async fn admit(&self, client: &str) -> Result<Admitted, AccountError> {
        if !self.policy.open {
            return Err(AccountError::SignUpClosed);
        }
        let now = self.clock.now_ms();
        let window_start = now - now.rem_euclid(HOUR_MS);
        let counted = self
            .db
            .count_for_client(
                ClientCounter::SignUp,
                client,
                window_start,
                self.policy.per_client_hour,
            )
            .await?;
        if !counted {
            let wait_ms = window_start + HOUR_MS - now;
            let retry_after_secs = u64::try_from(wait_ms).unwrap_or(0).div_ceil(1000).max(1);
            tracing::warn!(%client, retry_after_secs, "sign-up refused: client hourly cap");
            return Err(AccountError::TooManySignUps { retry_after_secs });
        }
        Ok(Admitted {
            client: client.to_owned(),
            window_start,
        })
    }

    /// The sign-up created no account (the username was taken, say): it does not count.
    pub async fn take_back(&self, admitted: Admitted) -> Result<(), AccountError> {
        self.db
            .uncount_for_client(
                ClientCounter::SignUp,
                &admitted.client,
                admitted.window_start,
            )
            .await?;
        Ok(())
    }
}

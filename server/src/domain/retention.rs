//! How long what grows is kept: the message log, the audit log and the log of refused sign-ins
//! by the administrator's settings, the send gates and the pumping guard's holds until they gate nothing, the send
//! budgets' counters until their window ended. The other tables are purged by the services
//! that know their lifetimes (sessions, challenges, sign-in throttling, idempotency keys).

use std::sync::Arc;

use crate::{
    clock::Clock,
    store::{Db, Expiring},
};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Days the insights counters are kept: a year and a month, so a year can be compared.
const DAILY_SENDS_DAYS: u32 = 400;

/// Days each log is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub message_days: u32,
    pub audit_days: u32,
    pub sign_in_failure_days: u32,
}

/// Deletes what is older than its retention.
pub struct Retention {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) policy: RetentionPolicy,
}

impl Retention {
    /// Deletes old messages, audit events and refused sign-in records, send gates a day past
    /// their time (the caps count challenges, so a passed gate holds nothing back), send
    /// budgets whose window ended, pumping-guard rows a day past their hold (the guard counts
    /// only the last hour's codes) and insights counters older than [`DAILY_SENDS_DAYS`];
    /// returns how many rows went.
    pub async fn purge(&self) -> anyhow::Result<u64> {
        let now = self.clock.now_ms();
        let days = |days: u32| now - i64::from(days) * DAY_MS;
        let mut purged = 0;
        for (rows, before) in [
            (Expiring::Messages, days(self.policy.message_days)),
            (Expiring::AuditEvents, days(self.policy.audit_days)),
            (
                Expiring::SignInFailures,
                days(self.policy.sign_in_failure_days),
            ),
            (
                Expiring::SignInRefusals,
                days(self.policy.sign_in_failure_days),
            ),
            (Expiring::SendGates, now - DAY_MS),
            (Expiring::SendBudgets, now),
            (Expiring::PumpingGuards, now - DAY_MS),
            (Expiring::DailySends, days(DAILY_SENDS_DAYS)),
        ] {
            purged += self.db.purge(rows, before).await?;
        }
        Ok(purged)
    }
}

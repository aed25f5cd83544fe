//! The Insights report: a verifier's codes sent, verified and failed per day and calling code,
//! read from the daily counters the OTP engine keeps, with today's budget and the pumping
//! guard's holds; and the administrator's release of a hold.

use std::{collections::BTreeMap, sync::Arc};

use app::{
    ports::{Insights, User, VerifierError},
    types::{
        CallingCodeCounts, Conversion, DailyBudget, DayCounts, Failures, HeldCallingCode,
        InsightsReport, Period, VerifierUid,
    },
};
use async_trait::async_trait;

use super::otp::OtpEngine;
use crate::{
    clock::Clock,
    store::{
        Db,
        daily_sends::{DailySendsRow, utc_day},
    },
};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Implements [`Insights`].
pub struct InsightsService {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub otp: OtpEngine,
}

#[async_trait]
impl Insights for InsightsService {
    async fn report(
        &self,
        verifier: &VerifierUid,
        period: Period,
    ) -> Result<InsightsReport, VerifierError> {
        let record = self
            .db
            .verifier(verifier)
            .await?
            .ok_or(VerifierError::NotFound)?;
        let now = self.clock.now_ms();
        let first_day = period.first_day(utc_day(now));
        let rows = self.db.daily_sends(verifier.as_str(), first_day).await?;
        let held = self
            .db
            .held_calling_codes(verifier.as_str(), now)
            .await?
            .into_iter()
            .map(|(calling_code, held_until_ms)| HeldCallingCode {
                calling_code: u16::try_from(calling_code).unwrap_or(0),
                held_until_ms,
            })
            .collect();
        Ok(InsightsReport {
            budget: DailyBudget {
                used: self.db.verifier_budget_used(verifier.as_str(), now).await?,
                cap: i64::from(record.policy.sends_per_verifier_day),
            },
            held,
            ..summarise(verifier, period, first_day, &rows)
        })
    }

    async fn release_hold(
        &self,
        verifier: &VerifierUid,
        calling_code: u16,
        by: &User,
    ) -> Result<bool, VerifierError> {
        // The engine records the release, and who made it, in the audit log.
        Ok(self
            .otp
            .release_pumping_hold(&by.id, verifier, calling_code)
            .await?)
    }
}

/// Adds the daily rows up into the report's totals, calling codes and days (every day of the
/// period, days without codes included); budget and holds are left empty.
fn summarise(
    verifier: &VerifierUid,
    period: Period,
    first_day: i64,
    rows: &[DailySendsRow],
) -> InsightsReport {
    let mut totals = Conversion::default();
    let mut failures = Failures::default();
    let mut by_code = BTreeMap::<u16, Conversion>::new();
    let mut by_day: BTreeMap<i64, Conversion> = (0..period.days())
        .map(|day| (first_day + day * DAY_MS, Conversion::default()))
        .collect();
    for row in rows {
        let counts = Conversion {
            sent: row.sent,
            verified: row.verified,
        };
        totals.add(counts);
        failures.add(Failures {
            invalid_number: row.failed_invalid_number,
            rate_limited: row.failed_rate_limited,
            rejected: row.failed_rejected,
            unavailable: row.failed_unavailable,
            internal: row.failed_internal,
        });
        let code = u16::try_from(row.calling_code).unwrap_or(0);
        by_code.entry(code).or_default().add(counts);
        by_day.entry(row.day).or_default().add(counts);
    }
    let mut by_calling_code: Vec<_> = by_code
        .into_iter()
        .filter(|(_, counts)| counts.sent > 0 || counts.verified > 0)
        .map(|(calling_code, counts)| CallingCodeCounts {
            calling_code,
            counts,
        })
        .collect();
    by_calling_code.sort_by_key(|row| std::cmp::Reverse(row.counts.sent));
    InsightsReport {
        verifier_uid: verifier.to_string(),
        period,
        totals,
        failures,
        by_calling_code,
        daily: by_day
            .into_iter()
            .map(|(day_ms, counts)| DayCounts { day_ms, counts })
            .collect(),
        budget: DailyBudget::default(),
        held: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(day: i64, calling_code: i64, sent: i64, verified: i64) -> DailySendsRow {
        DailySendsRow {
            day,
            calling_code,
            sent,
            verified,
            failed_invalid_number: 0,
            failed_rate_limited: 1,
            failed_rejected: 0,
            failed_unavailable: 0,
            failed_internal: 0,
        }
    }

    #[test]
    fn rows_add_up_per_calling_code_and_per_day_with_empty_days_kept() {
        let uid = VerifierUid::parse("sms").expect("uid");
        let report = summarise(
            &uid,
            Period::Week,
            0,
            &[
                row(0, 86, 4, 2),
                row(0, 31, 1, 1),
                row(2 * DAY_MS, 86, 6, 3),
            ],
        );
        assert_eq!(
            report.totals,
            Conversion {
                sent: 11,
                verified: 6
            }
        );
        assert_eq!(report.failures.rate_limited, 3);
        assert_eq!(report.by_calling_code[0].calling_code, 86);
        assert_eq!(
            report.by_calling_code[0].counts,
            Conversion {
                sent: 10,
                verified: 5
            }
        );
        assert_eq!(report.daily.len(), 7);
        assert_eq!(report.daily[1].counts, Conversion::default());
        assert_eq!(report.daily[2].counts.sent, 6);
    }
}

//! What the Insights page reports for a verifier: codes sent and verified, failures, calling
//! codes, the daily budget and the pumping guard's holds. The server builds it, the page shows it.

use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, td_string};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The span a report covers, in whole UTC days up to and including today (the counters are
/// daily): "24 h" is today, "7 d" today and the six days before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    #[default]
    Day,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Self; 3] = [Self::Day, Self::Week, Self::Month];

    /// Its name in the URL query.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "24h",
            Self::Week => "7d",
            Self::Month => "30d",
        }
    }

    /// Reads a name from [`Period::as_str`].
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|period| period.as_str() == input)
    }

    /// For the page, in `locale`.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Day => td_string!(locale, insights.period_day),
            Self::Week => td_string!(locale, insights.period_week),
            Self::Month => td_string!(locale, insights.period_month),
        }
    }

    pub fn days(self) -> i64 {
        match self {
            Self::Day => 1,
            Self::Week => 7,
            Self::Month => 30,
        }
    }

    /// The UTC midnight of its first day, when today's midnight is `today`.
    pub fn first_day(self, today: i64) -> i64 {
        today - (self.days() - 1) * DAY_MS
    }
}

/// Codes that went out and how many of them were verified.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    pub sent: i64,
    pub verified: i64,
}

impl Conversion {
    /// Verified per sent in whole percent; `None` when nothing was sent.
    pub fn percent(self) -> Option<i64> {
        (self.sent > 0).then(|| self.verified * 100 / self.sent)
    }

    /// Adds another count to this one.
    pub fn add(&mut self, other: Self) {
        self.sent += other.sent;
        self.verified += other.verified;
    }
}

/// Codes that could not be sent, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failures {
    /// The provider says the number cannot receive SMS.
    pub invalid_number: i64,
    /// The provider throttled the number or the account.
    pub rate_limited: i64,
    /// The provider refused the request (credentials, sign name, template).
    pub rejected: i64,
    /// No provider could be reached.
    pub unavailable: i64,
    /// A failure of Verigate's own.
    pub internal: i64,
}

impl Failures {
    pub fn total(self) -> i64 {
        self.invalid_number + self.rate_limited + self.rejected + self.unavailable + self.internal
    }

    pub fn add(&mut self, other: Self) {
        self.invalid_number += other.invalid_number;
        self.rate_limited += other.rate_limited;
        self.rejected += other.rejected;
        self.unavailable += other.unavailable;
        self.internal += other.internal;
    }
}

/// The codes to one calling code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallingCodeCounts {
    pub calling_code: u16,
    pub counts: Conversion,
}

/// The codes of one UTC day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCounts {
    /// Its UTC midnight, in milliseconds.
    pub day_ms: i64,
    pub counts: Conversion,
}

/// A calling code the SMS-pumping guard holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCallingCode {
    pub calling_code: u16,
    pub held_until_ms: i64,
}

/// One verifier's report over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightsReport {
    pub verifier_uid: String,
    pub period: Period,
    pub totals: Conversion,
    pub failures: Failures,
    /// Most codes sent first.
    pub by_calling_code: Vec<CallingCodeCounts>,
    /// Every day of the period, oldest first, days without codes included.
    pub daily: Vec<DayCounts>,
    pub budget: DailyBudget,
    pub held: Vec<HeldCallingCode>,
}

/// Codes counted against a verifier's daily send budget today (UTC), and its cap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyBudget {
    pub used: i64,
    pub cap: i64,
}

impl DailyBudget {
    /// The share used, in whole percent (rounded down).
    pub fn percent(self) -> i64 {
        if self.cap <= 0 {
            return 100;
        }
        self.used.saturating_mul(100) / self.cap
    }

    /// From 80 % on the console warns: sends stop at 100 % until the next UTC day.
    pub fn nearly_spent(self) -> bool {
        self.percent() >= 80
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_back_from_their_names_and_nothing_else() {
        for period in Period::ALL {
            assert_eq!(Period::parse(period.as_str()), Some(period));
        }
        assert_eq!(Period::parse("1y"), None);
    }

    #[test]
    fn a_week_starts_six_days_before_today() {
        assert_eq!(Period::Week.first_day(7 * DAY_MS), DAY_MS);
        assert_eq!(Period::Day.first_day(7 * DAY_MS), 7 * DAY_MS);
    }

    #[test]
    fn conversion_is_none_without_sends_and_rounds_down() {
        assert_eq!(Conversion::default().percent(), None);
        assert_eq!(
            Conversion {
                sent: 3,
                verified: 2
            }
            .percent(),
            Some(66)
        );
    }

    #[test]
    fn the_console_warns_from_80_percent_of_the_daily_budget() {
        let budget = |used| DailyBudget { used, cap: 1000 };
        assert_eq!(budget(799).percent(), 79);
        assert!(!budget(799).nearly_spent());
        assert!(budget(800).nearly_spent());
        assert!(budget(1000).nearly_spent());
        assert!(
            DailyBudget { used: 0, cap: 0 }.nearly_spent(),
            "a cap of 0 is spent"
        );
    }
}

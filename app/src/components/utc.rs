//! Times as the console shows them.

use crate::i18n::{Locale, td_string};

/// A UTC time's calendar parts, zero-padded as they are shown: `("2026", "11", "25", "23:45:37")`.
struct Parts {
    year: String,
    month: String,
    day: String,
    time: String,
}

/// Splits `ms` (since the epoch) into its UTC calendar parts, computed without a date library
/// (which would grow the WASM).
fn parts(ms: i64) -> Parts {
    let seconds = ms.div_euclid(1000);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil-from-days, Howard Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Parts {
        year: format!("{year:04}"),
        month: format!("{month:02}"),
        day: format!("{day:02}"),
        time: format!(
            "{:02}:{:02}:{:02}",
            second_of_day / 3600,
            second_of_day % 3600 / 60,
            second_of_day % 60
        ),
    }
}

/// Date and time in UTC as `locale` writes them: `YYYY-MM-DD HH:MM:SS` in English.
pub fn format_utc(locale: Locale, ms: i64) -> String {
    let Parts {
        year,
        month,
        day,
        time,
    } = parts(ms);
    td_string!(locale, tables.date_time, year, month, day, time).to_string()
}

/// The UTC date alone: `YYYY-MM-DD` in English.
pub fn format_utc_date(locale: Locale, ms: i64) -> String {
    let Parts {
        year, month, day, ..
    } = parts(ms);
    td_string!(locale, tables.date, year, month, day).to_string()
}

/// The UTC month and day, for axis labels: `MM-DD` in English.
pub fn format_utc_month_day(locale: Locale, ms: i64) -> String {
    let Parts { month, day, .. } = parts(ms);
    td_string!(locale, tables.month_day, month, day).to_string()
}

#[cfg(test)]
mod tests {
    use super::{format_utc, format_utc_date, format_utc_month_day};
    use crate::i18n::Locale;

    #[test]
    fn utc_times_are_formatted_as_calendar_dates() {
        assert_eq!(format_utc(Locale::en, 0), "1970-01-01 00:00:00");
        assert_eq!(
            format_utc(Locale::en, 951_782_400_000),
            "2000-02-29 00:00:00"
        );
        assert_eq!(
            format_utc(Locale::en, 1_795_650_337_123),
            "2026-11-25 23:45:37"
        );
        assert_eq!(format_utc_date(Locale::en, 951_782_400_000), "2000-02-29");
        assert_eq!(format_utc_month_day(Locale::en, 951_782_400_000), "02-29");
    }

    #[test]
    fn each_language_writes_dates_its_own_way() {
        assert_eq!(
            format_utc(Locale::nl, 1_795_650_337_123),
            "25-11-2026 23:45:37"
        );
        assert_eq!(
            format_utc(Locale::zh, 1_795_650_337_123),
            "2026年11月25日 23:45:37"
        );
    }
}

//! Times on the wire: RFC 3339 in UTC. The native API keeps milliseconds; Twilio's answers have
//! whole seconds (`2015-07-30T20:00:00Z`), the only form twilio-python reads as a `datetime`.

use time::{OffsetDateTime, format_description::well_known::Rfc3339, macros::format_description};

fn utc(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// `2015-07-30T20:00:00.123Z`.
pub fn rfc3339(ms: i64) -> String {
    utc(ms).format(&Rfc3339).unwrap_or_default()
}

/// `2015-07-30T20:00:00Z`.
pub fn whole_seconds(ms: i64) -> String {
    utc(ms)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_with_or_without_milliseconds() {
        let ms = 1_438_286_400_123;
        assert_eq!(rfc3339(ms), "2015-07-30T20:00:00.123Z");
        assert_eq!(whole_seconds(ms), "2015-07-30T20:00:00Z");
        assert_eq!(rfc3339(1_438_286_400_000), "2015-07-30T20:00:00Z");
    }
}

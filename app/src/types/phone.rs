use crate::AppError;

/// A phone number in E.164 form: `+`, a calling code and the national number, 8–15 digits in all.
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts `+<digits>`, ignoring spaces, dashes, dots and parentheses.
    pub fn parse_e164(input: &str) -> Result<Self, AppError> {
        let invalid = || {
            AppError::invalid(
                "phone",
                "Enter the number with its country code, like +86 138 0013 8000.",
            )
        };
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = compact.strip_prefix('+').ok_or_else(invalid)?;
        let valid = (8..=15).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0');
        if valid {
            Ok(Self(compact))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ITU calling code (`86`, `31`, `1`).
    pub fn calling_code(&self) -> u16 {
        let digits = &self.0[1..];
        let length = calling_code_length(digits);
        digits[..length].parse().unwrap_or(0)
    }

    /// For screens and logs: `+86 138****8000`.
    pub fn masked(&self) -> String {
        let digits = &self.0[1..];
        let (code, national) = digits.split_at(calling_code_length(digits));
        let keep_start = 3.min(national.len().saturating_sub(4));
        let keep_end = 4.min(national.len() - keep_start);
        let hidden = national.len() - keep_start - keep_end;
        format!(
            "+{code} {}{}{}",
            &national[..keep_start],
            "*".repeat(hidden),
            &national[national.len() - keep_end..]
        )
    }
}

/// Calling codes are a prefix code: 1 and 7 have one digit, a fixed set has two, the rest three.
fn calling_code_length(digits: &str) -> usize {
    const TWO_DIGIT: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO_DIGIT.iter().any(|code| digits.starts_with(code)) {
        2
    } else {
        3
    }
}

impl std::fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_normalised_and_masked_by_country() {
        for (input, e164, code, masked) in [
            ("+86 138 0013 8000", "+8613800138000", 86, "+86 138****8000"),
            ("+31 (6) 1234-5678", "+31612345678", 31, "+31 612**5678"),
            ("+1 415.555.0100", "+14155550100", 1, "+1 415***0100"),
            ("+353851234567", "+353851234567", 353, "+353 851**4567"),
        ] {
            let phone = PhoneNumber::parse_e164(input).expect(input);
            assert_eq!(
                (
                    phone.as_str(),
                    phone.calling_code(),
                    phone.masked().as_str()
                ),
                (e164, code, masked)
            );
        }
    }

    #[test]
    fn malformed_numbers_are_refused_on_the_phone_field() {
        for input in [
            "",
            "13800138000",
            "+0123456789",
            "+86abc",
            "+1234567",
            "+1234567890123456",
        ] {
            let error = PhoneNumber::parse_e164(input).expect_err(input);
            assert!(error.for_field("phone").is_some(), "{input}");
        }
    }

    #[test]
    fn debug_output_is_masked() {
        let phone = PhoneNumber::parse_e164("+8613800138000").expect("valid");
        assert_eq!(format!("{phone:?}"), "PhoneNumber(+86 138****8000)");
    }
}

use crate::{AppError, error::Problem};

/// A phone number in E.164 form: `+`, a calling code and the national number, 8–15 digits in all.
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts `+<digits>`, ignoring spaces, dashes, dots and parentheses.
    pub fn parse_e164(input: &str) -> Result<Self, AppError> {
        let invalid = || AppError::invalid("phone", Problem::PhoneWithoutCountryCode);
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

    /// Reads what a person typed: a national number with the country chosen beside it (spaces,
    /// dashes and a leading trunk `0` are fine), or a full international number (`+86…`,
    /// `0086…`) whatever the country says. Only numbers valid for their country pass.
    #[cfg(feature = "ssr")]
    pub fn parse_input(calling_code: Option<u16>, input: &str) -> Result<Self, AppError> {
        use std::str::FromStr;

        use phonenumber::{Mode, country, metadata::DATABASE};

        let invalid = |problem: Problem| AppError::invalid("phone", problem);
        let text = input.trim();
        if text.is_empty() {
            return Err(invalid(Problem::EnterPhone));
        }
        if text.chars().count() > 32 {
            return Err(invalid(Problem::PhoneTooLong));
        }
        if text.chars().any(char::is_alphabetic) {
            return Err(invalid(Problem::PhoneDigitsOnly));
        }
        let text = match text.strip_prefix("00") {
            Some(rest) => format!("+{rest}"),
            None => text.to_owned(),
        };
        let region = if text.starts_with('+') {
            None
        } else {
            let code = calling_code.ok_or_else(|| invalid(Problem::ChooseCountry))?;
            let region = DATABASE
                .by_code(&code)
                .and_then(|regions| regions.first().map(|meta| meta.id().to_owned()))
                .and_then(|id| country::Id::from_str(&id).ok())
                .ok_or_else(|| invalid(Problem::ChooseCountry))?;
            Some(region)
        };
        let parsed =
            phonenumber::parse(region, &text).map_err(|_| invalid(Problem::InvalidPhone))?;
        if !phonenumber::is_valid(&parsed) {
            return Err(invalid(Problem::InvalidPhoneForCountry));
        }
        Self::parse_e164(&parsed.format().mode(Mode::E164).to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind of line the country's numbering plan assigns the number to.
    #[cfg(feature = "ssr")]
    pub fn kind(&self) -> NumberKind {
        use phonenumber::{Type, metadata::DATABASE};

        let Ok(parsed) = phonenumber::parse(None, &self.0) else {
            return NumberKind::Other;
        };
        match parsed.number_type(&DATABASE) {
            Type::Mobile | Type::FixedLineOrMobile => NumberKind::Mobile,
            Type::FixedLine => NumberKind::FixedLine,
            Type::PremiumRate => NumberKind::PremiumRate,
            Type::SharedCost => NumberKind::SharedCost,
            Type::TollFree => NumberKind::TollFree,
            Type::Uan => NumberKind::Uan,
            Type::Voicemail => NumberKind::Voicemail,
            Type::Pager => NumberKind::Pager,
            _ => NumberKind::Other,
        }
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

/// What kind of line a number is, by its country's numbering plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NumberKind {
    /// Mobile, or (as in North America) a number the plan cannot tell from a fixed line.
    Mobile,
    FixedLine,
    /// Numbers that cost the sender to reach: where SMS pumping fraud sends its traffic.
    PremiumRate,
    SharedCost,
    /// Free to call, and not a phone that receives text messages.
    TollFree,
    /// Universal access numbers: one number for a business's many lines.
    Uan,
    Voicemail,
    Pager,
    /// Personal, VoIP and the rest: sent to like mobiles.
    Other,
}

impl NumberKind {
    /// What the kind is called in a sentence: "premium-rate" numbers.
    pub fn name(self) -> &'static str {
        match self {
            Self::Mobile => "mobile",
            Self::FixedLine => "fixed-line",
            Self::PremiumRate => "premium-rate",
            Self::SharedCost => "shared-cost",
            Self::TollFree => "toll-free",
            Self::Uan => "universal access",
            Self::Voicemail => "voicemail",
            Self::Pager => "pager",
            Self::Other => "other",
        }
    }

    /// Kinds no code is ever sent to, whatever the verifier's policy: they cost the sender or
    /// reach no person's phone.
    pub fn never_texted(self) -> bool {
        matches!(
            self,
            Self::PremiumRate
                | Self::SharedCost
                | Self::TollFree
                | Self::Uan
                | Self::Voicemail
                | Self::Pager
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

    #[cfg(feature = "ssr")]
    #[test]
    fn typed_numbers_are_normalised_to_e164_or_refused_with_a_reason() {
        let cases: &[(Option<u16>, &str, Option<&str>, &str)] = &[
            (
                Some(86),
                "138 0013 8000",
                Some("+8613800138000"),
                "CN national with spaces",
            ),
            (
                Some(86),
                "138-0013-8000",
                Some("+8613800138000"),
                "CN with dashes",
            ),
            (
                Some(31),
                "+86 138 0013 8000",
                Some("+8613800138000"),
                "pasted +86 wins over the chosen country",
            ),
            (
                None,
                "0086 13800138000",
                Some("+8613800138000"),
                "00 international prefix",
            ),
            (
                Some(31),
                "06 12345678",
                Some("+31612345678"),
                "NL with trunk 0",
            ),
            (
                Some(31),
                "6 1234 5678",
                Some("+31612345678"),
                "NL without trunk 0",
            ),
            (Some(1), "(415) 555-2671", Some("+14155552671"), "US"),
            (
                Some(1),
                "+1 415 555 2671",
                Some("+14155552671"),
                "US with +",
            ),
            (Some(86), "138OO138000", None, "letters"),
            (Some(86), "1380013800012345678", None, "too long"),
            (Some(86), "", None, "empty"),
            (Some(86), "12345", None, "too short for CN"),
            (None, "13800138000", None, "no country and no +"),
        ];
        for (code, input, expected, why) in cases {
            let parsed = PhoneNumber::parse_input(*code, input);
            match expected {
                Some(e164) => assert_eq!(
                    parsed.as_ref().map(PhoneNumber::as_str).ok(),
                    Some(*e164),
                    "{why}"
                ),
                None => assert!(
                    parsed
                        .as_ref()
                        .err()
                        .and_then(|e| e.for_field("phone"))
                        .is_some(),
                    "{why}: {parsed:?}"
                ),
            }
        }
    }

    #[test]
    fn debug_output_is_masked() {
        let phone = PhoneNumber::parse_e164("+8613800138000").expect("valid");
        assert_eq!(format!("{phone:?}"), "PhoneNumber(+86 138****8000)");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn numbers_are_classified_by_their_countrys_numbering_plan() {
        for (number, kind) in [
            ("+8613800138000", NumberKind::Mobile),
            ("+14155550100", NumberKind::Mobile),
            ("+441212345678", NumberKind::FixedLine),
            ("+449098765432", NumberKind::PremiumRate),
            ("+611300123456", NumberKind::SharedCost),
            ("+448001234567", NumberKind::TollFree),
            ("+445512345678", NumberKind::Uan),
            ("+41860123456789", NumberKind::Voicemail),
            ("+447640123456", NumberKind::Pager),
            ("+447012345678", NumberKind::Other),
        ] {
            let phone = PhoneNumber::parse_e164(number).expect(number);
            assert_eq!(phone.kind(), kind, "{number}");
        }
        assert!(NumberKind::PremiumRate.never_texted());
        assert!(!NumberKind::FixedLine.never_texted());
        assert!(!NumberKind::Mobile.never_texted());
    }
}

/// A one-time code. Never logged (masked `Debug`), never serialised, stored only as an HMAC.
pub struct OtpCode(String);

impl OtpCode {
    /// The longest code a policy allows.
    pub const MAX_LEN: usize = 10;

    /// A fresh code of `length` digits from the operating system's CSPRNG, uniform over all
    /// `10^length` values (no modulo bias), zero-padded.
    #[cfg(feature = "ssr")]
    pub fn generate(length: u32) -> Self {
        use rand::{Rng, TryRngCore, rngs::OsRng};
        let upper = 10u64.pow(length);
        let value = OsRng.unwrap_err().random_range(0..upper);
        Self(format!("{value:0width$}", width = length as usize))
    }

    /// What a user typed, with spaces and dashes removed; `None` unless it is all digits.
    pub fn typed(input: &str) -> Option<Self> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        (!digits.is_empty()
            && digits.len() <= Self::MAX_LEN
            && digits.chars().all(|c| c.is_ascii_digit()))
        .then_some(Self(digits))
    }

    /// The digits, for the message text and the HMAC only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for OtpCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OtpCode(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::OtpCode;

    #[test]
    fn typed_codes_tolerate_spaces_and_dashes_only() {
        assert_eq!(
            OtpCode::typed(" 123 456 ").map(|c| c.0),
            Some("123456".to_owned())
        );
        assert_eq!(
            OtpCode::typed("123-456").map(|c| c.0),
            Some("123456".to_owned())
        );
        assert!(OtpCode::typed("12a456").is_none());
        assert!(OtpCode::typed("").is_none());
        assert!(OtpCode::typed("12345678901").is_none());
        assert_eq!(
            format!("{:?}", OtpCode::typed("123456")),
            "Some(OtpCode(***))"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn codes_have_the_asked_length_and_cover_leading_zeros() {
        use std::collections::HashSet;
        let codes: Vec<OtpCode> = (0..2000).map(|_| OtpCode::generate(4)).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.expose().len() == 4 && c.expose().chars().all(|d| d.is_ascii_digit()))
        );
        assert!(
            codes.iter().any(|c| c.expose().starts_with('0')),
            "zero-padded values occur"
        );
        let distinct: HashSet<&str> = codes.iter().map(|c| c.expose()).collect();
        assert!(
            distinct.len() > 1500,
            "2000 draws from 10^4 values are mostly distinct"
        );
        assert_eq!(OtpCode::generate(10).expose().len(), 10);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn each_digit_is_roughly_uniform() {
        let mut counts = [0u32; 10];
        for _ in 0..10_000 {
            for digit in OtpCode::generate(6).expose().bytes() {
                counts[usize::from(digit - b'0')] += 1;
            }
        }
        // 60,000 digits: each should be near 6,000; 5,400..6,600 is beyond 7 standard deviations.
        assert!(
            counts.iter().all(|&n| (5_400..6_600).contains(&n)),
            "{counts:?}"
        );
    }
}

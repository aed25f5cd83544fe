use std::fmt;

use crate::{AppError, error::Problem};

/// A verifier's UID: 1–64 ASCII letters, digits, `_` and `-`. Chosen once, never changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VerifierUid(String);

impl VerifierUid {
    pub const MAX_LEN: usize = 64;

    /// Parses a UID as typed in the "Add new" form (surrounding spaces are dropped).
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let uid = input.trim();
        let valid = !uid.is_empty()
            && uid.len() <= Self::MAX_LEN
            && uid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if valid {
            Ok(Self(uid.to_owned()))
        } else {
            Err(AppError::invalid("uid", Problem::UidFormat))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VerifierUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::VerifierUid;

    #[test]
    fn uids_are_short_words_of_letters_digits_underscores_and_dashes() {
        assert_eq!(
            VerifierUid::parse(" v_sms-1 ").map(|uid| uid.to_string()),
            Ok("v_sms-1".to_owned())
        );
        for bad in ["", "   ", "v sms", "v/sms", "ü", &"v".repeat(65)] {
            let error = VerifierUid::parse(bad).expect_err(bad);
            assert!(error.for_field("uid").is_some(), "{bad:?}: {error:?}");
        }
    }
}

use serde::{Deserialize, Serialize};

use crate::{AppError, error::Problem};

/// A username: 3–32 characters of ASCII letters, digits, `.`, `_` and `-`.
///
/// Usernames are unique regardless of case; [`Username::key`] is the form that uniqueness is checked on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 32;

    /// Parses user input, trimming surrounding spaces.
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(AppError::invalid("username", Problem::EnterUsername));
        }
        if name.len() < Self::MIN_LEN || name.len() > Self::MAX_LEN {
            return Err(AppError::invalid(
                "username",
                Problem::UsernameLength {
                    min: Self::MIN_LEN,
                    max: Self::MAX_LEN,
                },
            ));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(AppError::invalid("username", Problem::UsernameCharacters));
        }
        Ok(Self(name.to_owned()))
    }

    /// The case-folded form that must be unique.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = AppError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Username> for String {
    fn from(value: Username) -> Self {
        value.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_usernames_are_accepted_and_trimmed() {
        for (input, expected) in [("ada", "ada"), ("  Ada.L_1-x ", "Ada.L_1-x")] {
            assert_eq!(
                Username::parse(input).map(String::from),
                Ok(expected.to_owned())
            );
        }
    }

    #[test]
    fn invalid_usernames_are_rejected_with_a_field_error() {
        for (input, why) in [
            ("", "empty"),
            ("ab", "too short"),
            (&"a".repeat(33), "too long"),
            ("ada lovelace", "space"),
            ("ädä", "non-ASCII"),
            ("a<b>", "markup"),
        ] {
            let error = Username::parse(input).expect_err(why);
            assert!(error.for_field("username").is_some(), "{why}: {error:?}");
        }
    }

    #[test]
    fn the_key_ignores_case() {
        assert_eq!(
            Username::parse("Ada").map(|u| u.key()),
            Username::parse("aDA").map(|u| u.key())
        );
    }
}

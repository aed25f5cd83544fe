use crate::{AppError, error::Problem};

/// A password on its way to being hashed or checked. Never serialised, masked in `Debug`.
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 8;
    /// Long enough for any passphrase, short enough that hashing cannot be used to burn CPU.
    pub const MAX_LEN: usize = 128;

    /// A new password chosen by a user: 8–128 characters, not a well-known one, and equal to its
    /// confirmation.
    pub fn choose(password: String, confirmation: &str) -> Result<Self, AppError> {
        let length = password.chars().count();
        if length < Self::MIN_LEN {
            return Err(AppError::invalid(
                "password",
                Problem::PasswordTooShort { min: Self::MIN_LEN },
            ));
        }
        if length > Self::MAX_LEN {
            return Err(AppError::invalid(
                "password",
                Problem::PasswordTooLong { max: Self::MAX_LEN },
            ));
        }
        if is_well_known(&password) {
            return Err(AppError::invalid("password", Problem::PasswordTooCommon));
        }
        if password != confirmation {
            return Err(AppError::invalid(
                "password_confirmation",
                Problem::PasswordsDiffer,
            ));
        }
        Ok(Self(password))
    }

    /// A password typed at sign-in. Oversized input is refused before it reaches the hasher.
    pub fn attempt(password: String) -> Option<Self> {
        (password.len() <= Self::MAX_LEN * 4).then_some(Self(password))
    }

    /// The password itself, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Passwords that lead every leaked-password list; a guesser tries them first.
const WELL_KNOWN: &[&str] = &[
    "password",
    "password1",
    "password123",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyuiop",
    "qwerty123",
    "iloveyou",
    "11111111",
    "00000000",
    "abc12345",
    "abcd1234",
    "1q2w3e4r",
    "1qaz2wsx",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "admin123",
    "administrator",
    "letmein1",
    "passw0rd",
    "trustno1",
    "zaq12wsx",
    "qwertyui",
    "asdfghjk",
    "superman",
    "starwars",
    "whatever",
    "changeme",
    "p@ssw0rd",
    "monkey123",
    "dragon123",
    "88888888",
    "12341234",
    "987654321",
    "11223344",
    "aaaaaaaa",
    "qazwsxedc",
    "michael1",
    "jennifer",
    "computer",
    "internet",
    "verigate",
];

fn is_well_known(password: &str) -> bool {
    let lowered = password.to_lowercase();
    WELL_KNOWN.contains(&lowered.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_password_that_matches_its_confirmation_is_accepted() {
        assert!(Password::choose("correct horse".into(), "correct horse").is_ok());
    }

    #[test]
    fn weak_or_mismatched_passwords_are_rejected_on_the_right_field() {
        for (password, confirmation, field) in [
            ("short", "short", "password"),
            ("Password123", "Password123", "password"),
            (&"x".repeat(129), &"x".repeat(129), "password"),
            ("correct horse", "correct hose", "password_confirmation"),
        ] {
            let error = Password::choose(password.to_owned(), confirmation).expect_err(password);
            assert!(error.for_field(field).is_some(), "{password}: {error:?}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let password = Password::choose("correct horse".into(), "correct horse").expect("valid");
        assert_eq!(format!("{password:?}"), "Password(***)");
    }

    #[test]
    fn oversized_sign_in_attempts_are_refused_before_hashing() {
        assert!(Password::attempt("x".repeat(2048)).is_none());
        assert!(Password::attempt("anything".into()).is_some());
    }
}

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

/// Passwords a guesser tries first, one per line in lower case after a `#` header: the 10,000
/// most common of a leaked-password list, those long enough to pass the length rule (3,395),
/// and a few more (security checklist ADM-2 asks for at least the top 3,000). Checking one is a
/// scan of 32 KB, next to the argon2 hash of every chosen password.
const WELL_KNOWN: &str = include_str!("common_passwords.txt");

fn is_well_known(password: &str) -> bool {
    let lowered = password.to_lowercase();
    WELL_KNOWN
        .lines()
        .filter(|line| !line.starts_with('#'))
        .any(|line| line == lowered)
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
            // Near the end of the 10,000 most common.
            ("Karamelka", "Karamelka", "password"),
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

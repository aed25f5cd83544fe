//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane).

use std::sync::OnceLock;

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};

/// Hashes a password into a PHC string. CPU-heavy: call from a blocking thread.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("argon2 hashing failed: {error}"))
}

/// Checks a password against a PHC string. With `None` it checks against a fixed dummy hash, so
/// an unknown username costs as much as a wrong password. CPU-heavy: call from a blocking thread.
pub fn verify(password: &str, stored: Option<&str>) -> anyhow::Result<bool> {
    let stored = match stored {
        Some(stored) => stored,
        None => dummy_hash()?,
    };
    let parsed = PasswordHash::new(stored)
        .map_err(|error| anyhow::anyhow!("stored password hash is malformed: {error}"))?;
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    Ok(matches && stored_is_real(stored))
}

fn stored_is_real(stored: &str) -> bool {
    DUMMY.get().is_none_or(|dummy| dummy != stored)
}

static DUMMY: OnceLock<String> = OnceLock::new();

fn dummy_hash() -> anyhow::Result<&'static str> {
    if let Some(dummy) = DUMMY.get() {
        return Ok(dummy);
    }
    let fresh = hash("not a password anyone can type: dummy for unknown users")?;
    Ok(DUMMY.get_or_init(|| fresh))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let stored = hash("correct horse").expect("hash");
        assert!(verify("correct horse", Some(&stored)).expect("verify"));
        assert!(!verify("wrong horse", Some(&stored)).expect("verify"));
    }

    #[test]
    fn hashes_use_argon2id_with_owasp_parameters() {
        let stored = hash("correct horse").expect("hash");
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
    }

    #[test]
    fn an_unknown_user_never_verifies() {
        assert!(!verify("anything", None).expect("verify"));
    }
}

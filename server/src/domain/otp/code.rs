use hmac::{Hmac, Mac};
use rand::{Rng, TryRngCore, rngs::OsRng};
use sha2::Sha256;

use crate::secret::Key;

/// A one-time code. Never logged (masked `Debug`), never serialised, never stored.
pub struct OtpCode(String);

impl OtpCode {
    /// A fresh code of `length` digits from the operating system's CSPRNG, uniform over all
    /// `10^length` values (no modulo bias), zero-padded.
    pub fn generate(length: u32) -> Self {
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
        (!digits.is_empty() && digits.len() <= 10 && digits.chars().all(|c| c.is_ascii_digit()))
            .then_some(Self(digits))
    }

    /// The digits, for the message text only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for OtpCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OtpCode(***)")
    }
}

/// Keyed hashing of codes, bound to everything the code was issued for: a code issued for one
/// challenge, verifier, scene, receiver or user cannot pass for another.
#[derive(Clone)]
pub(super) struct CodeHasher {
    key: Key,
}

/// What a code is bound to.
pub struct CodeBinding<'a> {
    pub challenge_id: &'a str,
    pub verifier_uid: &'a str,
    pub scene: &'a str,
    pub receiver: &'a str,
    pub user_id: &'a str,
}

impl CodeHasher {
    pub fn new(key: Key) -> Self {
        Self { key }
    }

    fn mac(&self, binding: &CodeBinding<'_>, code: &OtpCode) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.key.bytes())
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        // Length-prefixed, so no two different bindings can produce the same input.
        for part in [
            binding.challenge_id,
            binding.verifier_uid,
            binding.scene,
            binding.receiver,
            binding.user_id,
            code.expose(),
        ] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac
    }

    /// The stored form: hex of the HMAC.
    pub fn hash(&self, binding: &CodeBinding<'_>, code: &OtpCode) -> String {
        hex::encode(self.mac(binding, code).finalize().into_bytes())
    }

    /// Whether `code` is the one stored as `stored_hex`, compared in constant time.
    pub fn matches(&self, binding: &CodeBinding<'_>, code: &OtpCode, stored_hex: &str) -> bool {
        match hex::decode(stored_hex) {
            Ok(stored) => self.mac(binding, code).verify_slice(&stored).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::secret::ServerSecret;

    fn hasher() -> CodeHasher {
        let secret = ServerSecret::load(Some(&"11".repeat(32)), std::path::Path::new("/none"))
            .expect("secret");
        CodeHasher::new(secret.derive("otp"))
    }

    fn binding<'a>(scene: &'a str, user_id: &'a str) -> CodeBinding<'a> {
        CodeBinding {
            challenge_id: "c1",
            verifier_uid: "v_sms",
            scene,
            receiver: "+8613800138000",
            user_id,
        }
    }

    #[test]
    fn codes_have_the_asked_length_and_cover_leading_zeros() {
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

    #[test]
    fn a_code_matches_only_its_own_binding() {
        let hasher = hasher();
        let code = OtpCode::typed("123456").expect("digits");
        let stored = hasher.hash(&binding("bind", "u1"), &code);
        assert!(hasher.matches(&binding("bind", "u1"), &code, &stored));
        assert!(
            !hasher.matches(&binding("unbind", "u1"), &code, &stored),
            "another scene"
        );
        assert!(
            !hasher.matches(&binding("bind", "u2"), &code, &stored),
            "another user"
        );
        let other = OtpCode::typed("123457").expect("digits");
        assert!(
            !hasher.matches(&binding("bind", "u1"), &other, &stored),
            "another code"
        );
        assert!(!stored.contains("123456"));
    }

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
        assert_eq!(format!("{:?}", OtpCode::generate(6)), "OtpCode(***)");
    }
}

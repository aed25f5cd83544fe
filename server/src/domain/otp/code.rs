use app::types::OtpCode;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::{Key, KeyRing};

/// Keyed hashing of codes, bound to everything the code was issued for: a code issued for one
/// challenge, verifier, scene, receiver or user cannot pass for another.
#[derive(Clone)]
pub(super) struct CodeHasher {
    /// New codes are hashed with the current key; a code issued before the server secret was
    /// rotated still checks with the previous one.
    keys: KeyRing,
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
    pub fn new(keys: KeyRing) -> Self {
        Self { keys }
    }

    fn mac(key: &Key, binding: &CodeBinding<'_>, code: &OtpCode) -> Hmac<Sha256> {
        let mut mac = crate::mac::hmac_sha256(key.bytes());
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
        hex::encode(
            Self::mac(self.keys.current(), binding, code)
                .finalize()
                .into_bytes(),
        )
    }

    /// Whether `code` is the one stored as `stored_hex` under any of the keys, compared in
    /// constant time.
    pub fn matches(&self, binding: &CodeBinding<'_>, code: &OtpCode, stored_hex: &str) -> bool {
        let Ok(stored) = hex::decode(stored_hex) else {
            return false;
        };
        self.keys
            .all()
            .any(|key| Self::mac(key, binding, code).verify_slice(&stored).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ServerSecret;

    fn secret(byte: &str) -> ServerSecret {
        ServerSecret::from_hex(&byte.repeat(32)).expect("secret")
    }

    fn hasher() -> CodeHasher {
        CodeHasher::new(secret("11").derive_ring("otp"))
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
    fn a_code_issued_before_the_secret_was_rotated_still_matches() {
        let code = OtpCode::typed("123456").expect("digits");
        let stored = hasher().hash(&binding("bind", "u1"), &code);
        let mut settings = crate::config::Settings {
            secret_key: Some("22".repeat(32)),
            ..Default::default()
        };
        let rotated = CodeHasher::new(
            ServerSecret::from_settings(&settings)
                .expect("secret")
                .derive_ring("otp"),
        );
        assert!(!rotated.matches(&binding("bind", "u1"), &code, &stored));

        settings.previous_secret_keys = "11".repeat(32);
        let rotated = CodeHasher::new(
            ServerSecret::from_settings(&settings)
                .expect("secrets")
                .derive_ring("otp"),
        );
        assert!(rotated.matches(&binding("bind", "u1"), &code, &stored));
        assert_ne!(rotated.hash(&binding("bind", "u1"), &code), stored);
    }
}

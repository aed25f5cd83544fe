use app::types::OtpCode;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::Key;

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
        let mut mac = crate::mac::hmac_sha256(self.key.bytes());
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
}

//! Encryption at rest of provider secrets: XChaCha20-Poly1305 with a key derived from the server
//! secret, a random 192-bit nonce per value, and the verifier and setting name as associated
//! data, so a sealed value copied to another verifier or setting does not open.

use app::ports::Slot;
use chacha20poly1305::{
    XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit, Payload},
};
use rand::{TryRngCore, rngs::OsRng};

use crate::secret::KeyRing;

/// The name a secret setting is sealed under. Sealing binds a secret to its verifier and this
/// name, so one slot's secret cannot be passed off as the other's.
pub fn sealed_name(slot: Slot, key: &str) -> String {
    match slot {
        Slot::Primary => key.to_owned(),
        Slot::Fallback => format!("fallback.{key}"),
    }
}

/// Sealed values are stored as this prefix and hex(nonce ‖ ciphertext).
const PREFIX: &str = "sealed:v1:";

/// Seals with the current key; opens with any.
#[derive(Clone)]
pub struct Sealer {
    /// The current key's first.
    ciphers: Vec<XChaCha20Poly1305>,
}

impl Sealer {
    pub fn new(keys: &KeyRing) -> Self {
        Self {
            ciphers: keys
                .all()
                .map(|key| XChaCha20Poly1305::new(key.bytes().into()))
                .collect(),
        }
    }

    pub fn seal(
        &self,
        verifier_uid: &str,
        setting: &str,
        plaintext: &str,
    ) -> anyhow::Result<String> {
        let mut nonce = [0u8; 24];
        OsRng.try_fill_bytes(&mut nonce).map_err(|error| {
            anyhow::anyhow!("the operating system's random source failed: {error}")
        })?;
        let aad = associated_data(verifier_uid, setting);
        let ciphertext = self.ciphers[0]
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| anyhow::anyhow!("sealing a setting failed"))?;
        let mut stored = nonce.to_vec();
        stored.extend_from_slice(&ciphertext);
        Ok(format!("{PREFIX}{}", hex::encode(stored)))
    }

    pub fn open(&self, verifier_uid: &str, setting: &str, stored: &str) -> anyhow::Result<String> {
        self.open_with_index(verifier_uid, setting, stored)
            .map(|(plaintext, _)| plaintext)
    }

    /// `stored` sealed again with the current key, when a previous one sealed it; `None` when
    /// the current one did.
    pub fn reseal(
        &self,
        verifier_uid: &str,
        setting: &str,
        stored: &str,
    ) -> anyhow::Result<Option<String>> {
        match self.open_with_index(verifier_uid, setting, stored)? {
            (_, 0) => Ok(None),
            (plaintext, _) => self.seal(verifier_uid, setting, &plaintext).map(Some),
        }
    }

    /// The plaintext, and the index of the cipher that opened it.
    fn open_with_index(
        &self,
        verifier_uid: &str,
        setting: &str,
        stored: &str,
    ) -> anyhow::Result<(String, usize)> {
        let bytes = stored
            .strip_prefix(PREFIX)
            .and_then(|hex_value| hex::decode(hex_value).ok())
            .filter(|bytes| bytes.len() > 24)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "setting {setting} of verifier {verifier_uid} is not a sealed value"
                )
            })?;
        let (nonce, ciphertext) = bytes.split_at(24);
        let aad = associated_data(verifier_uid, setting);
        let (index, plaintext) = self
            .ciphers
            .iter()
            .enumerate()
            .find_map(|(index, cipher)| {
                cipher
                    .decrypt(
                        XNonce::from_slice(nonce),
                        Payload {
                            msg: ciphertext,
                            aad: &aad,
                        },
                    )
                    .ok()
                    .map(|plaintext| (index, plaintext))
            })
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "setting {setting} of verifier {verifier_uid} does not open: was the server \
                     secret changed without naming the old one in VERIGATE_PREVIOUS_SECRET_KEYS?"
                )
            })?;
        let plaintext = String::from_utf8(plaintext)
            .map_err(|_| anyhow::anyhow!("setting {setting} is not text"))?;
        Ok((plaintext, index))
    }
}

fn associated_data(verifier_uid: &str, setting: &str) -> Vec<u8> {
    format!("{}:{verifier_uid}:{setting}", verifier_uid.len()).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ServerSecret;

    fn sealer(byte: &str) -> Sealer {
        let secret = ServerSecret::from_hex(&byte.repeat(32)).expect("secret");
        Sealer::new(&secret.derive_ring("settings"))
    }

    #[test]
    fn a_sealed_value_opens_only_where_it_was_sealed() {
        let sealer = sealer("22");
        let sealed = sealer
            .seal("v_1", "access_key_secret", "hunter2-secret")
            .expect("sealed");
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("hunter2"));
        assert_eq!(
            sealer
                .open("v_1", "access_key_secret", &sealed)
                .ok()
                .as_deref(),
            Some("hunter2-secret")
        );
        assert!(
            sealer.open("v_2", "access_key_secret", &sealed).is_err(),
            "another verifier"
        );
        assert!(
            sealer.open("v_1", "token", &sealed).is_err(),
            "another setting"
        );
        assert!(
            self::sealer("33")
                .open("v_1", "access_key_secret", &sealed)
                .is_err(),
            "another key"
        );
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let sealer = sealer("22");
        let a = sealer.seal("v", "s", "same").expect("sealed");
        let b = sealer.seal("v", "s", "same").expect("sealed");
        assert_ne!(a, b);
    }

    #[test]
    fn after_a_rotation_old_values_open_and_are_sealed_again_with_the_new_key() {
        let old = sealer("22");
        let sealed = old.seal("v_1", "token", "hunter2-secret").expect("sealed");
        let settings = crate::config::Settings {
            secret_key: Some("33".repeat(32)),
            previous_secret_keys: format!(" {} ", "22".repeat(32)),
            ..Default::default()
        };
        let rotated = Sealer::new(
            &ServerSecret::from_settings(&settings)
                .expect("secrets")
                .derive_ring("settings"),
        );

        assert_eq!(
            rotated.open("v_1", "token", &sealed).ok().as_deref(),
            Some("hunter2-secret")
        );
        let resealed = rotated
            .reseal("v_1", "token", &sealed)
            .expect("opens")
            .expect("sealed under a previous key");
        assert_eq!(
            sealer("33").open("v_1", "token", &resealed).ok().as_deref(),
            Some("hunter2-secret"),
            "the new key alone opens it"
        );
        assert_eq!(rotated.reseal("v_1", "token", &resealed).ok(), Some(None));
        let unknown = sealer("44")
            .open("v_1", "token", &sealed)
            .expect_err("another key");
        assert!(
            unknown
                .to_string()
                .contains("VERIGATE_PREVIOUS_SECRET_KEYS"),
            "{unknown}"
        );
    }
}

//! The server secret: 32 random bytes, from `VERIGATE_SECRET_KEY` (64 hex digits) or from
//! `<data_dir>/secret.key`, generated on first start with mode 0600. Every key the server uses is
//! derived from it, one per purpose, so no key is ever used for two things. Secrets it replaced
//! can be named too, so that rotating it breaks nothing (see [`ServerSecret::from_settings`]).

use std::{io::Write, os::unix::fs::OpenOptionsExt, path::Path};

use anyhow::Context;
use hmac::Mac;

use crate::config::Settings;

/// A derived 256-bit key. Masked in `Debug`, never serialised.
#[derive(Clone)]
pub struct Key([u8; 32]);

impl Key {
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(***)")
    }
}

/// The root secret, and the ones it replaced.
#[derive(Clone)]
pub struct ServerSecret {
    current: Key,
    /// Still accepted for what was made with them (codes in flight, sealed settings until they
    /// are sealed again at start, API key hashes until each key is next used), never for
    /// anything new.
    previous: Vec<Key>,
}

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret(***)")
    }
}

/// The keys of one purpose: the current secret's writes, every secret's read.
#[derive(Clone)]
pub struct KeyRing {
    current: Key,
    previous: Vec<Key>,
}

impl KeyRing {
    pub fn current(&self) -> &Key {
        &self.current
    }

    /// The current key, then the previous ones.
    pub fn all(&self) -> impl Iterator<Item = &Key> {
        std::iter::once(&self.current).chain(&self.previous)
    }
}

const FILE_NAME: &str = "secret.key";

impl ServerSecret {
    /// The configured secrets: the current one from `VERIGATE_SECRET_KEY` or the data directory,
    /// and the previous ones from `VERIGATE_PREVIOUS_SECRET_KEYS`.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let mut secret = Self::load(settings.secret_key.as_deref(), &settings.data_dir)?;
        secret.previous = settings
            .previous_secret_keys
            .split(',')
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(key_from_hex)
            .collect::<anyhow::Result<_>>()
            .context("VERIGATE_PREVIOUS_SECRET_KEYS")?;
        Ok(secret)
    }

    /// From the configured hex value, else from the data directory (created when missing).
    pub fn load(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(hex_value) = configured {
            return Self::from_hex(hex_value.trim()).context("VERIGATE_SECRET_KEY");
        }
        let path = data_dir.join(FILE_NAME);
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("could not read {}", path.display()))?;
            return Self::from_hex(text.trim())
                .with_context(|| format!("{} is damaged", path.display()));
        }
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("could not create {}", data_dir.display()))?;
        let fresh = crate::random::random_hex(32)?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .with_context(|| format!("could not create {}", path.display()))?;
        file.write_all(fresh.as_bytes())?;
        tracing::info!(path = %path.display(), "generated a new server secret");
        Self::from_hex(&fresh)
    }

    pub(crate) fn from_hex(value: &str) -> anyhow::Result<Self> {
        Ok(Self {
            current: key_from_hex(value)?,
            previous: Vec::new(),
        })
    }

    /// The current secret's key for one purpose: HMAC-SHA256(root, purpose).
    pub fn derive(&self, purpose: &str) -> Key {
        derive(&self.current, purpose)
    }

    /// Every secret's key for one purpose, the current one first.
    pub fn derive_ring(&self, purpose: &str) -> KeyRing {
        KeyRing {
            current: self.derive(purpose),
            previous: self
                .previous
                .iter()
                .map(|root| derive(root, purpose))
                .collect(),
        }
    }
}

fn key_from_hex(value: &str) -> anyhow::Result<Key> {
    let bytes = hex::decode(value).context("a secret must be 64 hexadecimal digits")?;
    let bytes: [u8; 32] = bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("a secret must be 64 hexadecimal digits (32 bytes)"))?;
    Ok(Key(bytes))
}

fn derive(root: &Key, purpose: &str) -> Key {
    let mut mac = crate::mac::hmac_sha256(&root.0);
    mac.update(purpose.as_bytes());
    Key(mac.finalize().into_bytes().into())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_generated_secret_is_private_and_stable_across_restarts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = ServerSecret::load(None, dir.path()).expect("generated");
        let second = ServerSecret::load(None, dir.path()).expect("read back");
        assert_eq!(first.derive("x").bytes(), second.derive("x").bytes());
        let mode = std::fs::metadata(dir.path().join(FILE_NAME))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn purposes_get_different_keys_and_bad_configured_secrets_are_named() {
        let secret =
            ServerSecret::load(Some(&"ab".repeat(32)), Path::new("/nonexistent")).expect("valid");
        assert_ne!(secret.derive("a").bytes(), secret.derive("b").bytes());
        let error =
            ServerSecret::load(Some("xyz"), Path::new("/nonexistent")).expect_err("invalid");
        assert!(
            format!("{error:#}").contains("VERIGATE_SECRET_KEY"),
            "{error:#}"
        );
        assert_eq!(format!("{secret:?}"), "ServerSecret(***)");
    }
}

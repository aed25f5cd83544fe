//! Replay protection: a nonce may be used once per key while its request could still be valid.

use std::{collections::HashMap, sync::Mutex};

/// Nonces seen, per key id, until they expire.
#[derive(Debug, Default)]
pub struct NonceCache {
    seen: Mutex<HashMap<(String, String), i64>>,
}

impl NonceCache {
    /// Records `nonce` for `key_id`, remembered until `expires_at_ms`. False when it was
    /// already used and has not expired yet.
    pub fn first_use(&self, key_id: &str, nonce: &str, now_ms: i64, expires_at_ms: i64) -> bool {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        seen.retain(|_, expires| *expires > now_ms);
        let key = (key_id.to_owned(), nonce.to_owned());
        if seen.contains_key(&key) {
            return false;
        }
        seen.insert(key, expires_at_ms);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_accepted_once_per_key_until_it_expires() {
        let cache = NonceCache::default();
        assert!(cache.first_use("ak", "n1", 0, 100));
        assert!(!cache.first_use("ak", "n1", 50, 150));
        assert!(cache.first_use("other", "n1", 50, 150));
        assert!(cache.first_use("ak", "n1", 100, 200));
    }
}

//! HMAC with keys of any length, built without a fallible constructor. A key longer than the
//! hash's 64-byte block is hashed first and a shorter one zero-padded to a block (RFC 2104), which
//! is exactly what `Mac::new_from_slice` does, so the tags are the same.

use hmac::{Hmac, digest::KeyInit};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// The block size of SHA-1 and SHA-256.
const BLOCK: usize = 64;

/// HMAC-SHA256 keyed with `key`.
pub fn hmac_sha256(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new(&block_key::<Sha256>(key).into())
}

/// HMAC-SHA1 keyed with `key` (Aliyun's V2 signature).
pub fn hmac_sha1(key: &[u8]) -> Hmac<Sha1> {
    <Hmac<Sha1> as KeyInit>::new(&block_key::<Sha1>(key).into())
}

fn block_key<D: Digest>(key: &[u8]) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        let digest = D::digest(key);
        block[..digest.len()].copy_from_slice(&digest);
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    block
}

#[cfg(test)]
mod tests {
    use hmac::Mac;

    use super::*;

    /// The tag of a fixed message.
    fn tag(mac: impl Mac) -> Vec<u8> {
        mac.chain_update(b"message")
            .finalize()
            .into_bytes()
            .to_vec()
    }

    #[test]
    fn tags_equal_those_of_the_fallible_constructor_for_every_key_length() {
        for length in [0, 1, 32, 63, 64, 65, 200] {
            let key = vec![0x5a; length];
            assert_eq!(
                <Hmac<Sha256> as Mac>::new_from_slice(&key).ok().map(tag),
                Some(tag(hmac_sha256(&key))),
                "SHA-256, key of {length} bytes"
            );
            assert_eq!(
                <Hmac<Sha1> as Mac>::new_from_slice(&key).ok().map(tag),
                Some(tag(hmac_sha1(&key))),
                "SHA-1, key of {length} bytes"
            );
        }
    }
}

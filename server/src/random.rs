//! Random identifiers from the operating system's CSPRNG.

use rand::{TryRngCore, rngs::OsRng};

/// `n` random bytes from the operating system, hex-encoded.
pub fn random_hex(n: usize) -> anyhow::Result<String> {
    let mut bytes = vec![0u8; n];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|error| anyhow::anyhow!("the operating system's random source failed: {error}"))?;
    Ok(hex::encode(bytes))
}

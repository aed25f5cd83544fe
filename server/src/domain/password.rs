//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane).
//!
//! Each hash needs 19 MiB of working memory. It is taken from a small pool and given back after
//! the hash, so a burst of sign-ups reuses the same buffers instead of allocating 19 MiB each
//! time; [`release_idle`] drops buffers a burst no longer uses. A buffer is allocated with a
//! capacity beyond the largest threshold at which glibc's `malloc` would start serving such
//! sizes from its arenas (32 MiB): it is always a mapping of its own, returned to the operating
//! system when dropped, and only the 19 MiB it uses are ever touched.

use std::{
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

use anyhow::Context as _;
use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, Version,
    password_hash::{Output, ParamsString, Salt, SaltString, rand_core::OsRng},
};

/// Hashes a password into a PHC string. CPU-heavy: call from a blocking thread.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    let output = compute(
        Algorithm::Argon2id,
        Version::V0x13,
        params.clone(),
        password,
        salt.as_salt(),
    )?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.into(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)
            .map_err(|error| anyhow::anyhow!("argon2 parameters: {error}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
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
    let malformed = |error: &dyn std::fmt::Display| {
        anyhow::anyhow!("stored password hash is not usable: {error}")
    };
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| malformed(&e))?;
    let version = match parsed.version {
        Some(version) => Version::try_from(version).map_err(|e| malformed(&e))?,
        None => Version::default(),
    };
    // The stored hash's length is part of its parameters.
    let params = Params::try_from(&parsed).map_err(|e| malformed(&e))?;
    let expected = parsed.hash.context("stored password hash has no hash")?;
    let salt = parsed.salt.context("stored password hash has no salt")?;
    let computed = compute(algorithm, version, params, password, salt)?;
    // `Output` compares in constant time.
    Ok(computed == expected && stored_is_real(stored))
}

/// argon2 over the pooled working memory.
fn compute(
    algorithm: Algorithm,
    version: Version,
    params: Params,
    password: &str,
    salt: Salt<'_>,
) -> anyhow::Result<Output> {
    let mut salt_bytes = [0_u8; Salt::MAX_LENGTH];
    let salt = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|error| anyhow::anyhow!("argon2 salt: {error}"))?;
    let blocks = params.block_count();
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let argon2 = Argon2::new(algorithm, version, params);
    with_memory(blocks, |memory| {
        Output::init_with(output_len, |out| {
            argon2
                .hash_password_into_with_memory(password.as_bytes(), salt, out, memory)
                .map_err(Into::into)
        })
    })
    .map_err(|error| anyhow::anyhow!("argon2 hashing failed: {error}"))
}

/// Working memory no hash is using, newest last.
static POOL: Mutex<Vec<Memory>> = Mutex::new(Vec::new());

struct Memory {
    blocks: Vec<Block>,
    last_used: Instant,
}

/// Glibc serves allocations at least this large with a mapping of their own, whatever it has
/// learnt from earlier frees (`DEFAULT_MMAP_THRESHOLD_MAX` is 32 MiB on 64-bit systems).
const OWN_MAPPING_BYTES: usize = 33 << 20;

/// Runs `work` on `blocks` blocks of working memory from the pool (or freshly allocated).
fn with_memory<T>(blocks: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    let pooled = {
        let mut pool = POOL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        pool.iter()
            .rposition(|memory| memory.blocks.len() >= blocks)
            .map(|index| pool.swap_remove(index))
    };
    let mut memory = pooled.unwrap_or_else(|| Memory {
        blocks: allocate(blocks),
        last_used: Instant::now(),
    });
    let result = work(&mut memory.blocks[..blocks]);
    memory.last_used = Instant::now();
    POOL.lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(memory);
    result
}

fn allocate(blocks: usize) -> Vec<Block> {
    let mut memory = Vec::with_capacity(blocks.max(OWN_MAPPING_BYTES / Block::SIZE));
    memory.resize(blocks, Block::new());
    memory
}

/// Drops the working memory that no hash has used for `idle`; how many buffers it dropped.
pub fn release_idle(idle: Duration) -> usize {
    let mut pool = POOL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let before = pool.len();
    pool.retain(|memory| memory.last_used.elapsed() < idle);
    before - pool.len()
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
    use argon2::{PasswordHasher, PasswordVerifier};

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
    fn hashes_agree_with_the_argon2_crate_both_ways() {
        let ours = hash("correct horse").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("PHC");
        assert!(
            Argon2::default()
                .verify_password(b"correct horse", &parsed)
                .is_ok()
        );
        verifies_what_hashed("correct horse", Argon2::default());
    }

    #[test]
    fn other_parameters_verify_too() {
        let params = Params::new(8 * 1024, 1, 1, Some(24)).expect("params");
        verifies_what_hashed(
            "correct horse",
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
        );
    }

    /// `verify` accepts `password` hashed by `argon2` (not by us) and refuses another one.
    fn verifies_what_hashed(password: &str, argon2: Argon2<'_>) {
        let salt = SaltString::generate(&mut OsRng);
        let theirs = argon2
            .hash_password(password.as_bytes(), &salt)
            .expect("hash")
            .to_string();
        assert!(verify(password, Some(&theirs)).expect("verify"));
        assert!(!verify("wrong horse", Some(&theirs)).expect("verify"));
    }

    #[test]
    fn an_unknown_user_never_verifies() {
        assert!(!verify("anything", None).expect("verify"));
    }
}

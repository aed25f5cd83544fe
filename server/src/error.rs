//! The boundary between domain failures and what the user is told.

use app::AppError;
use rand::{TryRngCore, rngs::OsRng};

/// Logs an unexpected failure with its whole cause chain under a fresh reference, and gives the
/// user only that reference.
pub fn internal(error: impl Into<anyhow::Error>) -> AppError {
    let error = error.into();
    let mut bytes = [0u8; 4];
    let reference = match OsRng.try_fill_bytes(&mut bytes) {
        Ok(()) => hex::encode(bytes),
        Err(_) => "unknown".to_owned(),
    };
    tracing::error!(reference = %reference, error.cause_chain = ?error, "unexpected failure");
    AppError::Internal { reference }
}

/// `n` random bytes from the operating system, hex-encoded.
pub fn random_hex(n: usize) -> anyhow::Result<String> {
    let mut bytes = vec![0u8; n];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|error| anyhow::anyhow!("the operating system's random source failed: {error}"))?;
    Ok(hex::encode(bytes))
}

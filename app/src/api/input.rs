//! Reading what a form posted into domain values, with errors that name the field.

use crate::{
    AppError,
    ports::VerificationError,
    types::{PhoneNumber, VerifierUid},
};

/// The UID of an existing verifier: one that cannot be a UID names no verifier.
pub fn verifier_uid(text: &str) -> Result<VerifierUid, AppError> {
    VerifierUid::parse(text).map_err(|_| AppError::NotFound)
}

/// The verifier chosen to prove who the user is: one that cannot be a UID is not bound.
pub fn via(text: &str) -> Result<VerifierUid, AppError> {
    VerifierUid::parse(text).map_err(|_| VerificationError::ViaNotBound.into())
}

/// The typed number with the calling code chosen beside it.
pub fn phone(country: &str, phone: &str) -> Result<PhoneNumber, AppError> {
    let code = country.trim().trim_start_matches('+').parse::<u16>().ok();
    PhoneNumber::parse_input(code, phone)
}

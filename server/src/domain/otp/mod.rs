//! The OTP engine: issues codes, stores only their HMAC, sends them, and checks them atomically.

mod code;
mod engine;
mod error;

pub use engine::{ApiKeyRef, CheckRequest, IssueRequest, Issued, IssuedTo, OtpEngine, Scene};
pub use error::OtpError;

//! The rules of the product, behind the ports `app` declares.

pub mod accounts;
pub mod otp;
pub mod password;
pub mod sealed;
pub mod sessions;
pub mod sign_in_throttle;
pub mod user_verification;
pub mod verifiers;

pub use accounts::AccountService;
pub use sessions::{SessionPolicy, SessionService};
pub use user_verification::VerificationService;
pub use verifiers::VerifierService;

//! The rules of the product, behind the ports `app` declares.

pub mod accounts;
pub mod api_keys;
pub mod audit;
pub mod insights;
pub mod known_device;
pub mod otp;
pub mod password;
pub mod retention;
pub mod sealed;
pub mod sessions;
pub mod setup_token;
pub mod sign_in_throttle;
pub mod sign_up;
pub mod user_verification;
pub mod verification_api;
pub mod verifiers;

pub use accounts::AccountService;
pub use api_keys::ApiKeyService;
pub use audit::AuditService;
pub use insights::InsightsService;
pub use sessions::{SessionPolicy, SessionService};
pub use sign_up::SignUpPolicy;
pub use user_verification::VerificationService;
pub use verification_api::VerificationApi;
pub use verifiers::VerifierService;

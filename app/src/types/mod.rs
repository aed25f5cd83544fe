//! Values parsed at the boundary: once constructed they are valid, so nothing downstream re-checks.

mod audit_action;
mod insights;
mod message_texts;
mod otp_code;
mod password;
mod phone;
mod policy;
mod role;
mod test_sms_failure;
mod username;
mod verifier_uid;

pub use audit_action::AuditAction;
pub use insights::{
    CallingCodeCounts, Conversion, DailyBudget, DayCounts, Failures, HeldCallingCode,
    InsightsReport, Period,
};
pub use message_texts::MessageTexts;
pub use otp_code::OtpCode;
pub use password::Password;
pub use phone::{NumberKind, PhoneNumber};
pub use policy::Policy;
pub use role::Role;
pub use test_sms_failure::TestSmsFailure;
pub use username::Username;
pub use verifier_uid::VerifierUid;

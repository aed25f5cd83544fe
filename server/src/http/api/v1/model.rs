//! The native API's bodies, and how a domain verification is shown in them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{domain::verification_api::Verification, http::api::timestamps::rfc3339};

/// Start a verification: send a code to `to`, or to the number `user` bound to the verifier.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
// One example for the whole body: the fields' own examples together name both `to` and `user`,
// a body the API refuses.
#[schema(example = json!({ "verifier": "v_sms", "to": "+8613800138000", "locale": "en" }))]
pub struct StartVerification {
    /// The verifier's UID or its Service SID (`VA…`).
    #[schema(example = "v_sms", min_length = 1, max_length = 64)]
    pub verifier: String,
    /// The number: E.164 (`+8613800138000`), or national with `country`. Exactly one of `to`
    /// and `user`.
    #[schema(example = "+8613800138000", max_length = 32)]
    pub to: Option<String>,
    /// The calling code of a national `to` (`86`, `+31`).
    #[schema(example = "86", pattern = r"^\+?[1-9][0-9]{0,2}$")]
    pub country: Option<String>,
    /// A Verigate user: the code goes to the number they bound, and `to` is shown masked.
    #[schema(example = "ada", max_length = 64)]
    pub user: Option<String>,
    /// The language of the message (a BCP 47 tag such as `en` or `zh-CN`): the nearest of
    /// English, Chinese and Dutch, English when none is near. Without one, the language of the
    /// number's country (Chinese for +86, +852, +853, +886; Dutch for +31, +32, +297, +597,
    /// +599; English elsewhere).
    #[schema(
        example = "en",
        pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        max_length = 35
    )]
    pub locale: Option<String>,
}

/// Check a code.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckCode {
    /// The code the person received: 4 to 10 digits.
    #[schema(example = "123456", pattern = "^[0-9]{4,10}$")]
    pub code: String,
}

/// Where a verification stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    Pending,
    Approved,
    Canceled,
    Expired,
    MaxAttemptsReached,
    Failed,
}

/// A verification.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationBody {
    /// `VE` and 32 hex digits.
    #[schema(example = "VE0123456789abcdef0123456789abcdef")]
    pub id: String,
    /// The verifier's UID.
    #[schema(example = "v_sms")]
    pub verifier: String,
    /// The verifier's Service SID (`VA…`), as Twilio-style clients name it.
    #[schema(example = "VA0123456789abcdef0123456789abcdef")]
    pub service_sid: String,
    /// The number, E.164; masked (`+86 138****8000`) when the verification was started for a
    /// `user`.
    #[schema(example = "+8613800138000")]
    pub to: String,
    pub status: VerificationStatus,
    /// Whether the code checked out (the status is `approved`).
    pub valid: bool,
    /// Wrong codes that may still be tried.
    pub attempts_left: u32,
    /// Digits in the code.
    pub code_length: u32,
    /// RFC 3339, UTC.
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// When the code stops working.
    #[schema(format = DateTime)]
    pub expires_at: String,
    /// When another code may be sent to the number.
    #[schema(format = DateTime)]
    pub resend_at: String,
}

impl From<&Verification> for VerificationBody {
    fn from(verification: &Verification) -> Self {
        use crate::domain::verification_api::Status;
        let status = match verification.status {
            Status::Pending => VerificationStatus::Pending,
            Status::Approved => VerificationStatus::Approved,
            Status::Canceled => VerificationStatus::Canceled,
            Status::Expired => VerificationStatus::Expired,
            Status::MaxAttemptsReached => VerificationStatus::MaxAttemptsReached,
            Status::Failed => VerificationStatus::Failed,
        };
        Self {
            id: verification.sid.clone(),
            verifier: verification.verifier_uid.as_str().to_owned(),
            service_sid: verification.service_sid.clone(),
            to: if verification.for_user {
                verification.to.masked()
            } else {
                verification.to.as_str().to_owned()
            },
            status,
            valid: verification.valid(),
            attempts_left: verification.attempts_left,
            code_length: verification.code_length,
            created_at: rfc3339(verification.created_at_ms),
            updated_at: rfc3339(verification.updated_at_ms),
            expires_at: rfc3339(verification.expires_at_ms),
            resend_at: rfc3339(verification.resend_at_ms),
        }
    }
}

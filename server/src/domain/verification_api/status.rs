//! What a verification is, read from its challenge: its status follows from how (and whether)
//! the challenge closed, its attempts and its expiry.

use app::types::{PhoneNumber, VerifierUid};

use super::{ApiError, VERIFICATION_PREFIX};
use crate::store::{
    VerifierRecord,
    challenges::{ChallengeRow, Outcome},
};

/// Where a verification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Approved,
    Canceled,
    Expired,
    MaxAttemptsReached,
    /// The provider could not deliver the code.
    Failed,
}

impl Status {
    /// The name both APIs use (Twilio's).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Canceled => "canceled",
            Self::Expired => "expired",
            Self::MaxAttemptsReached => "max_attempts_reached",
            Self::Failed => "failed",
        }
    }
}

/// A verification as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// `VE` + 32 hex digits.
    pub sid: String,
    pub service_sid: String,
    pub verifier_uid: VerifierUid,
    pub to: PhoneNumber,
    /// The caller named a Verigate user, not a number: the number is shown masked.
    pub for_user: bool,
    pub status: Status,
    pub code_length: u32,
    pub attempts_left: u32,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub expires_at_ms: i64,
    /// When another code may be sent to the number.
    pub resend_at_ms: i64,
}

impl Verification {
    pub(super) fn of(
        verifier: &VerifierRecord,
        row: &ChallengeRow,
        now: i64,
    ) -> Result<Self, ApiError> {
        let status = match (row.outcome(), row.consumed_at) {
            (Some(Outcome::Approved), _) => Status::Approved,
            (Some(Outcome::Canceled | Outcome::Superseded), _) => Status::Canceled,
            (Some(Outcome::Failed), _) => Status::Failed,
            (None, Some(_)) => Status::Expired,
            (None, None) if row.attempts >= row.max_attempts => Status::MaxAttemptsReached,
            (None, None) if now >= row.expires_at => Status::Expired,
            (None, None) => Status::Pending,
        };
        let to = PhoneNumber::parse_e164(&row.receiver)
            .map_err(|_| anyhow::anyhow!("a stored number is not E.164"))?;
        Ok(Self {
            sid: format!("{VERIFICATION_PREFIX}{}", row.challenge_id),
            service_sid: verifier.service_sid.clone(),
            verifier_uid: verifier.uid.clone(),
            to,
            for_user: !row.user_id.is_empty(),
            status,
            code_length: verifier.policy.code_length,
            attempts_left: u32::try_from(row.max_attempts - row.attempts).unwrap_or(0),
            created_at_ms: row.created_at,
            updated_at_ms: row.consumed_at.unwrap_or(row.created_at),
            expires_at_ms: row.expires_at,
            resend_at_ms: row.created_at + i64::from(verifier.policy.resend_interval_secs) * 1000,
        })
    }

    /// Approved: the code checked out (Twilio's legacy `valid`).
    pub fn valid(&self) -> bool {
        self.status == Status::Approved
    }
}

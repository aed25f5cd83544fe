//! Checking a code: of any number of concurrent correct submissions exactly one succeeds, and
//! wrong attempts are counted atomically and burn the challenge at the limit.

use app::{
    ports::CodeError,
    types::{OtpCode, PhoneNumber},
};

use super::{CheckRequest, OtpEngine};
use crate::{
    domain::otp::{OtpError, code::CodeBinding},
    store::{
        challenges::{ChallengeRow, Outcome},
        daily_sends::CountedSend,
    },
};

impl OtpEngine {
    /// Checks a code for exactly what it was issued for.
    pub async fn check(&self, request: &CheckRequest<'_>) -> Result<(), OtpError> {
        let row = self.open_challenge_for(request).await?;
        let binding = CodeBinding {
            challenge_id: &row.challenge_id,
            verifier_uid: &row.verifier_uid,
            scene: &row.scene,
            receiver: &row.receiver,
            user_id: &row.user_id,
        };
        let matches = OtpCode::typed(request.code)
            .is_some_and(|code| self.hasher.matches(&binding, &code, &row.code_hmac));
        let now = self.clock.now_ms();
        if matches {
            if self
                .db
                .close_challenge(&row.challenge_id, Outcome::Approved, now)
                .await?
            {
                self.count_verified(&row).await;
                return Ok(());
            }
            return Err(self.why_closed(&row.challenge_id).await?.into());
        }
        match self.db.count_wrong_attempt(&row.challenge_id).await? {
            Some(attempts) => Err(match self.lock_after_wrong_code(&row, now).await? {
                Some(locked) => locked,
                None => CodeError::WrongCode {
                    attempts_left: u32::try_from(row.max_attempts - attempts).unwrap_or(0),
                },
            }
            .into()),
            None => Err(self.why_closed(&row.challenge_id).await?.into()),
        }
    }

    /// Counts a verified code for the insights: one upsert, outside the transaction of the
    /// check (which is a single statement). The code was accepted either way, so a counter that
    /// missed it is logged, never turned into a failure of the check.
    pub(super) async fn count_verified(&self, row: &ChallengeRow) {
        let calling_code = PhoneNumber::parse_e164(&row.receiver)
            .map(|receiver| receiver.calling_code())
            .unwrap_or(0);
        let counted = self
            .db
            .count_verified(&CountedSend {
                verifier_uid: &row.verifier_uid,
                calling_code,
                created_at: row.created_at,
            })
            .await;
        if let Err(error) = counted {
            tracing::warn!(error.cause_chain = ?error, verifier = %row.verifier_uid, "a verified code was not counted for the insights");
        }
    }

    /// The challenge, if it was issued for this request and can still be answered.
    async fn open_challenge_for(
        &self,
        request: &CheckRequest<'_>,
    ) -> Result<ChallengeRow, OtpError> {
        let row = self
            .db
            .challenge(request.challenge_id)
            .await?
            .filter(|row| {
                row.verifier_uid == request.verifier_uid.as_str()
                    && row.scene == request.scene.as_str()
                    && request.issued_to.is_none_or(|to| {
                        row.receiver == to.receiver.as_str()
                            && row.user_id == to.user_id.unwrap_or_default()
                    })
            })
            .ok_or(CodeError::Expired)?;
        if row.consumed_at.is_some() || self.clock.now_ms() >= row.expires_at {
            return Err(CodeError::Expired.into());
        }
        if row.attempts >= row.max_attempts {
            return Err(CodeError::TooManyAttempts.into());
        }
        Ok(row)
    }

    /// Why a challenge that looked open a moment ago is not any more.
    async fn why_closed(&self, challenge_id: &str) -> anyhow::Result<CodeError> {
        Ok(match self.db.challenge(challenge_id).await? {
            Some(row) if row.consumed_at.is_none() && row.attempts >= row.max_attempts => {
                CodeError::TooManyAttempts
            }
            _ => CodeError::Expired,
        })
    }
}

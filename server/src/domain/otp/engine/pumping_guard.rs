//! The SMS-pumping guard. Fraudsters who share the revenue of expensive destinations ask for
//! codes to many numbers they control and never enter them. So, per verifier and calling code:
//! once codes went out to at least [`MIN_SENT`] numbers in the last hour and fewer than
//! [`MIN_VERIFIED_PERCENT`] % of those numbers verified one, further sends to new numbers of that
//! calling code are held for an hour, logged as a security event; an administrator can release
//! a hold. Numbers already bound are never held (see `verifier_accepting`).

use app::{
    ports::{CodeError, SYSTEM_ACTOR},
    types::{AuditAction, VerifierUid},
};

use super::{OtpEngine, seconds_until};
use crate::{domain::audit::Audited, store::VerifierRecord};

/// Numbers of one calling code sent to in the last hour before the guard judges it.
const MIN_SENT: i64 = 20;
/// The share of those numbers (in %) that must have verified a code.
const MIN_VERIFIED_PERCENT: i64 = 20;
const HOUR_MS: i64 = 60 * 60 * 1000;

impl OtpEngine {
    /// Refuses a send to `calling_code` while it is held, and holds it when its codes of the
    /// last hour look like SMS pumping.
    pub(super) async fn guard_against_pumping(
        &self,
        verifier: &VerifierRecord,
        calling_code: u16,
        now: i64,
    ) -> Result<(), super::OtpError> {
        let uid = verifier.uid.as_str();
        let guard = self.db.pumping_guard(uid, calling_code).await?;
        if let Some((held_until, _)) = guard.filter(|(held_until, _)| *held_until > now) {
            return Err(CodeError::CountryHeld {
                retry_after_secs: seconds_until(now, held_until),
            }
            .into());
        }
        let counts_from = guard.map_or(0, |(_, counts_from)| counts_from);
        let since = (now - HOUR_MS).max(counts_from);
        let codes = self.db.conversion(uid, calling_code, since).await?;
        if codes.sent < MIN_SENT || codes.verified * 100 >= codes.sent * MIN_VERIFIED_PERCENT {
            return Ok(());
        }
        let held_until = now + HOUR_MS;
        let placed = self
            .db
            .hold_calling_code(uid, calling_code, now, held_until)
            .await?;
        if placed {
            Audited {
                actor: SYSTEM_ACTOR,
                action: AuditAction::PumpingHold,
                subject: &format!("+{calling_code}"),
                verifier_uid: uid,
                masked_receiver: "",
            }
            .record(&self.db, self.clock.as_ref())
            .await?;
        }
        tracing::warn!(
            security_event = "sms_pumping_suspected",
            verifier = %uid,
            calling_code,
            sent = codes.sent,
            verified = codes.verified,
            "few codes sent to this calling code were verified: sends to it are held for an hour"
        );
        Err(CodeError::CountryHeld {
            retry_after_secs: seconds_until(now, held_until),
        }
        .into())
    }

    /// Releases the pumping guard's hold on `calling_code` for the verifier on behalf of `actor`
    /// (the administrator's user id), recorded in the audit log; its codes count afresh from
    /// now. False when it was not held.
    pub async fn release_pumping_hold(
        &self,
        actor: &str,
        verifier: &VerifierUid,
        calling_code: u16,
    ) -> anyhow::Result<bool> {
        let released = self
            .db
            .release_calling_code(verifier.as_str(), calling_code, self.clock.now_ms())
            .await?;
        if released {
            Audited {
                actor,
                action: AuditAction::PumpingRelease,
                subject: &format!("+{calling_code}"),
                verifier_uid: verifier.as_str(),
                masked_receiver: "",
            }
            .record(&self.db, self.clock.as_ref())
            .await?;
            tracing::warn!(
                security_event = "sms_pumping_hold_released",
                verifier = %verifier,
                calling_code,
                "the hold on a calling code was released"
            );
        }
        Ok(released)
    }
}

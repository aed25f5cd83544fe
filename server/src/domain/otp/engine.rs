use std::sync::Arc;

use app::types::{PhoneNumber, Policy};

mod delivery;

pub use delivery::Slot;

use delivery::LogEntry;

use super::{
    OtpError,
    code::{CodeBinding, CodeHasher, OtpCode},
};
use crate::{
    clock::Clock,
    domain::sealed::Sealer,
    error::random_hex,
    providers::{Outgoing, Registry},
    secret::ServerSecret,
    store::{
        Db,
        challenges::{Gate, NewChallenge, SendCap},
    },
};

const HOUR_MS: i64 = 60 * 60 * 1000;
const CODE_KEY_PURPOSE: &str = "verigate/otp-code/v1";
const SETTINGS_KEY_PURPOSE: &str = "verigate/provider-settings/v1";
const DAY_MS: i64 = 24 * HOUR_MS;

/// A place that asks for verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scene {
    Bind,
    Unbind,
    SignIn,
    StepUp,
    /// "Send test SMS" in the admin console.
    Test,
}

impl Scene {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bind => "bind",
            Self::Unbind => "unbind",
            Self::SignIn => "sign-in",
            Self::StepUp => "step-up",
            Self::Test => "test",
        }
    }
}

/// Asks for a code to be sent.
pub struct IssueRequest<'a> {
    pub verifier_uid: &'a str,
    pub scene: Scene,
    pub receiver: &'a PhoneNumber,
    /// `None` for anonymous callers (sign-in).
    pub user_id: Option<&'a str>,
}

/// A code that was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// Not a secret: it names the challenge when the code is checked.
    pub challenge_id: String,
    pub resend_at_ms: i64,
    pub expires_at_ms: i64,
    pub code_length: u32,
    /// The title of the provider that sent it and its id for the message (for the admin's test
    /// message; not for end users).
    pub provider: &'static str,
    pub provider_reference: String,
}

/// Submits a code.
pub struct CheckRequest<'a> {
    pub challenge_id: &'a str,
    pub verifier_uid: &'a str,
    pub scene: Scene,
    pub receiver: &'a PhoneNumber,
    pub user_id: Option<&'a str>,
    pub code: &'a str,
}

/// Issues and checks codes. All state is in the database, so any number of processes can share it.
#[derive(Clone)]
pub struct OtpEngine {
    db: Db,
    clock: Arc<dyn Clock>,
    hasher: CodeHasher,
    sealer: Sealer,
    providers: Registry,
}

impl OtpEngine {
    /// The engine, with its keys derived from the server secret.
    pub fn new(db: Db, clock: Arc<dyn Clock>, secret: &ServerSecret, providers: Registry) -> Self {
        Self {
            db,
            clock,
            hasher: CodeHasher::new(secret.derive(CODE_KEY_PURPOSE)),
            sealer: Sealer::new(&secret.derive(SETTINGS_KEY_PURPOSE)),
            providers,
        }
    }

    /// Seals and opens provider secrets (the same key the engine opens them with).
    pub fn sealer(&self) -> &Sealer {
        &self.sealer
    }

    pub fn providers(&self) -> &Registry {
        &self.providers
    }

    /// Generates a code, saves its challenge (the resend interval and caps permitting), then sends it.
    pub async fn issue(&self, request: &IssueRequest<'_>) -> Result<Issued, OtpError> {
        self.issue_or_pretend(request, true).await
    }

    /// Like [`OtpEngine::issue`]; with `deliver` false the challenge passes the same gate and
    /// limits and is saved, but nothing is sent and nothing is logged: the caller's answer is the
    /// same, which keeps anonymous callers from learning which numbers have accounts.
    pub async fn issue_or_pretend(
        &self,
        request: &IssueRequest<'_>,
        deliver: bool,
    ) -> Result<Issued, OtpError> {
        let verifier = self
            .db
            .verifier_record(request.verifier_uid)
            .await?
            .ok_or(OtpError::UnknownVerifier)?;
        let policy: Policy = serde_json::from_str(&verifier.policy).map_err(|error| {
            anyhow::anyhow!("verifier {} has a malformed policy: {error}", verifier.uid)
        })?;
        if !policy.allowed_countries.is_empty()
            && !policy
                .allowed_countries
                .contains(&request.receiver.calling_code())
        {
            return Err(OtpError::CountryNotAllowed);
        }
        let now = self.clock.now_ms();
        let challenge_id = random_hex(16)?;
        let user_id = request.user_id.unwrap_or_default();
        let code = OtpCode::generate(policy.code_length);
        let binding = CodeBinding {
            challenge_id: &challenge_id,
            verifier_uid: &verifier.uid,
            scene: request.scene.as_str(),
            receiver: request.receiver.as_str(),
            user_id,
        };
        let code_hmac = self.hasher.hash(&binding, &code);
        let expires_at = now + i64::from(policy.code_lifetime_secs) * 1000;
        let resend_at = now + i64::from(policy.resend_interval_secs) * 1000;
        let challenge = NewChallenge {
            challenge_id: &challenge_id,
            verifier_uid: &verifier.uid,
            scene: request.scene.as_str(),
            receiver: request.receiver.as_str(),
            user_id,
            code_hmac: &code_hmac,
            expires_at,
            max_attempts: i64::from(policy.max_attempts),
            created_at: now,
        };
        let caps = [
            SendCap {
                window_ms: HOUR_MS,
                cap: i64::from(policy.sends_per_hour),
            },
            SendCap {
                window_ms: DAY_MS,
                cap: i64::from(policy.sends_per_day),
            },
        ];
        match self.db.open_challenge(&challenge, resend_at, &caps).await? {
            Gate::Opened => {}
            Gate::TooSoon { next_send_at } => {
                return Err(OtpError::ResendTooSoon {
                    retry_after_secs: seconds_until(now, next_send_at),
                });
            }
            Gate::CapReached { retry_at } => {
                return Err(OtpError::RateLimited {
                    retry_after_secs: seconds_until(now, retry_at),
                });
            }
        }

        if !deliver {
            return Ok(Issued {
                challenge_id,
                resend_at_ms: resend_at,
                expires_at_ms: expires_at,
                code_length: policy.code_length,
                provider: "",
                provider_reference: String::new(),
            });
        }
        let text = format!(
            "Your {} code is {}. It expires in {} minutes.",
            verifier.title,
            code.expose(),
            policy.code_lifetime_secs.div_ceil(60)
        );
        let outgoing = Outgoing {
            to: request.receiver.as_str(),
            code: &code,
            text: &text,
            verifier_uid: &verifier.uid,
            scene: request.scene.as_str(),
        };
        let masked = request.receiver.masked();
        let log = LogEntry {
            scene: request.scene.as_str(),
            masked_receiver: &masked,
            now,
        };
        let attempt = match self.deliver(&verifier, &outgoing, &log).await {
            Ok(attempt) => attempt,
            Err(error) => {
                self.db.abandon_challenge(&challenge, now).await?;
                return Err(error.into());
            }
        };
        match attempt.sent {
            Ok(receipt) => {
                tracing::info!(verifier = %verifier.uid, scene = request.scene.as_str(), to = %masked, "code sent");
                Ok(Issued {
                    challenge_id,
                    resend_at_ms: resend_at,
                    expires_at_ms: expires_at,
                    code_length: policy.code_length,
                    provider: attempt.provider,
                    provider_reference: receipt.request_id,
                })
            }
            Err(error) => {
                tracing::warn!(verifier = %verifier.uid, to = %masked, %error, "provider could not send");
                self.db.abandon_challenge(&challenge, now).await?;
                Err(OtpError::ProviderFailed {
                    provider: attempt.provider,
                    failure: error,
                })
            }
        }
    }

    /// Checks a code. Of any number of concurrent correct submissions exactly one succeeds;
    /// wrong attempts are counted atomically and burn the challenge at the limit.
    pub async fn check(&self, request: &CheckRequest<'_>) -> Result<(), OtpError> {
        let user_id = request.user_id.unwrap_or_default();
        let row = self
            .db
            .challenge(request.challenge_id)
            .await?
            .filter(|row| {
                row.verifier_uid == request.verifier_uid
                    && row.scene == request.scene.as_str()
                    && row.receiver == request.receiver.as_str()
                    && row.user_id == user_id
            })
            .ok_or(OtpError::Expired)?;
        let now = self.clock.now_ms();
        if row.consumed_at.is_some() || now >= row.expires_at {
            return Err(OtpError::Expired);
        }
        if row.attempts >= row.max_attempts {
            return Err(OtpError::TooManyAttempts);
        }
        let binding = CodeBinding {
            challenge_id: &row.challenge_id,
            verifier_uid: &row.verifier_uid,
            scene: &row.scene,
            receiver: &row.receiver,
            user_id: &row.user_id,
        };
        let matches = OtpCode::typed(request.code)
            .is_some_and(|code| self.hasher.matches(&binding, &code, &row.code_hmac));
        if matches {
            if self.db.consume_challenge(&row.challenge_id, now).await? {
                return Ok(());
            }
            return Err(self.why_closed(&row.challenge_id).await?);
        }
        match self.db.count_wrong_attempt(&row.challenge_id).await? {
            Some(attempts) => Err(OtpError::WrongCode {
                attempts_left: u32::try_from(row.max_attempts - attempts).unwrap_or(0),
            }),
            None => Err(self.why_closed(&row.challenge_id).await?),
        }
    }

    /// Why a challenge that looked open a moment ago is not any more.
    async fn why_closed(&self, challenge_id: &str) -> Result<OtpError, OtpError> {
        Ok(match self.db.challenge(challenge_id).await? {
            Some(row) if row.consumed_at.is_none() && row.attempts >= row.max_attempts => {
                OtpError::TooManyAttempts
            }
            _ => OtpError::Expired,
        })
    }

    /// Deletes challenges that expired more than a day ago (kept that long for the daily cap).
    pub async fn purge_expired(&self) -> anyhow::Result<u64> {
        Ok(self
            .db
            .purge_challenges(self.clock.now_ms() - DAY_MS)
            .await?)
    }
}

fn seconds_until(now: i64, then: i64) -> u64 {
    u64::try_from((then - now).max(0))
        .unwrap_or(0)
        .div_ceil(1000)
        .max(1)
}

use app::i18n::Locale;
use std::sync::Arc;

use app::{
    ports::CodeError,
    types::{NumberKind, OtpCode, PhoneNumber, VerifierUid},
};

mod budgets;
mod check;
mod delivery;
mod pumping_guard;
mod wrong_codes;

use budgets::Lane;
use delivery::LogEntry;

use super::{
    OtpError,
    code::{CodeBinding, CodeHasher},
    error::PROVIDER_THROTTLE_SECS,
};
use crate::{
    clock::Clock,
    domain::sealed::Sealer,
    providers::{Outgoing, ProviderErrorKind, Registry},
    random::random_hex,
    secret::ServerSecret,
    store::{
        Db, Expiring, VerifierRecord,
        challenges::{Gate, NewChallenge, Outcome, SendLimits},
        daily_sends::SendFailure,
    },
};

const CODE_KEY_PURPOSE: &str = "verigate/otp-code/v1";
const SETTINGS_KEY_PURPOSE: &str = "verigate/provider-settings/v1";
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// A place that asks for verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scene {
    Bind,
    Unbind,
    SignIn,
    StepUp,
    /// "Send test SMS" in the admin console.
    Test,
    /// Another application, through the API.
    Api,
}

impl Scene {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bind => "bind",
            Self::Unbind => "unbind",
            Self::SignIn => "sign-in",
            Self::StepUp => "step-up",
            Self::Test => "test",
            Self::Api => "api",
        }
    }

    /// Whether its codes go only to numbers already bound to a user (verified before): sign-in
    /// (an unbound number gets no message), unbind and step-up.
    fn sends_to_bound_numbers(self) -> bool {
        matches!(self, Self::SignIn | Self::Unbind | Self::StepUp)
    }
}

/// Asks for a code to be sent.
pub struct IssueRequest<'a> {
    pub verifier_uid: &'a VerifierUid,
    pub scene: Scene,
    pub receiver: &'a PhoneNumber,
    /// `None` for anonymous callers (sign-in) and API calls to a number.
    pub user_id: Option<&'a str>,
    /// The client address of an anonymous caller (sign-in), for its budget.
    pub client: Option<&'a str>,
    /// The anonymous caller's browser carries the device cookie of the number's user (see
    /// [`crate::domain::known_device`]): its sign-in codes go in a lane of their own.
    pub from_known_device: bool,
    /// The API key that asked, for scene [`Scene::Api`].
    pub api_key: Option<ApiKeyRef<'a>>,
    /// The language the message is written in.
    pub locale: Locale,
}

/// An API key as the challenge and the message log name it.
#[derive(Debug, Clone, Copy)]
pub struct ApiKeyRef<'a> {
    pub sid: &'a str,
    pub name: &'a str,
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
    /// message; not for end users). Empty when nothing was sent.
    pub provider: &'static str,
    pub provider_reference: String,
}

/// Submits a code.
pub struct CheckRequest<'a> {
    pub challenge_id: &'a str,
    pub verifier_uid: &'a VerifierUid,
    pub scene: Scene,
    /// Who the code must have been issued to; `None` when the challenge id alone names it (the
    /// API, whose callers hold the id they were given).
    pub issued_to: Option<IssuedTo<'a>>,
    pub code: &'a str,
}

/// The receiver and user a challenge was issued for.
#[derive(Debug, Clone, Copy)]
pub struct IssuedTo<'a> {
    pub receiver: &'a PhoneNumber,
    /// `None` for anonymous callers.
    pub user_id: Option<&'a str>,
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

/// A challenge about to be opened, with everything that is derived from its fresh code.
struct Draft {
    challenge_id: String,
    code: OtpCode,
    code_hmac: String,
    user_id: String,
    now: i64,
}

impl OtpEngine {
    /// The engine, with its keys derived from the server secret.
    pub fn new(db: Db, clock: Arc<dyn Clock>, secret: &ServerSecret, providers: Registry) -> Self {
        Self {
            db,
            clock,
            hasher: CodeHasher::new(secret.derive_ring(CODE_KEY_PURPOSE)),
            sealer: Sealer::new(&secret.derive_ring(SETTINGS_KEY_PURPOSE)),
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
        let verifier = self.verifier_accepting(request).await?;
        let draft = self.draft(&verifier, request)?;
        let challenge = new_challenge(&verifier, request, &draft, true);
        let issued = self.open(&verifier, request, &challenge, &draft).await?;
        let (provider, provider_reference) = self
            .send(&verifier, request, &challenge, &draft.code)
            .await?;
        Ok(Issued {
            provider,
            provider_reference,
            ..issued
        })
    }

    /// Like [`OtpEngine::issue`], but the answer never waits on the provider: the challenge
    /// passes the same gate and limits and is saved, and the message (only if `deliver`) is sent
    /// by a task of its own. An anonymous caller then learns neither from the answer nor from its
    /// time whether the number has an account; a failed send goes to the log and the message
    /// log, as always.
    pub async fn issue_detached(
        &self,
        request: &IssueRequest<'_>,
        deliver: bool,
    ) -> Result<Issued, OtpError> {
        let verifier = self.verifier_accepting(request).await?;
        let draft = self.draft(&verifier, request)?;
        let issued = self
            .open(
                &verifier,
                request,
                &new_challenge(&verifier, request, &draft, deliver),
                &draft,
            )
            .await?;
        if deliver {
            let engine = self.clone();
            let (receiver, scene, locale, from_known_device) = (
                request.receiver.clone(),
                request.scene,
                request.locale,
                request.from_known_device,
            );
            tokio::spawn(async move {
                let request = IssueRequest {
                    verifier_uid: &verifier.uid,
                    scene,
                    receiver: &receiver,
                    user_id: Some(draft.user_id.as_str()).filter(|id| !id.is_empty()),
                    client: None,
                    from_known_device,
                    api_key: None,
                    locale,
                };
                let challenge = new_challenge(&verifier, &request, &draft, true);
                let sent = engine
                    .send(&verifier, &request, &challenge, &draft.code)
                    .await;
                if let Err(OtpError::Unexpected(error)) = sent {
                    tracing::error!(error.cause_chain = ?error, verifier = %verifier.uid, "a detached send failed");
                }
            });
        }
        Ok(issued)
    }

    /// The verifier, if its policy accepts the receiver's country and kind of line and the
    /// pumping guard does not hold the country.
    async fn verifier_accepting(
        &self,
        request: &IssueRequest<'_>,
    ) -> Result<VerifierRecord, OtpError> {
        let verifier = self
            .db
            .verifier(request.verifier_uid)
            .await?
            .ok_or(OtpError::UnknownVerifier)?;
        let countries = &verifier.policy.allowed_countries;
        if !countries.is_empty() && !countries.contains(&request.receiver.calling_code()) {
            return Err(CodeError::CountryNotAllowed.into());
        }
        let kind = request.receiver.kind();
        if kind.never_texted()
            || (kind == NumberKind::FixedLine && !verifier.policy.allow_fixed_lines)
        {
            return Err(CodeError::NumberKindRefused(kind).into());
        }
        // A bound number proved it receives codes when it was bound: the guard holds new numbers
        // only, so whoever trips it cannot lock a country's users out of signing in.
        if !request.scene.sends_to_bound_numbers() {
            self.guard_against_pumping(
                &verifier,
                request.receiver.calling_code(),
                self.clock.now_ms(),
            )
            .await?;
        }
        Ok(verifier)
    }

    /// A fresh code and the HMAC that binds it to everything it is issued for.
    fn draft(
        &self,
        verifier: &VerifierRecord,
        request: &IssueRequest<'_>,
    ) -> anyhow::Result<Draft> {
        let challenge_id = random_hex(16)?;
        let user_id = request.user_id.unwrap_or_default().to_owned();
        let code = OtpCode::generate(verifier.policy.code_length);
        let code_hmac = self.hasher.hash(
            &CodeBinding {
                challenge_id: &challenge_id,
                verifier_uid: verifier.uid.as_str(),
                scene: request.scene.as_str(),
                receiver: request.receiver.as_str(),
                user_id: &user_id,
            },
            &code,
        );
        Ok(Draft {
            challenge_id,
            code,
            code_hmac,
            user_id,
            now: self.clock.now_ms(),
        })
    }

    /// Saves the challenge if the resend interval, the caps and the budgets allow it.
    async fn open(
        &self,
        verifier: &VerifierRecord,
        request: &IssueRequest<'_>,
        challenge: &NewChallenge<'_>,
        draft: &Draft,
    ) -> Result<Issued, OtpError> {
        let policy = &verifier.policy;
        let now = draft.now;
        let resend_at = now + i64::from(policy.resend_interval_secs) * 1000;
        let budgets = budgets::budgets(policy, request);
        let limits = SendLimits {
            next_send_at: resend_at,
            per_hour: i64::from(policy.sends_per_hour),
            per_day: i64::from(policy.sends_per_day),
            budgets: &budgets,
        };
        match self.db.open_challenge(challenge, limits).await? {
            Gate::Opened => Ok(Issued {
                challenge_id: draft.challenge_id.clone(),
                resend_at_ms: resend_at,
                expires_at_ms: challenge.expires_at,
                code_length: policy.code_length,
                provider: "",
                provider_reference: String::new(),
            }),
            Gate::TooSoon { next_send_at } => Err(CodeError::ResendTooSoon {
                retry_after_secs: seconds_until(now, next_send_at),
            }
            .into()),
            Gate::CapReached { retry_at } => Err(CodeError::RateLimited {
                retry_after_secs: seconds_until(now, retry_at),
            }
            .into()),
            Gate::Locked { until } => Err(CodeError::NumberLocked {
                retry_after_secs: seconds_until(now, until),
            }
            .into()),
            Gate::BudgetSpent(spent) => {
                let refusal = budgets::refusal(spent, now);
                if matches!(refusal, CodeError::VerifierBudgetSpent { .. }) {
                    tracing::warn!(verifier = %verifier.uid, "the verifier's daily send budget is spent; sends stop until the next UTC day");
                }
                Err(refusal.into())
            }
        }
    }

    /// Sends the code through the verifier's providers; a failed send makes the challenge
    /// unusable and frees the number for another try (see [`send_again_at`]: after
    /// [`PROVIDER_THROTTLE_SECS`] when the provider throttled it, as an immediate retry would
    /// only be throttled again and count against the number's caps).
    async fn send(
        &self,
        verifier: &VerifierRecord,
        request: &IssueRequest<'_>,
        challenge: &NewChallenge<'_>,
        code: &OtpCode,
    ) -> Result<(&'static str, String), OtpError> {
        let text = verifier.policy.message_texts.render(
            request.locale,
            &verifier.title,
            code.expose(),
            verifier.policy.code_lifetime_secs.div_ceil(60),
        );
        let outgoing = Outgoing {
            to: request.receiver.as_str(),
            code,
            text: &text,
            locale: request.locale,
            verifier_uid: verifier.uid.as_str(),
            scene: request.scene.as_str(),
        };
        let masked = request.receiver.masked();
        let log = LogEntry {
            scene: request.scene.as_str(),
            masked_receiver: &masked,
            caller: request.api_key.map_or("", |key| key.name),
            now: challenge.created_at,
        };
        let attempt = match self.deliver(verifier, &outgoing, &log).await {
            Ok(attempt) => attempt,
            Err(error) => {
                self.db
                    .abandon_challenge(
                        challenge,
                        challenge.created_at,
                        SendFailure::Internal,
                        send_again_at(request, challenge.created_at, None),
                    )
                    .await?;
                return Err(error.into());
            }
        };
        match attempt.sent {
            Ok(receipt) => {
                tracing::info!(verifier = %verifier.uid, scene = request.scene.as_str(), to = %masked, "code sent");
                Ok((attempt.provider, receipt.request_id))
            }
            Err(failure) => {
                tracing::warn!(verifier = %verifier.uid, to = %masked, %failure, "provider could not send");
                self.db
                    .abandon_challenge(
                        challenge,
                        challenge.created_at,
                        failed_with(failure.kind),
                        send_again_at(request, challenge.created_at, Some(failure.kind)),
                    )
                    .await?;
                Err(OtpError::ProviderFailed {
                    provider: attempt.provider,
                    failure,
                })
            }
        }
    }

    /// Closes an open challenge for good (the API's cancel and approve); false when it was not
    /// open any more.
    pub async fn close(&self, challenge_id: &str, outcome: Outcome) -> anyhow::Result<bool> {
        let closed = self
            .db
            .close_challenge(challenge_id, outcome, self.clock.now_ms())
            .await?;
        if closed && outcome == Outcome::Approved {
            // The API's approve is rare: reading the challenge back costs nothing that matters.
            if let Some(row) = self.db.challenge(challenge_id).await? {
                self.count_verified(&row).await;
            }
        }
        Ok(closed)
    }

    /// Deletes challenges that expired more than a day ago (kept that long for the daily cap).
    pub async fn purge_expired(&self) -> anyhow::Result<u64> {
        self.db
            .purge(Expiring::Challenges, self.clock.now_ms() - DAY_MS)
            .await
    }
}

/// The challenge of `draft`; `delivered` when a message is sent for it.
fn new_challenge<'a>(
    verifier: &'a VerifierRecord,
    request: &'a IssueRequest<'_>,
    draft: &'a Draft,
    delivered: bool,
) -> NewChallenge<'a> {
    NewChallenge {
        challenge_id: &draft.challenge_id,
        verifier_uid: verifier.uid.as_str(),
        scene: request.scene.as_str(),
        receiver: request.receiver.as_str(),
        calling_code: request.receiver.calling_code(),
        lane: budgets::lane(request).as_str(),
        user_id: &draft.user_id,
        code_hmac: &draft.code_hmac,
        expires_at: draft.now + i64::from(verifier.policy.code_lifetime_secs) * 1000,
        max_attempts: i64::from(verifier.policy.max_attempts),
        created_at: draft.now,
        api_key_sid: request.api_key.map(|key| key.sid),
        delivered,
    }
}

/// When a number may be sent to again after a failed send at `now`: at once, or a minute later
/// when the provider throttled it. `None` leaves the gate where the send put it, as for an
/// anonymous sign-in: only numbers bound to someone get a message, so a gate opened by a failure
/// would tell a stranger which numbers are bound.
fn send_again_at(
    request: &IssueRequest<'_>,
    now: i64,
    failure: Option<ProviderErrorKind>,
) -> Option<i64> {
    match (budgets::lane(request), failure) {
        (Lane::Anonymous | Lane::KnownDevice, _) => None,
        (_, Some(ProviderErrorKind::RateLimited)) => {
            Some(now + i64::from(PROVIDER_THROTTLE_SECS) * 1000)
        }
        _ => Some(now),
    }
}

/// How the insights count a provider's failure.
fn failed_with(kind: ProviderErrorKind) -> SendFailure {
    match kind {
        ProviderErrorKind::InvalidNumber => SendFailure::InvalidNumber,
        ProviderErrorKind::RateLimited => SendFailure::RateLimited,
        ProviderErrorKind::Rejected => SendFailure::Rejected,
        ProviderErrorKind::Unavailable => SendFailure::Unavailable,
    }
}

fn seconds_until(now: i64, then: i64) -> u64 {
    u64::try_from((then - now).max(0))
        .unwrap_or(0)
        .div_ceil(1000)
        .max(1)
}

//! Verifications for other applications, through an API key: start one (to a number, or to the
//! number a Verigate user bound), check its code, fetch it, cancel or approve it. The same engine
//! as the pages: the verifier's policy, the gate and caps, single use, attempt burn, the message
//! log (scene `api`, with the key's name). Both HTTP interfaces (`/api/v1` and the
//! Twilio-compatible `/v2`) word what this returns in their own formats.

mod status;

use app::i18n::Locale;
use std::sync::Arc;

use app::{
    ports::CodeError,
    types::{PhoneNumber, Username, VerifierUid},
};

pub use status::{Status, Verification};

use super::{
    api_keys::ApiCaller,
    otp::{ApiKeyRef, CheckRequest, IssueRequest, OtpEngine, OtpError, Scene},
};
use crate::{
    clock::Clock,
    store::{Db, UserKey, VerifierRecord, Which, challenges::ChallengeRow},
};

/// Verification SIDs are `VE` and the challenge's id.
const VERIFICATION_PREFIX: &str = "VE";

/// Where a verification's code goes.
#[derive(Debug, Clone)]
pub enum Target {
    Number(PhoneNumber),
    /// The number this Verigate user bound to the verifier (step-up for our own users); shown
    /// masked in every answer.
    User(Username),
}

/// Which verification a check is for.
#[derive(Debug, Clone, Copy)]
pub enum Pending<'a> {
    /// By its SID (`VE…`).
    Sid(&'a str),
    /// The newest pending one to this number (Twilio's `To`).
    To(&'a PhoneNumber),
}

/// A verifier as the API shows it (a Twilio Verify Service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub sid: String,
    pub uid: VerifierUid,
    pub title: String,
    pub code_length: u32,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// Why an API operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such verifier")]
    UnknownVerifier,
    #[error("this API key may not use the verifier")]
    VerifierNotAllowed,
    #[error("no such user")]
    UnknownUser,
    #[error("the user has no number bound to this verifier")]
    NoBoundNumber,
    #[error("no such verification")]
    NotFound,
    /// The verification is closed (approved, canceled, expired or failed).
    #[error("the verification is {}", .0.as_str())]
    NotPending(Status),
    /// Every check attempt of the verification is used up.
    #[error("the verification has no check attempts left")]
    MaxAttempts,
    #[error(transparent)]
    Code(#[from] CodeError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<OtpError> for ApiError {
    fn from(error: OtpError) -> Self {
        error.reported_as(Self::UnknownVerifier)
    }
}

/// The API's verifications.
pub struct VerificationApi {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) otp: OtpEngine,
}

impl VerificationApi {
    /// The verifiers the key may use.
    pub async fn services(&self, caller: &ApiCaller) -> Result<Vec<Service>, ApiError> {
        let verifiers = self.db.verifiers(Which::All).await?;
        Ok(verifiers
            .iter()
            .filter(|verifier| caller.scope.allows(&verifier.uid))
            .map(service)
            .collect())
    }

    /// One verifier, by UID or Service SID.
    pub async fn service(&self, caller: &ApiCaller, reference: &str) -> Result<Service, ApiError> {
        Ok(service(&self.allowed_verifier(caller, reference).await?))
    }

    /// Sends a code and opens a verification, in `locale`, or without one in the language of
    /// the number's country (as Twilio chooses).
    pub async fn start(
        &self,
        caller: &ApiCaller,
        reference: &str,
        target: &Target,
        locale: Option<Locale>,
    ) -> Result<Verification, ApiError> {
        let verifier = self.allowed_verifier(caller, reference).await?;
        let (to, user_id) = self.receiver(&verifier, target).await?;
        let locale = locale.unwrap_or_else(|| language_of(to.calling_code()));
        let issued = self
            .otp
            .issue(&IssueRequest {
                verifier_uid: &verifier.uid,
                scene: Scene::Api,
                receiver: &to,
                user_id: user_id.as_deref(),
                client: None,
                from_known_device: false,
                api_key: Some(ApiKeyRef {
                    sid: &caller.sid,
                    name: &caller.name,
                }),
                locale,
            })
            .await?;
        tracing::info!(key = %caller.sid, verifier = %verifier.uid, to = %to.masked(), "API verification started");
        self.verification(&verifier, &issued.challenge_id).await
    }

    /// A verification the key may see, by its SID; `reference` (the Service in Twilio's path)
    /// must name its verifier when given.
    pub async fn fetch(
        &self,
        caller: &ApiCaller,
        reference: Option<&str>,
        sid: &str,
    ) -> Result<Verification, ApiError> {
        let (verifier, row) = self
            .visible_challenge(caller, reference, Pending::Sid(sid))
            .await?;
        Verification::of(&verifier, &row, self.clock.now_ms())
    }

    /// Checks a code. A wrong one is no error: the answer is the verification, still pending
    /// (or out of attempts), with the attempts left.
    pub async fn check(
        &self,
        caller: &ApiCaller,
        reference: Option<&str>,
        which: Pending<'_>,
        code: &str,
    ) -> Result<Verification, ApiError> {
        let (verifier, row) = self.visible_challenge(caller, reference, which).await?;
        let now = self.clock.now_ms();
        match Verification::of(&verifier, &row, now)?.status {
            Status::Pending => {}
            Status::MaxAttemptsReached => return Err(ApiError::MaxAttempts),
            closed => return Err(ApiError::NotPending(closed)),
        }
        let checked = self
            .otp
            .check(&CheckRequest {
                challenge_id: &row.challenge_id,
                verifier_uid: &verifier.uid,
                scene: Scene::Api,
                issued_to: None,
                code,
            })
            .await;
        match checked {
            // A wrong code that locked the number burned the verification: the answer says so.
            Ok(())
            | Err(OtpError::Code(CodeError::WrongCode { .. } | CodeError::NumberLocked { .. })) => {
            }
            Err(OtpError::Code(CodeError::TooManyAttempts)) => return Err(ApiError::MaxAttempts),
            Err(OtpError::Code(CodeError::Expired)) => {
                let now = self.verification(&verifier, &row.challenge_id).await?;
                return Err(ApiError::NotPending(now.status));
            }
            Err(other) => return Err(other.into()),
        }
        self.verification(&verifier, &row.challenge_id).await
    }

    /// Cancels a pending verification (its code stops working), or approves it without a code
    /// (for callers that checked the user some other way).
    pub async fn close(
        &self,
        caller: &ApiCaller,
        reference: Option<&str>,
        sid: &str,
        approve: bool,
    ) -> Result<Verification, ApiError> {
        use crate::store::challenges::Outcome;
        let (verifier, row) = self
            .visible_challenge(caller, reference, Pending::Sid(sid))
            .await?;
        let outcome = if approve {
            Outcome::Approved
        } else {
            Outcome::Canceled
        };
        if !self.otp.close(&row.challenge_id, outcome).await? {
            let now = self.verification(&verifier, &row.challenge_id).await?;
            return Err(ApiError::NotPending(now.status));
        }
        self.verification(&verifier, &row.challenge_id).await
    }

    /// A verifier by UID or Service SID, if the key may use it.
    async fn allowed_verifier(
        &self,
        caller: &ApiCaller,
        reference: &str,
    ) -> Result<VerifierRecord, ApiError> {
        let verifier = match VerifierUid::parse(reference) {
            _ if is_sid(reference, "VA") => self.db.verifier_by_service_sid(reference).await?,
            Ok(uid) => self.db.verifier(&uid).await?,
            Err(_) => None,
        }
        .ok_or(ApiError::UnknownVerifier)?;
        if caller.scope.allows(&verifier.uid) {
            Ok(verifier)
        } else {
            Err(ApiError::VerifierNotAllowed)
        }
    }

    /// The number a target names, and the Verigate user it belongs to.
    async fn receiver(
        &self,
        verifier: &VerifierRecord,
        target: &Target,
    ) -> Result<(PhoneNumber, Option<String>), ApiError> {
        match target {
            Target::Number(phone) => Ok((phone.clone(), None)),
            Target::User(username) => {
                let user = self
                    .db
                    .user(UserKey::Name(&username.key()))
                    .await?
                    .ok_or(ApiError::UnknownUser)?;
                let stored = self
                    .db
                    .binding(verifier.uid.as_str(), &user.user_id)
                    .await?
                    .ok_or(ApiError::NoBoundNumber)?;
                let phone = PhoneNumber::parse_e164(&stored)
                    .map_err(|_| anyhow::anyhow!("a stored number is not E.164"))?;
                Ok((phone, Some(user.user_id)))
            }
        }
    }

    /// The API challenge `which` names, with its verifier, if the key may see it. Anything else
    /// (another scene, a verifier the key may not use, another Service in the path) is not found,
    /// so a key learns nothing about verifications that are not its business.
    async fn visible_challenge(
        &self,
        caller: &ApiCaller,
        reference: Option<&str>,
        which: Pending<'_>,
    ) -> Result<(VerifierRecord, ChallengeRow), ApiError> {
        let verifier = match reference {
            Some(reference) => Some(self.allowed_verifier(caller, reference).await?),
            None => None,
        };
        let row = match which {
            Pending::Sid(sid) => match challenge_id(sid) {
                Some(id) => self.db.challenge(id).await?,
                None => None,
            },
            Pending::To(phone) => {
                let verifier = verifier.as_ref().ok_or(ApiError::NotFound)?;
                self.db
                    .newest_open_challenge(
                        verifier.uid.as_str(),
                        Scene::Api.as_str(),
                        phone.as_str(),
                        self.clock.now_ms(),
                    )
                    .await?
            }
        }
        .filter(|row| row.scene == Scene::Api.as_str())
        .ok_or(ApiError::NotFound)?;
        let verifier = match verifier {
            Some(verifier) if verifier.uid.as_str() == row.verifier_uid => verifier,
            Some(_) => return Err(ApiError::NotFound),
            None => {
                let uid = VerifierUid::parse(&row.verifier_uid)
                    .map_err(|_| anyhow::anyhow!("a stored UID is malformed"))?;
                self.db.verifier(&uid).await?.ok_or(ApiError::NotFound)?
            }
        };
        if !caller.scope.allows(&verifier.uid) {
            return Err(ApiError::NotFound);
        }
        Ok((verifier, row))
    }

    /// The verification as it stands now.
    async fn verification(
        &self,
        verifier: &VerifierRecord,
        challenge_id: &str,
    ) -> Result<Verification, ApiError> {
        let row = self
            .db
            .challenge(challenge_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        Verification::of(verifier, &row, self.clock.now_ms())
    }
}

fn service(verifier: &VerifierRecord) -> Service {
    Service {
        sid: verifier.service_sid.clone(),
        uid: verifier.uid.clone(),
        title: verifier.title.clone(),
        code_length: verifier.policy.code_length,
        created_at_ms: verifier.created_at_ms,
        updated_at_ms: verifier.updated_at_ms,
    }
}

/// Whether `text` is `prefix` and 32 hex digits.
fn is_sid(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix)
        .is_some_and(|hex| hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The challenge id inside a verification SID.
fn challenge_id(sid: &str) -> Option<&str> {
    is_sid(sid, VERIFICATION_PREFIX).then(|| &sid[VERIFICATION_PREFIX.len()..])
}

/// The language of the messages to a country's numbers: Chinese where it is the written
/// language (mainland China, Hong Kong, Macau, Taiwan), Dutch where it is an official one (the
/// Netherlands, Belgium, Suriname, Aruba, the Dutch Caribbean), English elsewhere.
fn language_of(calling_code: u16) -> Locale {
    match calling_code {
        86 | 852 | 853 | 886 => Locale::zh,
        31 | 32 | 297 | 597 | 599 => Locale::nl,
        _ => Locale::en,
    }
}

use async_trait::async_trait;

use super::User;
use crate::{
    i18n::Locale,
    types::{NumberKind, PhoneNumber, Policy, VerifierUid},
};

/// Why a code was not sent or did not pass: each case is something the caller can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("numbers from this country are not allowed")]
    CountryNotAllowed,
    /// The numbering plan says the number is of a kind codes are not sent to (premium rate,
    /// toll-free, …, or a fixed line where the verifier's policy refuses them).
    #[error("codes are not sent to numbers of this kind ({0:?})")]
    NumberKindRefused(NumberKind),
    /// The provider says the number cannot receive text messages.
    #[error("the number cannot receive text messages")]
    Undeliverable,
    /// A code went to the number moments ago, in the same lane (anonymous, signed-in or API):
    /// nothing was sent now.
    #[error("a code was sent to this number moments ago; retry in {retry_after_secs} s")]
    ResendTooSoon { retry_after_secs: u64 },
    /// The number's hourly or daily cap is reached.
    #[error("too many codes sent to this number; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// The signed-in user was sent codes to as many different numbers this hour as the policy
    /// allows.
    #[error("codes went to too many different numbers of this user; retry in {retry_after_secs} s")]
    TooManyNumbers { retry_after_secs: u64 },
    /// The signed-in user was sent as many codes this UTC day as the policy allows.
    #[error("this user was sent too many codes today; retry in {retry_after_secs} s")]
    UserDayBudgetSpent { retry_after_secs: u64 },
    /// Anonymous callers from one client address asked for too many sign-in codes this hour.
    #[error("too many sign-in codes from this client; retry in {retry_after_secs} s")]
    ClientBudgetSpent { retry_after_secs: u64 },
    /// The API key asked for as many codes this minute as the policy allows.
    #[error("this API key asked for too many codes this minute; retry in {retry_after_secs} s")]
    KeyMinuteBudgetSpent { retry_after_secs: u64 },
    /// The API key asked for as many codes this UTC day as the policy allows.
    #[error("this API key asked for too many codes today; retry in {retry_after_secs} s")]
    KeyDayBudgetSpent { retry_after_secs: u64 },
    /// The SMS-pumping guard holds sends to the number's calling code: few of the codes sent
    /// there lately were verified.
    #[error(
        "sends to this country are held: few codes sent there were verified; retry in {retry_after_secs} s"
    )]
    CountryHeld { retry_after_secs: u64 },
    /// The verifier sent its daily budget of codes; sends resume at the next UTC day.
    #[error("the verifier's daily budget of codes is spent; retry in {retry_after_secs} s")]
    VerifierBudgetSpent { retry_after_secs: u64 },
    #[error("wrong code; {attempts_left} attempts left")]
    WrongCode { attempts_left: u32 },
    #[error("the code expired or was already used")]
    Expired,
    #[error("too many wrong attempts")]
    TooManyAttempts,
    /// Too many wrong codes in a row for the number: no code is sent to it, and none checked,
    /// in this lane for a while.
    #[error("too many wrong codes for this number; retry in {retry_after_secs} s")]
    NumberLocked { retry_after_secs: u64 },
    /// The provider (and its fallback) could not send; the cause is in the log.
    #[error("the SMS provider could not send the code")]
    NotSent,
}

/// Why a bind, unbind or sign-in step did not happen.
#[derive(Debug, thiserror::Error)]
pub enum VerificationError {
    #[error("no such verifier")]
    UnknownVerifier,
    #[error("the user has bound a number to this verifier already")]
    AlreadyBound,
    #[error("the number is bound to another account")]
    NumberTaken,
    #[error("the user has no number bound to this verifier")]
    NotBound,
    /// The method chosen to prove the user's identity is not one they have bound.
    #[error("the user has no number bound to the chosen method")]
    ViaNotBound,
    /// Administrators sign in with their password, never with a code alone.
    #[error("administrators sign in with their password")]
    PasswordRequired,
    #[error(transparent)]
    Code(#[from] CodeError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// A code was sent (or, for sign-in to an unknown number, looks exactly as if it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentCode {
    /// Names the challenge when the code is submitted; not a secret.
    pub challenge_id: String,
    /// When another code may be asked for (UTC ms).
    pub resend_at_ms: i64,
    pub expires_at_ms: i64,
    pub code_length: u32,
    pub to: PhoneNumber,
}

/// A verifier a user can bind, with their binding or the bind they have under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindableVerifier {
    pub uid: VerifierUid,
    pub title: String,
    pub policy: Policy,
    pub bound: Option<PhoneNumber>,
    /// A bind code sent and still open, so the form picks up where it was after a reload.
    pub pending_bind: Option<SentCode>,
}

/// A verifier that allows signing in with a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInMethod {
    pub uid: VerifierUid,
    pub title: String,
    pub policy: Policy,
}

/// What end users do with verifiers: bind and unbind numbers, sign in with a code.
#[async_trait]
pub trait UserVerification: Send + Sync {
    /// Every verifier the user can bind, with their binding.
    async fn my_verifiers(&self, user: &User) -> Result<Vec<BindableVerifier>, VerificationError>;
    /// Sends a code, in `locale`, to a number the user wants to bind.
    async fn send_bind_code(
        &self,
        user: &User,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
        locale: Locale,
    ) -> Result<SentCode, VerificationError>;
    /// Binds the number once its code checks out.
    async fn bind(
        &self,
        user: &User,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
        challenge_id: &str,
        code: &str,
    ) -> Result<(), VerificationError>;
    /// Sends a code to the number the user has bound to `via`, to prove it before unbinding.
    async fn send_unbind_code(
        &self,
        user: &User,
        verifier: &VerifierUid,
        via: &VerifierUid,
        locale: Locale,
    ) -> Result<SentCode, VerificationError>;
    /// Unbinds `verifier` once the code sent through `via` checks out.
    async fn unbind(
        &self,
        user: &User,
        verifier: &VerifierUid,
        via: &VerifierUid,
        challenge_id: &str,
        code: &str,
    ) -> Result<(), VerificationError>;
    /// Verifiers an administrator allowed for signing in.
    async fn sign_in_verifiers(&self) -> Result<Vec<SignInMethod>, VerificationError>;
    /// The same answer whether or not the number is bound; only a bound number gets an SMS.
    async fn send_sign_in_code(
        &self,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
        client: &str,
        device_mark: Option<&str>,
        locale: Locale,
    ) -> Result<SentCode, VerificationError>;
    /// The user bound to the number, once the code checks out.
    async fn sign_in_with_code(
        &self,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
        challenge_id: &str,
        code: &str,
    ) -> Result<User, VerificationError>;
}

//! End users' verification: binding and unbinding numbers, and signing in with a code.
//!
//! Every code is issued for one scene and one user (none for sign-in), and checked for the same:
//! a bind code cannot unbind or sign in, and a code sent for one user cannot bind for another.

use app::i18n::Locale;
use std::sync::Arc;

use app::{
    ports::{
        BindableVerifier, CodeError, SentCode, SignInMethod, User, UserVerification,
        VerificationError,
    },
    types::{AuditAction, PhoneNumber, Role, VerifierUid},
};
use async_trait::async_trait;

use super::{
    audit::{Audited, new_event_id},
    known_device::DeviceMarks,
    otp::{CheckRequest, IssueRequest, Issued, IssuedTo, OtpEngine, Scene},
};
use crate::{
    clock::Clock,
    store::{
        Db, UserKey, VerifierRecord, Which,
        bindings::{ALREADY_BOUND, NUMBER_TAKEN},
        violated_unique,
    },
};

/// Implements [`UserVerification`].
pub struct VerificationService {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) otp: OtpEngine,
    /// Tells the browsers a number's user signed in from (see [`DeviceMarks`]).
    pub(crate) device_marks: DeviceMarks,
}

impl VerificationService {
    /// The number the user has bound to a verifier.
    async fn bound_number(
        &self,
        verifier: &VerifierUid,
        user: &User,
    ) -> anyhow::Result<Option<PhoneNumber>> {
        self.db
            .binding(verifier.as_str(), &user.id)
            .await?
            .map(|stored| stored_number(&stored))
            .transpose()
    }

    /// The number bound to the verifier the user chose to verify through.
    async fn via_number(
        &self,
        via: &VerifierUid,
        user: &User,
    ) -> Result<PhoneNumber, VerificationError> {
        self.bound_number(via, user)
            .await?
            .ok_or(VerificationError::ViaNotBound)
    }

    /// The bind code the user asked for and has not used, so the form picks up after a reload.
    async fn pending_bind(
        &self,
        verifier: &VerifierRecord,
        user: &User,
    ) -> anyhow::Result<Option<SentCode>> {
        let now = self.clock.now_ms();
        let Some(pending) = self
            .db
            .pending_bind(verifier.uid.as_str(), &user.id, now)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(SentCode {
            challenge_id: pending.challenge_id,
            resend_at_ms: pending.next_send_at,
            expires_at_ms: pending.expires_at,
            code_length: verifier.policy.code_length,
            to: stored_number(&pending.receiver)?,
        }))
    }

    async fn is_admin(&self, user_id: &str) -> anyhow::Result<bool> {
        let user = self.db.user(UserKey::Id(user_id)).await?;
        Ok(user.is_some_and(|user| user.role == Role::Admin))
    }

    /// Records a binding with its audit event; a number or user already bound is refused by the
    /// table's unique constraints, which also settle two users racing for one number.
    async fn record_binding(
        &self,
        user: &User,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
    ) -> Result<(), VerificationError> {
        let masked = phone.masked();
        let event_id = new_event_id()?;
        let event = Audited {
            actor: &user.id,
            action: AuditAction::Bind,
            subject: verifier.as_str(),
            verifier_uid: verifier.as_str(),
            masked_receiver: &masked,
        }
        .row(&event_id, self.clock.now_ms());
        let inserted = self
            .db
            .insert_binding(verifier.as_str(), &user.id, phone.as_str(), &event)
            .await;
        match inserted {
            Ok(()) => {
                tracing::info!(user = %user.id, verifier = %verifier, to = %masked, "number bound");
                Ok(())
            }
            Err(error) => Err(
                match violated_unique(&error, &[NUMBER_TAKEN, ALREADY_BOUND]) {
                    Some(name) if name == NUMBER_TAKEN.0 => VerificationError::NumberTaken,
                    Some(_) => VerificationError::AlreadyBound,
                    None => error.into(),
                },
            ),
        }
    }
}

/// A number read back from the database, where only E.164 numbers are written.
fn stored_number(stored: &str) -> anyhow::Result<PhoneNumber> {
    PhoneNumber::parse_e164(stored)
        .map_err(|_| anyhow::anyhow!("a stored number is not E.164: {:?}", stored.len()))
}

fn sent(issued: Issued, phone: &PhoneNumber) -> SentCode {
    SentCode {
        challenge_id: issued.challenge_id,
        resend_at_ms: issued.resend_at_ms,
        expires_at_ms: issued.expires_at_ms,
        code_length: issued.code_length,
        to: phone.clone(),
    }
}

#[async_trait]
impl UserVerification for VerificationService {
    async fn my_verifiers(&self, user: &User) -> Result<Vec<BindableVerifier>, VerificationError> {
        let bindings = self.db.bindings_of(&user.id).await?;
        let mut mine = Vec::new();
        for verifier in self.db.verifiers(Which::All).await? {
            let bound = bindings
                .iter()
                .find(|binding| binding.verifier_uid == verifier.uid.as_str())
                .map(|binding| stored_number(&binding.receiver))
                .transpose()?;
            let pending_bind = match bound {
                Some(_) => None,
                None => self.pending_bind(&verifier, user).await?,
            };
            mine.push(BindableVerifier {
                uid: verifier.uid,
                title: verifier.title,
                policy: verifier.policy,
                bound,
                pending_bind,
            });
        }
        Ok(mine)
    }

    async fn send_bind_code(
        &self,
        user: &User,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
        locale: Locale,
    ) -> Result<SentCode, VerificationError> {
        if self.bound_number(verifier, user).await?.is_some() {
            return Err(VerificationError::AlreadyBound);
        }
        let issued = self
            .otp
            .issue(&IssueRequest {
                verifier_uid: verifier,
                scene: Scene::Bind,
                receiver: phone,
                user_id: Some(&user.id),
                client: None,
                from_known_device: false,
                api_key: None,
                locale,
            })
            .await?;
        Ok(sent(issued, phone))
    }

    async fn bind(
        &self,
        user: &User,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
        challenge_id: &str,
        code: &str,
    ) -> Result<(), VerificationError> {
        self.otp
            .check(&CheckRequest {
                challenge_id,
                verifier_uid: verifier,
                scene: Scene::Bind,
                issued_to: Some(IssuedTo {
                    receiver: phone,
                    user_id: Some(&user.id),
                }),
                code,
            })
            .await?;
        self.record_binding(user, verifier, phone).await
    }

    async fn send_unbind_code(
        &self,
        user: &User,
        verifier: &VerifierUid,
        via: &VerifierUid,
        locale: Locale,
    ) -> Result<SentCode, VerificationError> {
        if self.bound_number(verifier, user).await?.is_none() {
            return Err(VerificationError::NotBound);
        }
        let phone = self.via_number(via, user).await?;
        let issued = self
            .otp
            .issue(&IssueRequest {
                verifier_uid: via,
                scene: Scene::Unbind,
                receiver: &phone,
                user_id: Some(&user.id),
                client: None,
                from_known_device: false,
                api_key: None,
                locale,
            })
            .await?;
        Ok(sent(issued, &phone))
    }

    async fn unbind(
        &self,
        user: &User,
        verifier: &VerifierUid,
        via: &VerifierUid,
        challenge_id: &str,
        code: &str,
    ) -> Result<(), VerificationError> {
        let via_phone = self.via_number(via, user).await?;
        self.otp
            .check(&CheckRequest {
                challenge_id,
                verifier_uid: via,
                scene: Scene::Unbind,
                issued_to: Some(IssuedTo {
                    receiver: &via_phone,
                    user_id: Some(&user.id),
                }),
                code,
            })
            .await?;
        let masked = self
            .bound_number(verifier, user)
            .await?
            .ok_or(VerificationError::NotBound)?
            .masked();
        let event_id = new_event_id()?;
        let event = Audited {
            actor: &user.id,
            action: AuditAction::Unbind,
            subject: verifier.as_str(),
            verifier_uid: verifier.as_str(),
            masked_receiver: &masked,
        }
        .row(&event_id, self.clock.now_ms());
        let deleted = self
            .db
            .delete_binding(verifier.as_str(), &user.id, &event)
            .await?;
        if !deleted {
            return Err(VerificationError::NotBound);
        }
        tracing::info!(user = %user.id, verifier = %verifier, to = %masked, "number unbound");
        Ok(())
    }

    async fn sign_in_verifiers(&self) -> Result<Vec<SignInMethod>, VerificationError> {
        let verifiers = self.db.verifiers(Which::SignIn).await?;
        Ok(verifiers
            .into_iter()
            .map(|verifier| SignInMethod {
                uid: verifier.uid,
                title: verifier.title,
                policy: verifier.policy,
            })
            .collect())
    }

    async fn send_sign_in_code(
        &self,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
        client: &str,
        device_mark: Option<&str>,
        locale: Locale,
    ) -> Result<SentCode, VerificationError> {
        let allows_sign_in = self
            .db
            .verifier(verifier)
            .await?
            .is_some_and(|record| record.sign_in_enabled);
        if !allows_sign_in {
            return Err(VerificationError::UnknownVerifier);
        }
        let bound_user = self
            .db
            .bound_user(verifier.as_str(), phone.as_str())
            .await?;
        // An unbound number goes through the same gate, limits and client budget and gets the
        // same answer, at once (a bound one's message is sent after the answer), but no message:
        // the caller cannot tell which numbers have accounts, from the answer or from its time.
        // So does an administrator's: they sign in with their password, so a stolen or swapped
        // SIM is not enough to take the console.
        let deliver = match &bound_user {
            Some(user_id) => !self.is_admin(user_id).await?,
            None => false,
        };
        let from_known_device = bound_user.as_deref().is_some_and(|user_id| {
            device_mark.is_some_and(|mark| self.device_marks.is_mark_of(user_id, mark))
        });
        let issued = self
            .otp
            .issue_detached(
                &IssueRequest {
                    verifier_uid: verifier,
                    scene: Scene::SignIn,
                    receiver: phone,
                    user_id: bound_user.as_deref(),
                    client: Some(client),
                    from_known_device,
                    api_key: None,
                    locale,
                },
                deliver,
            )
            .await?;
        Ok(sent(issued, phone))
    }

    async fn sign_in_with_code(
        &self,
        verifier: &VerifierUid,
        phone: &PhoneNumber,
        challenge_id: &str,
        code: &str,
    ) -> Result<User, VerificationError> {
        let bound_user = self
            .db
            .bound_user(verifier.as_str(), phone.as_str())
            .await?;
        self.otp
            .check(&CheckRequest {
                challenge_id,
                verifier_uid: verifier,
                scene: Scene::SignIn,
                issued_to: Some(IssuedTo {
                    receiver: phone,
                    user_id: bound_user.as_deref(),
                }),
                code,
            })
            .await?;
        let user = match bound_user {
            Some(user_id) => self.db.user(UserKey::Id(&user_id)).await?,
            None => None,
        };
        let user = user.ok_or(CodeError::Expired)?;
        if user.role == Role::Admin {
            return Err(VerificationError::PasswordRequired);
        }
        tracing::info!(user = %user.user_id, verifier = %verifier, "signed in with an SMS code");
        Ok(User {
            id: user.user_id,
            username: user.username,
            role: user.role,
        })
    }
}

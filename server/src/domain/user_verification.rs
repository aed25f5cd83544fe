//! End users' verification: binding and unbinding numbers, and signing in with a code.
//!
//! Every code is issued for one scene and one user (none for sign-in), and checked for the same:
//! a bind code cannot unbind or sign in, and a code sent for one user cannot bind for another.

use std::sync::Arc;

use app::{
    AppError,
    dto::{CodeSent, CurrentUser, MyVerifier, PendingBind, Role, SignInVerifier},
    ports::UserVerification,
    types::{PhoneNumber, Policy},
};
use async_trait::async_trait;

use super::otp::{CheckRequest, IssueRequest, Issued, OtpEngine, Scene};
use crate::{
    clock::Clock,
    error::{internal, random_hex},
    store::{
        ClientCounter, Db,
        bindings::{ALREADY_BOUND, AuditEvent, NUMBER_TAKEN},
        violated_unique,
    },
};

/// Anonymous sign-in sends allowed per client address per hour.
const SIGN_IN_SENDS_PER_CLIENT_HOUR: i64 = 20;
const HOUR_MS: i64 = 60 * 60 * 1000;

/// Implements [`UserVerification`].
pub struct VerificationService {
    db: Db,
    clock: Arc<dyn Clock>,
    otp: OtpEngine,
}

impl VerificationService {
    pub fn new(db: Db, clock: Arc<dyn Clock>, otp: OtpEngine) -> Self {
        Self { db, clock, otp }
    }

    /// The number the user has bound to a verifier.
    async fn bound_number(
        &self,
        verifier_uid: &str,
        user: &CurrentUser,
    ) -> Result<Option<PhoneNumber>, AppError> {
        let stored = self
            .db
            .binding(verifier_uid, &user.user_id)
            .await
            .map_err(internal)?;
        stored
            .map(|number| {
                PhoneNumber::parse_e164(&number)
                    .map_err(|_| internal(anyhow::anyhow!("a stored number is not E.164")))
            })
            .transpose()
    }

    /// The number bound to the verifier the user chose to verify through.
    async fn via_number(&self, via_uid: &str, user: &CurrentUser) -> Result<PhoneNumber, AppError> {
        self.bound_number(via_uid, user)
            .await?
            .ok_or_else(|| AppError::invalid("via", "Choose a verification method you have bound."))
    }
}

fn sent(issued: Issued, phone: &PhoneNumber) -> CodeSent {
    CodeSent {
        challenge_id: issued.challenge_id,
        resend_at_ms: issued.resend_at_ms,
        expires_at_ms: issued.expires_at_ms,
        code_length: issued.code_length,
        masked_receiver: phone.masked(),
    }
}

#[async_trait]
impl UserVerification for VerificationService {
    async fn my_verifiers(&self, user: &CurrentUser) -> Result<Vec<MyVerifier>, AppError> {
        let bindings = self.db.bindings_of(&user.user_id).await.map_err(internal)?;
        let now = self.clock.now_ms();
        let mut mine = Vec::new();
        for row in self.db.verifier_policies(false).await.map_err(internal)? {
            let policy: Policy = serde_json::from_str(&row.policy).map_err(internal)?;
            let bound = bindings
                .iter()
                .find(|b| b.verifier_uid == row.uid)
                .and_then(|b| PhoneNumber::parse_e164(&b.receiver).ok())
                .map(|phone| phone.masked());
            let pending_bind = match bound {
                Some(_) => None,
                None => self
                    .db
                    .pending_bind(&row.uid, &user.user_id, now)
                    .await
                    .map_err(internal)?
                    .and_then(|pending| {
                        let phone = PhoneNumber::parse_e164(&pending.receiver).ok()?;
                        Some(PendingBind {
                            sent: CodeSent {
                                challenge_id: pending.challenge_id,
                                resend_at_ms: pending.next_send_at,
                                expires_at_ms: pending.expires_at,
                                code_length: policy.code_length,
                                masked_receiver: phone.masked(),
                            },
                            phone: phone.as_str().to_owned(),
                        })
                    }),
            };
            mine.push(MyVerifier {
                uid: row.uid,
                title: row.title,
                bound,
                code_length: policy.code_length,
                allowed_countries: policy.allowed_countries,
                pending_bind,
            });
        }
        Ok(mine)
    }

    async fn send_bind_code(
        &self,
        user: &CurrentUser,
        verifier_uid: &str,
        phone: &PhoneNumber,
    ) -> Result<CodeSent, AppError> {
        if self.bound_number(verifier_uid, user).await?.is_some() {
            return Err(AppError::conflict(
                "phone",
                "You have already bound a number here; unbind it first.",
            ));
        }
        let issued = self
            .otp
            .issue(&IssueRequest {
                verifier_uid,
                scene: Scene::Bind,
                receiver: phone,
                user_id: Some(&user.user_id),
            })
            .await?;
        Ok(sent(issued, phone))
    }

    async fn bind(
        &self,
        user: &CurrentUser,
        verifier_uid: &str,
        phone: &PhoneNumber,
        challenge_id: &str,
        code: &str,
    ) -> Result<(), AppError> {
        self.otp
            .check(&CheckRequest {
                challenge_id,
                verifier_uid,
                scene: Scene::Bind,
                receiver: phone,
                user_id: Some(&user.user_id),
                code,
            })
            .await?;
        let masked = phone.masked();
        let event_id = random_hex(16).map_err(internal)?;
        let inserted = self
            .db
            .insert_binding(
                verifier_uid,
                &user.user_id,
                phone.as_str(),
                &AuditEvent {
                    event_id: &event_id,
                    user_id: &user.user_id,
                    action: "bind",
                    verifier_uid,
                    masked_receiver: &masked,
                    created_at: self.clock.now_ms(),
                },
            )
            .await;
        match inserted {
            Ok(()) => {
                tracing::info!(user = %user.user_id, verifier = verifier_uid, to = %masked, "number bound");
                Ok(())
            }
            Err(error) => Err(
                match violated_unique(&error, &[NUMBER_TAKEN, ALREADY_BOUND]) {
                    Some(name) if name == NUMBER_TAKEN.0 => AppError::conflict(
                        "phone",
                        "This number is already bound to another account.",
                    ),
                    Some(_) => AppError::conflict(
                        "phone",
                        "You have already bound a number here; unbind it first.",
                    ),
                    None => internal(error),
                },
            ),
        }
    }

    async fn send_unbind_code(
        &self,
        user: &CurrentUser,
        verifier_uid: &str,
        via_uid: &str,
    ) -> Result<CodeSent, AppError> {
        if self.bound_number(verifier_uid, user).await?.is_none() {
            return Err(AppError::NotFound);
        }
        let phone = self.via_number(via_uid, user).await?;
        let issued = self
            .otp
            .issue(&IssueRequest {
                verifier_uid: via_uid,
                scene: Scene::Unbind,
                receiver: &phone,
                user_id: Some(&user.user_id),
            })
            .await?;
        Ok(sent(issued, &phone))
    }

    async fn unbind(
        &self,
        user: &CurrentUser,
        verifier_uid: &str,
        via_uid: &str,
        challenge_id: &str,
        code: &str,
    ) -> Result<(), AppError> {
        let via_phone = self.via_number(via_uid, user).await?;
        self.otp
            .check(&CheckRequest {
                challenge_id,
                verifier_uid: via_uid,
                scene: Scene::Unbind,
                receiver: &via_phone,
                user_id: Some(&user.user_id),
                code,
            })
            .await?;
        let masked = self
            .bound_number(verifier_uid, user)
            .await?
            .ok_or(AppError::NotFound)?
            .masked();
        let event_id = random_hex(16).map_err(internal)?;
        let deleted = self
            .db
            .delete_binding(
                verifier_uid,
                &user.user_id,
                &AuditEvent {
                    event_id: &event_id,
                    user_id: &user.user_id,
                    action: "unbind",
                    verifier_uid,
                    masked_receiver: &masked,
                    created_at: self.clock.now_ms(),
                },
            )
            .await
            .map_err(internal)?;
        if !deleted {
            return Err(AppError::NotFound);
        }
        tracing::info!(user = %user.user_id, verifier = verifier_uid, to = %masked, "number unbound");
        Ok(())
    }

    async fn sign_in_verifiers(&self) -> Result<Vec<SignInVerifier>, AppError> {
        let rows = self.db.verifier_policies(true).await.map_err(internal)?;
        rows.into_iter()
            .map(|row| {
                let policy: Policy = serde_json::from_str(&row.policy).map_err(internal)?;
                Ok(SignInVerifier {
                    uid: row.uid,
                    title: row.title,
                    code_length: policy.code_length,
                    allowed_countries: policy.allowed_countries,
                })
            })
            .collect()
    }

    async fn send_sign_in_code(
        &self,
        verifier_uid: &str,
        phone: &PhoneNumber,
        client: &str,
    ) -> Result<CodeSent, AppError> {
        if !self
            .sign_in_verifiers()
            .await?
            .iter()
            .any(|v| v.uid == verifier_uid)
        {
            return Err(AppError::NotFound);
        }
        let now = self.clock.now_ms();
        let window_start = now - now.rem_euclid(HOUR_MS);
        if !self
            .db
            .count_for_client(
                ClientCounter::SignInSend,
                client,
                window_start,
                SIGN_IN_SENDS_PER_CLIENT_HOUR,
            )
            .await
            .map_err(internal)?
        {
            return Err(AppError::RateLimited {
                retry_after_secs: u64::try_from(window_start + HOUR_MS - now)
                    .unwrap_or(0)
                    .div_ceil(1000),
            });
        }
        let bound_user = self
            .db
            .bound_user(verifier_uid, phone.as_str())
            .await
            .map_err(internal)?;
        // An unbound number goes through the same gate and limits and gets the same answer, but
        // no message: the caller cannot tell which numbers have accounts.
        let issued = self
            .otp
            .issue_or_pretend(
                &IssueRequest {
                    verifier_uid,
                    scene: Scene::SignIn,
                    receiver: phone,
                    user_id: bound_user.as_deref(),
                },
                bound_user.is_some(),
            )
            .await?;
        Ok(sent(issued, phone))
    }

    async fn sign_in_with_code(
        &self,
        verifier_uid: &str,
        phone: &PhoneNumber,
        challenge_id: &str,
        code: &str,
    ) -> Result<CurrentUser, AppError> {
        let bound_user = self
            .db
            .bound_user(verifier_uid, phone.as_str())
            .await
            .map_err(internal)?;
        self.otp
            .check(&CheckRequest {
                challenge_id,
                verifier_uid,
                scene: Scene::SignIn,
                receiver: phone,
                user_id: bound_user.as_deref(),
                code,
            })
            .await?;
        let user_id = bound_user.ok_or(AppError::CodeExpired)?;
        let user = self
            .db
            .user_by_id(&user_id)
            .await
            .map_err(internal)?
            .ok_or(AppError::CodeExpired)?;
        tracing::info!(user = %user.user_id, verifier = verifier_uid, "signed in with an SMS code");
        Ok(CurrentUser {
            role: Role::from_stored(&user.role)
                .ok_or_else(|| internal(anyhow::anyhow!("unknown role")))?,
            user_id: user.user_id,
            username: user.username,
        })
    }
}

//! Server-side sessions: a 128-bit random cookie value, stored only as its SHA-256.

use std::{sync::Arc, time::Duration};

use app::ports::{NewSession, SessionError, Sessions, SignedInWith, User};
use async_trait::async_trait;
use sha2::{Digest, Sha256};

use super::known_device::DeviceMarks;
use crate::{
    clock::Clock,
    random::random_hex,
    store::{Db, SessionRow},
};

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute: Duration,
    /// `last_seen_at` is written at most this often, to spare the database a write per request.
    pub touch_every: Duration,
    /// Binding or unbinding a number asks for the password again when it was last typed longer
    /// ago than this: a session left open on a shared computer cannot take over the account's
    /// phone verification.
    pub password_recent_for: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
            touch_every: Duration::from_secs(60),
            password_recent_for: Duration::from_secs(10 * 60),
        }
    }
}

/// Implements [`Sessions`] over the database.
pub struct SessionService {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) policy: SessionPolicy,
    pub(crate) device_marks: DeviceMarks,
}

impl SessionService {
    /// Deletes every expired session; returns how many.
    pub async fn purge_expired(&self) -> anyhow::Result<u64> {
        let now = self.clock.now_ms();
        self.db
            .purge_sessions(
                now - millis(self.policy.idle),
                now - millis(self.policy.absolute),
            )
            .await
    }
}

#[async_trait]
impl Sessions for SessionService {
    async fn start(&self, user: &User, with: SignedInWith) -> Result<NewSession, SessionError> {
        let token = random_hex(16)?;
        let now = self.clock.now_ms();
        let password_at = (with == SignedInWith::Password).then_some(now);
        self.db
            .insert_session(&token_hash(&token), &user.id, now, password_at)
            .await?;
        Ok(NewSession {
            token,
            device_mark: self.device_marks.mark(&user.id),
        })
    }

    async fn resolve(&self, token: &str) -> Result<Option<User>, SessionError> {
        Ok(self.live(token).await?.map(|row| User {
            id: row.user_id,
            username: row.username,
            role: row.role,
        }))
    }

    async fn password_is_recent(&self, token: &str) -> Result<bool, SessionError> {
        let Some(row) = self.live(token).await? else {
            return Ok(false);
        };
        let now = self.clock.now_ms();
        Ok(row
            .password_at
            .is_some_and(|at| now - at <= millis(self.policy.password_recent_for)))
    }

    async fn password_confirmed(&self, token: &str) -> Result<(), SessionError> {
        Ok(self
            .db
            .set_session_password_at(&token_hash(token), self.clock.now_ms())
            .await?)
    }

    async fn end(&self, token: &str) -> Result<(), SessionError> {
        Ok(self.db.delete_session(&token_hash(token)).await?)
    }
}

impl SessionService {
    /// The session behind `token` while it lives; an expired one is deleted.
    async fn live(&self, token: &str) -> Result<Option<SessionRow>, SessionError> {
        let hash = token_hash(token);
        let Some(row) = self.db.session(&hash).await? else {
            return Ok(None);
        };
        let now = self.clock.now_ms();
        let idle_expired = now - row.last_seen_at > millis(self.policy.idle);
        let absolute_expired = now - row.created_at > millis(self.policy.absolute);
        if idle_expired || absolute_expired {
            self.db.delete_session(&hash).await?;
            return Ok(None);
        }
        if now - row.last_seen_at >= millis(self.policy.touch_every) {
            self.db.touch_session(&hash, now).await?;
        }
        Ok(Some(row))
    }
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

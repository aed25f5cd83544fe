//! API keys for other applications: made and revoked by administrators (console and command
//! line), checked on every API request. A key's SID names it; its secret (32 random bytes) is
//! shown once and stored only as an HMAC keyed by the server secret.

use std::sync::Arc;

use app::{
    ports::{ApiKeyError, ApiKeyListing, ApiKeys, IssuedKey, KeyScope},
    types::{AuditAction, VerifierUid},
};
use async_trait::async_trait;
use hmac::Mac;
use subtle::ConstantTimeEq;

use super::audit::Audited;
use crate::{
    clock::Clock,
    random::random_hex,
    secret::{Key, KeyRing, ServerSecret},
    store::{
        Db, Expiring,
        api_keys::{ApiKeyLookup, ApiKeyRow, NewApiKey},
    },
};

const SECRET_KEY_PURPOSE: &str = "verigate/api-key-secret/v1";
const ACCOUNT_SID_PURPOSE: &str = "verigate/account-sid/v1";

/// How an API request presents its key.
#[derive(Debug, Clone, Copy)]
pub enum Credentials<'a> {
    /// `Authorization: Bearer <secret>`.
    Bearer(&'a str),
    /// HTTP Basic `SID:secret`, as Twilio's libraries send it: the key's SID, or the Account
    /// SID.
    Basic { sid: &'a str, secret: &'a str },
}

/// The key an API request was made with, once it checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCaller {
    pub sid: String,
    pub name: String,
    pub scope: KeyScope,
}

/// Implements [`ApiKeys`] and authenticates API requests.
pub struct ApiKeyService {
    db: Db,
    clock: Arc<dyn Clock>,
    /// Secrets are hashed under the current key; a hash under a previous one (made before the
    /// server secret was rotated) still checks, and is hashed again under the current one.
    hash_keys: KeyRing,
    account_sid: String,
}

impl ApiKeyService {
    /// The service, with the installation's Account SID: derived from the server secret the
    /// first time and stored, so that rotating the secret does not change it.
    pub async fn start(
        db: Db,
        clock: Arc<dyn Clock>,
        secret: &ServerSecret,
    ) -> anyhow::Result<Self> {
        let derived = crate::mac::hmac_sha256(secret.derive(ACCOUNT_SID_PURPOSE).bytes())
            .finalize()
            .into_bytes();
        let account_sid = db
            .account_sid(&format!("AC{}", hex::encode(&derived[..16])))
            .await?;
        Ok(Self {
            db,
            clock,
            hash_keys: secret.derive_ring(SECRET_KEY_PURPOSE),
            account_sid,
        })
    }

    /// The live key these credentials name; `None` for unknown, wrong or revoked ones, which all
    /// look alike to the caller.
    pub async fn authenticate(
        &self,
        credentials: Credentials<'_>,
    ) -> anyhow::Result<Option<ApiCaller>> {
        let (sid, secret) = match credentials {
            Credentials::Bearer(secret) => (None, secret),
            // The Account SID as the user name is how Twilio's libraries are most often set up
            // (`Client(account_sid, auth_token)`): the secret alone names the key then.
            Credentials::Basic { sid, secret } if sid == self.account_sid => (None, secret),
            Credentials::Basic { sid, secret } => (Some(sid), secret),
        };
        // The secret's hash under each key, the current one first.
        let hashes: Vec<String> = self
            .hash_keys
            .all()
            .map(|key| secret_hash(key, secret))
            .collect();
        let row = match sid {
            Some(sid) => self.db.api_key_by(ApiKeyLookup::Sid, sid).await?,
            None => self.key_with_one_of(&hashes).await?,
        };
        // Compared in constant time even when the row was found by the hash itself.
        let Some((row, under)) = row.filter(|row| row.revoked_at.is_none()).and_then(|row| {
            hashes
                .iter()
                .position(|hash| bool::from(row.secret_hash.as_bytes().ct_eq(hash.as_bytes())))
                .map(|under| (row, under))
        }) else {
            return Ok(None);
        };
        if under > 0 {
            self.db
                .rehash_api_key(&row.key_sid, &row.secret_hash, &hashes[0])
                .await?;
            tracing::info!(key = %row.key_sid, "hashed an API key again under the current server secret");
        }
        self.db
            .touch_api_key(&row.key_sid, self.clock.now_ms())
            .await?;
        let scope = self.scope_of(&row).await?;
        Ok(Some(ApiCaller {
            sid: row.key_sid,
            name: row.name,
            scope,
        }))
    }

    /// The key whose secret hash is one of `hashes`, tried in order (one lookup unless the
    /// server secret was rotated).
    async fn key_with_one_of(&self, hashes: &[String]) -> anyhow::Result<Option<ApiKeyRow>> {
        for hash in hashes {
            if let Some(row) = self.db.api_key_by(ApiKeyLookup::SecretHash, hash).await? {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }

    async fn scope_of(&self, row: &ApiKeyRow) -> anyhow::Result<KeyScope> {
        if row.all_verifiers != 0 {
            return Ok(KeyScope::All);
        }
        let uids = self.db.verifiers_of_api_key(&row.key_sid).await?;
        Ok(KeyScope::Only(stored_uids(uids)?))
    }

    /// Deletes idempotency records older than a day.
    pub async fn purge_expired(&self) -> anyhow::Result<u64> {
        const DAY_MS: i64 = 24 * 60 * 60 * 1000;
        self.db
            .purge(Expiring::IdempotentRequests, self.clock.now_ms() - DAY_MS)
            .await
    }
}

/// How a key's secret is stored: hex of HMAC-SHA256(key, secret).
fn secret_hash(key: &Key, secret: &str) -> String {
    hex::encode(
        crate::mac::hmac_sha256(key.bytes())
            .chain_update(secret.as_bytes())
            .finalize()
            .into_bytes(),
    )
}

fn stored_uids(uids: Vec<String>) -> anyhow::Result<Vec<VerifierUid>> {
    uids.iter()
        .map(|uid| {
            VerifierUid::parse(uid)
                .map_err(|_| anyhow::anyhow!("a stored UID is malformed: {uid:?}"))
        })
        .collect()
}

#[async_trait]
impl ApiKeys for ApiKeyService {
    fn account_sid(&self) -> String {
        self.account_sid.clone()
    }

    async fn list_keys(&self) -> Result<Vec<ApiKeyListing>, ApiKeyError> {
        let rows = self.db.api_keys().await?;
        let limited = self.db.api_key_verifiers().await?;
        rows.into_iter()
            .map(|row| {
                let scope = if row.all_verifiers != 0 {
                    KeyScope::All
                } else {
                    KeyScope::Only(stored_uids(
                        limited
                            .iter()
                            .filter(|(sid, _)| *sid == row.key_sid)
                            .map(|(_, uid)| uid.clone())
                            .collect(),
                    )?)
                };
                Ok(ApiKeyListing {
                    sid: row.key_sid,
                    name: row.name,
                    scope,
                    created_at_ms: row.created_at,
                    last_used_at_ms: row.last_used_at,
                    revoked_at_ms: row.revoked_at,
                })
            })
            .collect()
    }

    async fn create_key(
        &self,
        actor: &str,
        name: String,
        scope: KeyScope,
    ) -> Result<IssuedKey, ApiKeyError> {
        if let KeyScope::Only(verifiers) = &scope {
            for uid in verifiers {
                if self.db.verifier(uid).await?.is_none() {
                    return Err(ApiKeyError::UnknownVerifier(uid.clone()));
                }
            }
        }
        let sid = format!("SK{}", random_hex(16)?);
        let secret = random_hex(32)?;
        let uids: Option<Vec<&str>> = match &scope {
            KeyScope::All => None,
            KeyScope::Only(verifiers) => Some(verifiers.iter().map(VerifierUid::as_str).collect()),
        };
        self.db
            .insert_api_key(&NewApiKey {
                key_sid: &sid,
                name: &name,
                secret_hash: &secret_hash(self.hash_keys.current(), &secret),
                verifiers: uids.as_deref(),
                created_at: self.clock.now_ms(),
            })
            .await?;
        Audited {
            actor,
            action: AuditAction::ApiKeyCreated,
            subject: &sid,
            verifier_uid: "",
            masked_receiver: "",
        }
        .record(&self.db, self.clock.as_ref())
        .await?;
        tracing::info!(key = %sid, name = %name, "API key created");
        Ok(IssuedKey { sid, name, secret })
    }

    async fn revoke_key(&self, actor: &str, sid: &str) -> Result<(), ApiKeyError> {
        if !self.db.revoke_api_key(sid, self.clock.now_ms()).await? {
            return Err(ApiKeyError::NotFound);
        }
        Audited {
            actor,
            action: AuditAction::ApiKeyRevoked,
            subject: sid,
            verifier_uid: "",
            masked_receiver: "",
        }
        .record(&self.db, self.clock.as_ref())
        .await?;
        tracing::info!(key = %sid, "API key revoked");
        Ok(())
    }
}

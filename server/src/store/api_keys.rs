//! API keys: each row holds a keyed hash of the secret, never the secret, and the verifiers the
//! key may use (all, or those listed in `api_key_verifier`).

use anyhow::Context as _;
use sqlx::FromRow;

use super::Db;

/// A stored API key.
#[derive(Debug, Clone, FromRow)]
pub struct ApiKeyRow {
    pub key_sid: String,
    pub name: String,
    pub secret_hash: String,
    pub all_verifiers: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A key about to be stored.
pub struct NewApiKey<'a> {
    pub key_sid: &'a str,
    pub name: &'a str,
    pub secret_hash: &'a str,
    /// `None`: every verifier.
    pub verifiers: Option<&'a [&'a str]>,
    pub created_at: i64,
}

const COLUMNS: &str =
    "key_sid, name, secret_hash, all_verifiers, created_at, last_used_at, revoked_at";

/// Last use is written at most this often, to spare a write per request.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

impl Db {
    pub async fn insert_api_key(&self, key: &NewApiKey<'_>) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "insert into api_key (key_sid, name, secret_hash, all_verifiers, created_at) \
             values ($1, $2, $3, $4, $5)",
        )
        .bind(key.key_sid)
        .bind(key.name)
        .bind(key.secret_hash)
        .bind(i64::from(key.verifiers.is_none()))
        .bind(key.created_at)
        .execute(&mut *tx)
        .await?;
        for verifier in key.verifiers.unwrap_or_default() {
            sqlx::query("insert into api_key_verifier (key_sid, verifier_uid) values ($1, $2)")
                .bind(key.key_sid)
                .bind(*verifier)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await.context("could not store an API key")
    }

    /// Every key, newest first.
    pub async fn api_keys(&self) -> anyhow::Result<Vec<ApiKeyRow>> {
        sqlx::query_as(&format!(
            "select {COLUMNS} from api_key order by created_at desc, key_sid"
        ))
        .fetch_all(&self.pool)
        .await
        .context("could not list the API keys")
    }

    /// (key SID, verifier UID) for every key limited to some verifiers.
    pub async fn api_key_verifiers(&self) -> anyhow::Result<Vec<(String, String)>> {
        sqlx::query_as("select key_sid, verifier_uid from api_key_verifier order by verifier_uid")
            .fetch_all(&self.pool)
            .await
            .context("could not list the API keys' verifiers")
    }

    /// The verifiers one key is limited to.
    pub async fn verifiers_of_api_key(&self, key_sid: &str) -> anyhow::Result<Vec<String>> {
        sqlx::query_scalar("select verifier_uid from api_key_verifier where key_sid = $1")
            .bind(key_sid)
            .fetch_all(&self.pool)
            .await
            .context("could not read an API key's verifiers")
    }

    /// The key whose secret has this hash, or whose SID is this (`column` is one of the two).
    pub async fn api_key_by(
        &self,
        column: ApiKeyLookup,
        value: &str,
    ) -> anyhow::Result<Option<ApiKeyRow>> {
        let column = match column {
            ApiKeyLookup::Sid => "key_sid",
            ApiKeyLookup::SecretHash => "secret_hash",
        };
        sqlx::query_as(&format!(
            "select {COLUMNS} from api_key where {column} = $1"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await
        .context("could not read an API key")
    }

    /// Replaces a key's secret hash, unless it changed meanwhile.
    pub async fn rehash_api_key(&self, key_sid: &str, was: &str, now: &str) -> anyhow::Result<()> {
        sqlx::query("update api_key set secret_hash = $3 where key_sid = $1 and secret_hash = $2")
            .bind(key_sid)
            .bind(was)
            .bind(now)
            .execute(&self.pool)
            .await
            .context("could not hash an API key again")?;
        Ok(())
    }

    /// The installation's Account SID: `derived` the first time it is asked for, the stored one
    /// ever after.
    pub async fn account_sid(&self, derived: &str) -> anyhow::Result<String> {
        sqlx::query(
            "insert into installation (id, account_sid) values (1, $1) on conflict (id) do nothing",
        )
        .bind(derived)
        .execute(&self.pool)
        .await
        .context("could not store the Account SID")?;
        sqlx::query_scalar("select account_sid from installation where id = 1")
            .fetch_one(&self.pool)
            .await
            .context("could not read the Account SID")
    }

    /// Records that a key was used, unless that was recorded less than a minute ago.
    pub async fn touch_api_key(&self, key_sid: &str, now: i64) -> anyhow::Result<()> {
        sqlx::query(
            "update api_key set last_used_at = $2 where key_sid = $1 \
             and (last_used_at is null or last_used_at <= $3)",
        )
        .bind(key_sid)
        .bind(now)
        .bind(now - TOUCH_EVERY_MS)
        .execute(&self.pool)
        .await
        .context("could not record an API key's use")?;
        Ok(())
    }

    /// Revokes a key; false when there is no such key. Revoking twice keeps the first time.
    pub async fn revoke_api_key(&self, key_sid: &str, now: i64) -> anyhow::Result<bool> {
        let done = sqlx::query(
            "update api_key set revoked_at = coalesce(revoked_at, $2) where key_sid = $1",
        )
        .bind(key_sid)
        .bind(now)
        .execute(&self.pool)
        .await
        .context("could not revoke an API key")?;
        Ok(done.rows_affected() == 1)
    }
}

/// How an API request names its key: Basic auth gives the SID, a bearer token only the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLookup {
    Sid,
    SecretHash,
}

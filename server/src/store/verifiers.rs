use sqlx::FromRow;

use super::Db;

/// A verifier as the admin table shows it.
#[derive(Debug, FromRow)]
pub struct VerifierRow {
    pub uid: String,
    pub title: String,
    pub description: String,
    pub verification_type: String,
    pub provider: String,
}

impl Db {
    pub async fn list_verifiers(&self) -> sqlx::Result<Vec<VerifierRow>> {
        sqlx::query_as(
            "select uid, title, description, verification_type, provider from verifier \
             order by created_at, uid",
        )
        .fetch_all(&self.pool)
        .await
    }
}

/// Everything stored about a verifier.
#[derive(Debug, FromRow)]
pub struct VerifierRecord {
    pub uid: String,
    pub title: String,
    pub description: String,
    pub provider: String,
    pub settings: String,
    pub policy: String,
    pub sign_in_enabled: i64,
    /// Empty when there is none.
    pub fallback_provider: String,
    pub fallback_settings: String,
}

/// A verifier about to be inserted.
pub struct NewVerifier<'a> {
    pub uid: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub verification_type: &'a str,
    pub provider: &'a str,
    pub settings: &'a str,
    pub policy: &'a str,
    pub sign_in_enabled: bool,
    /// Empty for none.
    pub fallback_provider: &'a str,
    pub fallback_settings: &'a str,
    pub now: i64,
}

impl Db {
    pub async fn verifier_record(&self, uid: &str) -> sqlx::Result<Option<VerifierRecord>> {
        sqlx::query_as(
            "select uid, title, description, provider, settings, policy, sign_in_enabled, \
             fallback_provider, fallback_settings from verifier where uid = $1",
        )
        .bind(uid)
        .fetch_optional(&self.pool)
        .await
    }

    /// Updates everything but the UID and the type; false when there is no such verifier.
    pub async fn update_verifier(&self, verifier: &NewVerifier<'_>) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "update verifier set title = $2, description = $3, provider = $4, settings = $5, \
             policy = $6, updated_at = $7, sign_in_enabled = $8, fallback_provider = $9, \
             fallback_settings = $10 where uid = $1",
        )
        .bind(verifier.uid)
        .bind(verifier.title)
        .bind(verifier.description)
        .bind(verifier.provider)
        .bind(verifier.settings)
        .bind(verifier.policy)
        .bind(verifier.now)
        .bind(i64::from(verifier.sign_in_enabled))
        .bind(verifier.fallback_provider)
        .bind(verifier.fallback_settings)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a verifier; its bindings, challenges and send gates go with it (foreign keys).
    pub async fn delete_verifier(&self, uid: &str) -> sqlx::Result<bool> {
        let done = sqlx::query("delete from verifier where uid = $1")
            .bind(uid)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn count_bindings(&self, uid: &str) -> sqlx::Result<i64> {
        sqlx::query_scalar("select count(*) from binding where verifier_uid = $1")
            .bind(uid)
            .fetch_one(&self.pool)
            .await
    }

    pub async fn insert_verifier(&self, verifier: &NewVerifier<'_>) -> sqlx::Result<()> {
        sqlx::query(
            "insert into verifier (uid, title, description, verification_type, provider, settings, \
             policy, created_at, updated_at, sign_in_enabled, fallback_provider, fallback_settings) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11)",
        )
        .bind(verifier.uid)
        .bind(verifier.title)
        .bind(verifier.description)
        .bind(verifier.verification_type)
        .bind(verifier.provider)
        .bind(verifier.settings)
        .bind(verifier.policy)
        .bind(verifier.now)
        .bind(i64::from(verifier.sign_in_enabled))
        .bind(verifier.fallback_provider)
        .bind(verifier.fallback_settings)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }
}

/// A verifier with its policy, for the user's pages.
#[derive(Debug, FromRow)]
pub struct VerifierPolicyRow {
    pub uid: String,
    pub title: String,
    pub policy: String,
}

impl Db {
    /// Every verifier, or only those that allow signing in.
    pub async fn verifier_policies(
        &self,
        sign_in_only: bool,
    ) -> sqlx::Result<Vec<VerifierPolicyRow>> {
        sqlx::query_as(
            "select uid, title, policy from verifier where sign_in_enabled >= $1 order by created_at, uid",
        )
        .bind(i64::from(sign_in_only))
        .fetch_all(&self.pool)
        .await
    }
}

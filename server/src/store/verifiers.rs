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

/// What sending through a verifier needs.
#[derive(Debug, FromRow)]
pub struct VerifierConfigRow {
    pub uid: String,
    pub title: String,
    pub provider: String,
    pub settings: String,
    pub policy: String,
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
    pub now: i64,
}

impl Db {
    pub async fn verifier_config(&self, uid: &str) -> sqlx::Result<Option<VerifierConfigRow>> {
        sqlx::query_as("select uid, title, provider, settings, policy from verifier where uid = $1")
            .bind(uid)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn insert_verifier(&self, verifier: &NewVerifier<'_>) -> sqlx::Result<()> {
        sqlx::query(
            "insert into verifier (uid, title, description, verification_type, provider, settings, \
             policy, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(verifier.uid)
        .bind(verifier.title)
        .bind(verifier.description)
        .bind(verifier.verification_type)
        .bind(verifier.provider)
        .bind(verifier.settings)
        .bind(verifier.policy)
        .bind(verifier.now)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }
}

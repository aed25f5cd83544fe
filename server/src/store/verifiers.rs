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

//! Verifiers: one typed record, read and written whole. The policy and the settings are JSON in
//! the table and decoded here only, once per read.

use anyhow::Context as _;
use app::types::{Policy, VerifierUid};
use serde_json::{Map, Value};
use sqlx::{Any, FromRow, any::AnyArguments, query::Query};

use super::Db;

/// The constraint a second verifier with a taken UID violates.
pub const UID_TAKEN: (&str, &str) = ("verifier_pkey", "verifier.uid");

/// A provider of a verifier with its stored settings (secrets sealed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredSlot {
    pub provider: String,
    pub settings: Map<String, Value>,
}

/// Everything stored about a verifier.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifierRecord {
    pub uid: VerifierUid,
    /// `VA` + 32 hex digits: the verifier's name in the API (a Twilio Verify Service SID).
    pub service_sid: String,
    pub title: String,
    pub description: String,
    pub verification_type: String,
    pub primary: StoredSlot,
    /// Used only when the primary provider is unavailable.
    pub fallback: Option<StoredSlot>,
    pub policy: Policy,
    pub sign_in_enabled: bool,
    /// When it was created and last changed, as stored (writes set them from their `now`).
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// The columns as stored.
#[derive(FromRow)]
struct VerifierRow {
    uid: String,
    service_sid: Option<String>,
    title: String,
    description: String,
    verification_type: String,
    provider: String,
    settings: String,
    policy: String,
    sign_in_enabled: i64,
    created_at: i64,
    updated_at: i64,
    /// Empty when there is none.
    fallback_provider: String,
    fallback_settings: String,
}

const COLUMNS: &str = "uid, service_sid, title, description, verification_type, provider, settings, \
                       policy, sign_in_enabled, created_at, updated_at, fallback_provider, \
                       fallback_settings";

impl TryFrom<VerifierRow> for VerifierRecord {
    type Error = anyhow::Error;

    fn try_from(row: VerifierRow) -> anyhow::Result<Self> {
        let uid = VerifierUid::parse(&row.uid)
            .map_err(|_| anyhow::anyhow!("the stored verifier UID {:?} is malformed", row.uid))?;
        fn json<T: serde::de::DeserializeOwned>(
            uid: &VerifierUid,
            what: &str,
            text: &str,
        ) -> anyhow::Result<T> {
            serde_json::from_str(text)
                .with_context(|| format!("verifier {uid} has a malformed {what}"))
        }
        let fallback = match row.fallback_provider.as_str() {
            "" => None,
            _ => Some(StoredSlot {
                settings: json(&uid, "fallback settings", &row.fallback_settings)?,
                provider: row.fallback_provider,
            }),
        };
        Ok(Self {
            primary: StoredSlot {
                settings: json(&uid, "settings", &row.settings)?,
                provider: row.provider,
            },
            policy: json(&uid, "policy", &row.policy)?,
            fallback,
            title: row.title,
            description: row.description,
            verification_type: row.verification_type,
            sign_in_enabled: row.sign_in_enabled != 0,
            created_at_ms: row.created_at,
            updated_at_ms: row.updated_at,
            service_sid: row
                .service_sid
                .with_context(|| format!("verifier {uid} has no Service SID yet"))?,
            uid,
        })
    }
}

/// Which verifiers a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    All,
    /// Those that allow signing in with a code.
    SignIn,
}

impl Db {
    pub async fn verifier(&self, uid: &VerifierUid) -> anyhow::Result<Option<VerifierRecord>> {
        self.verifier_where("uid", uid.as_str()).await
    }

    /// The verifier with this Service SID.
    pub async fn verifier_by_service_sid(
        &self,
        service_sid: &str,
    ) -> anyhow::Result<Option<VerifierRecord>> {
        self.verifier_where("service_sid", service_sid).await
    }

    async fn verifier_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> anyhow::Result<Option<VerifierRecord>> {
        let row: Option<VerifierRow> = sqlx::query_as(&format!(
            "select {COLUMNS} from verifier where {column} = $1"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await
        .context("could not read a verifier")?;
        row.map(VerifierRecord::try_from).transpose()
    }

    /// UIDs of the verifiers made before Service SIDs existed.
    pub async fn verifiers_without_service_sid(&self) -> anyhow::Result<Vec<String>> {
        sqlx::query_scalar("select uid from verifier where service_sid is null")
            .fetch_all(&self.pool)
            .await
            .context("could not list verifiers without a Service SID")
    }

    /// Gives a verifier its Service SID, unless another instance did first.
    pub async fn assign_service_sid(&self, uid: &str, service_sid: &str) -> anyhow::Result<()> {
        sqlx::query("update verifier set service_sid = $2 where uid = $1 and service_sid is null")
            .bind(uid)
            .bind(service_sid)
            .execute(&self.pool)
            .await
            .context("could not assign a Service SID")?;
        Ok(())
    }

    /// Verifiers in the order they were created.
    pub async fn verifiers(&self, which: Which) -> anyhow::Result<Vec<VerifierRecord>> {
        let rows: Vec<VerifierRow> = sqlx::query_as(&format!(
            "select {COLUMNS} from verifier where sign_in_enabled >= $1 order by created_at, uid"
        ))
        .bind(i64::from(which == Which::SignIn))
        .fetch_all(&self.pool)
        .await
        .context("could not list the verifiers")?;
        rows.into_iter().map(VerifierRecord::try_from).collect()
    }

    /// Inserts a new verifier; a taken UID violates [`UID_TAKEN`].
    pub async fn insert_verifier(&self, verifier: &VerifierRecord, now: i64) -> anyhow::Result<()> {
        let stored = Stored::of(verifier)?;
        changeable_columns(
            sqlx::query(
                "insert into verifier (uid, title, description, provider, settings, policy, \
                 updated_at, sign_in_enabled, fallback_provider, fallback_settings, created_at, \
                 verification_type, service_sid) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $7, $11, $12)",
            ),
            verifier,
            &stored,
            now,
        )
        .bind(&verifier.verification_type)
        .bind(&verifier.service_sid)
        .execute(&self.pool)
        .await
        .context("could not insert a verifier")?;
        Ok(())
    }

    /// Updates everything but the UID, the Service SID and the type; false when there is no such
    /// verifier.
    pub async fn update_verifier(
        &self,
        verifier: &VerifierRecord,
        now: i64,
    ) -> anyhow::Result<bool> {
        let stored = Stored::of(verifier)?;
        let done = changeable_columns(
            sqlx::query(
                "update verifier set title = $2, description = $3, provider = $4, settings = $5, \
                 policy = $6, updated_at = $7, sign_in_enabled = $8, fallback_provider = $9, \
                 fallback_settings = $10 where uid = $1",
            ),
            verifier,
            &stored,
            now,
        )
        .execute(&self.pool)
        .await
        .context("could not update a verifier")?;
        Ok(done.rows_affected() == 1)
    }

    /// Writes the record's settings, unless the verifier changed since it was read (its
    /// `updated_at` moved); whether they were written. `updated_at` stays: nobody edited it.
    pub async fn replace_settings(&self, verifier: &VerifierRecord) -> anyhow::Result<bool> {
        let stored = Stored::of(verifier)?;
        let done = sqlx::query(
            "update verifier set settings = $2, fallback_settings = $3 \
             where uid = $1 and updated_at = $4",
        )
        .bind(verifier.uid.as_str())
        .bind(&stored.settings)
        .bind(&stored.fallback_settings)
        .bind(verifier.updated_at_ms)
        .execute(&self.pool)
        .await
        .context("could not replace a verifier's settings")?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a verifier; its bindings, challenges and send gates go with it (foreign keys).
    pub async fn delete_verifier(&self, uid: &VerifierUid) -> anyhow::Result<bool> {
        let done = sqlx::query("delete from verifier where uid = $1")
            .bind(uid.as_str())
            .execute(&self.pool)
            .await
            .context("could not delete a verifier")?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn count_bindings(&self, uid: &VerifierUid) -> anyhow::Result<i64> {
        sqlx::query_scalar("select count(*) from binding where verifier_uid = $1")
            .bind(uid.as_str())
            .fetch_one(&self.pool)
            .await
            .context("could not count a verifier's bindings")
    }
}

/// The JSON columns of a record.
/// Binds $1 (the UID) and $2–$10, the columns an update may change, in the order both writes
/// name them.
fn changeable_columns<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    verifier: &'q VerifierRecord,
    stored: &'q Stored<'q>,
    now: i64,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(verifier.uid.as_str())
        .bind(&verifier.title)
        .bind(&verifier.description)
        .bind(&verifier.primary.provider)
        .bind(&stored.settings)
        .bind(&stored.policy)
        .bind(now)
        .bind(i64::from(verifier.sign_in_enabled))
        .bind(stored.fallback_provider)
        .bind(&stored.fallback_settings)
}

struct Stored<'a> {
    settings: String,
    policy: String,
    fallback_provider: &'a str,
    fallback_settings: String,
}

impl<'a> Stored<'a> {
    fn of(verifier: &'a VerifierRecord) -> anyhow::Result<Self> {
        let empty = StoredSlot::default();
        let fallback = verifier.fallback.as_ref().unwrap_or(&empty);
        Ok(Self {
            settings: serde_json::to_string(&verifier.primary.settings)?,
            policy: serde_json::to_string(&verifier.policy)?,
            fallback_provider: verifier
                .fallback
                .as_ref()
                .map_or("", |slot| slot.provider.as_str()),
            fallback_settings: serde_json::to_string(&fallback.settings)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_stored_before_the_send_budgets_loads_with_their_defaults() {
        let stored = r#"{"code_length":6,"code_lifetime_secs":300,"resend_interval_secs":60,
            "max_attempts":5,"sends_per_hour":5,"sends_per_day":10,"allowed_countries":[]}"#;

        let policy: Policy = serde_json::from_str(stored).expect("an old policy loads");

        assert_eq!(
            (
                policy.numbers_per_user_hour,
                policy.codes_per_user_day,
                policy.sign_ins_per_client_hour,
                policy.api_sends_per_key_minute,
                policy.api_sends_per_key_day,
                policy.sends_per_verifier_day,
            ),
            (5, 20, 20, 60, 5_000, 1_000)
        );
    }
}

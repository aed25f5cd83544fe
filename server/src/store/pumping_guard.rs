//! The SMS-pumping guard's state: a hold per verifier and calling code, and the counts that
//! decide one (codes that went out to the calling code, and how many of them were verified).

use anyhow::Context as _;

use super::Db;

/// Codes that went out to one calling code since some time, and how many were verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion {
    pub sent: i64,
    pub verified: i64,
}

impl Db {
    /// Until when sends to `calling_code` are held, and since when its codes count; `None`
    /// when it was never held.
    pub async fn pumping_guard(
        &self,
        verifier_uid: &str,
        calling_code: u16,
    ) -> anyhow::Result<Option<(i64, i64)>> {
        sqlx::query_as(
            "select held_until, counts_from from pumping_guard \
             where verifier_uid = $1 and calling_code = $2",
        )
        .bind(verifier_uid)
        .bind(i64::from(calling_code))
        .fetch_optional(&self.pool)
        .await
        .context("could not read the pumping guard")
    }

    /// The numbers with `calling_code` that codes went out to since `since` (by challenges that
    /// were not abandoned, less anonymous ones to numbers bound to no one: no message goes to
    /// those), and how many of them approved one. Numbers, not codes: one account's resends to
    /// its few numbers cannot make a country look like pumping. E.164 calling codes are a prefix
    /// code, so the numbers of `+86` are exactly those from `+86` up to `+87`: a range the index
    /// on (verifier, receiver) answers, where `like '+86%'` would read every challenge of the
    /// verifier (999, whose successor is not a prefix, is no country's code).
    pub async fn conversion(
        &self,
        verifier_uid: &str,
        calling_code: u16,
        since: i64,
    ) -> anyhow::Result<Conversion> {
        let (sent, verified): (i64, i64) = sqlx::query_as(
            "select count(distinct receiver), \
             count(distinct case when outcome = 'approved' then receiver end) from challenge \
             where verifier_uid = $1 and receiver >= $2 and receiver < $3 and created_at >= $4 \
             and (outcome is null or outcome <> 'failed') \
             and not (lane = 'anonymous' and user_id = '')",
        )
        .bind(verifier_uid)
        .bind(format!("+{calling_code}"))
        .bind(format!("+{}", u32::from(calling_code) + 1))
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .context("could not count a calling code's codes")?;
        Ok(Conversion { sent, verified })
    }

    /// Holds sends to `calling_code` until `held_until`, unless a hold is already on; false
    /// when one was (another instance placed it first).
    pub async fn hold_calling_code(
        &self,
        verifier_uid: &str,
        calling_code: u16,
        now: i64,
        held_until: i64,
    ) -> anyhow::Result<bool> {
        sqlx::query(
            "insert into pumping_guard (verifier_uid, calling_code, held_until, counts_from) \
             values ($1, $2, $3, 0) \
             on conflict (verifier_uid, calling_code) do update \
             set held_until = excluded.held_until where pumping_guard.held_until <= $4",
        )
        .bind(verifier_uid)
        .bind(i64::from(calling_code))
        .bind(held_until)
        .bind(now)
        .execute(&self.pool)
        .await
        .map(|done| done.rows_affected() == 1)
        .context("could not hold a calling code")
    }

    /// Ends a hold at `now` and counts codes from then on; false when there was none.
    pub async fn release_calling_code(
        &self,
        verifier_uid: &str,
        calling_code: u16,
        now: i64,
    ) -> anyhow::Result<bool> {
        let released = sqlx::query(
            "update pumping_guard set held_until = $3, counts_from = $3 \
             where verifier_uid = $1 and calling_code = $2 and held_until > $3",
        )
        .bind(verifier_uid)
        .bind(i64::from(calling_code))
        .bind(now)
        .execute(&self.pool)
        .await
        .context("could not release a calling code")?;
        Ok(released.rows_affected() == 1)
    }

    /// The calling codes whose sends are held at `now`, and until when.
    pub async fn held_calling_codes(
        &self,
        verifier_uid: &str,
        now: i64,
    ) -> anyhow::Result<Vec<(i64, i64)>> {
        sqlx::query_as(
            "select calling_code, held_until from pumping_guard \
             where verifier_uid = $1 and held_until > $2 order by calling_code",
        )
        .bind(verifier_uid)
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .context("could not read the held calling codes")
    }
}

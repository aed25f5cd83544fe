//! Per-client-address counters in fixed one-hour windows, for what anonymous callers may do:
//! fail password sign-ins and sign up (sends are counted with the send, in `send_budgets`). One
//! conditional upsert per count, atomic on both databases and across instances.

use anyhow::Context as _;

use super::Db;

/// What a client window counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientCounter {
    /// Failed (or not yet judged) password sign-ins.
    PasswordFailure,
    /// Accounts created through sign-up.
    SignUp,
}

impl ClientCounter {
    fn as_str(self) -> &'static str {
        match self {
            Self::PasswordFailure => "password_failure",
            Self::SignUp => "sign_up",
        }
    }
}

impl Db {
    /// Counts one for `client` in the window starting at `window_start`, unless it already has
    /// `cap`; true when counted.
    pub async fn count_for_client(
        &self,
        counter: ClientCounter,
        client: &str,
        window_start: i64,
        cap: i64,
    ) -> anyhow::Result<bool> {
        let counted: Option<i64> = sqlx::query_scalar(
            "insert into client_window (counter, client, window_start, hits) \
             values ($1, $2, $3, 1) \
             on conflict (counter, client, window_start) do update \
             set hits = client_window.hits + 1 where client_window.hits < $4 returning hits",
        )
        .bind(counter.as_str())
        .bind(client)
        .bind(window_start)
        .bind(cap)
        .fetch_optional(&self.pool)
        .await?;
        Ok(counted.is_some())
    }

    /// Takes back one counted for `client` that turned out not to count.
    pub async fn uncount_for_client(
        &self,
        counter: ClientCounter,
        client: &str,
        window_start: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "update client_window set hits = hits - 1 \
             where counter = $1 and client = $2 and window_start = $3 and hits > 0",
        )
        .bind(counter.as_str())
        .bind(client)
        .bind(window_start)
        .execute(&self.pool)
        .await
        .map(|_| ())
        .context("could not take back a client count")
    }
}

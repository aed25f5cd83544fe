//! Storage: one sqlx pool over SQLite or PostgreSQL, chosen by the URL scheme, and the queries of
//! each resource. The SQL is portable, so every query is written once and runs on both.

pub mod api_keys;
pub mod audit;
pub mod bindings;
pub mod challenges;
mod client_windows;
pub mod daily_sends;
pub mod idempotency;
mod messages;
pub mod pumping_guard;
pub mod send_budgets;
mod sessions;
pub mod sign_in_throttle;
pub mod users;
pub mod verifiers;
pub mod wrong_codes;

pub use client_windows::ClientCounter;
pub use messages::{MessageRow, NewMessage};
pub use sessions::SessionRow;
pub use users::{NewUser, UserKey, UserRow};
pub use verifiers::{StoredSlot, VerifierRecord, Which};

use std::{path::Path, str::FromStr, time::Duration};

use anyhow::Context;
use sqlx::{
    AnyPool, Executor,
    any::{AnyPoolOptions, install_default_drivers},
};

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Reads the backend from a database URL's scheme.
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            anyhow::bail!(
                "unsupported database URL scheme in {:?}: use sqlite:// or postgres://",
                redact_url(url)
            )
        }
    }
}

/// The database handle shared by every request.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Connects, creating the SQLite file (and its directory) when it does not exist yet.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        install_default_drivers();
        let backend = Backend::of_url(url)?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        let options = match backend {
            // One connection: SQLite runs one writer at a time anyway, and a second connection
            // of this process would wait for the lock in SQLite's busy handler, which sleeps
            // 1, 2, 5, 10… ms between tries (the p99 of the flows was sums of those sleeps).
            // Requests now queue for the connection in the pool instead, in order, and its
            // thread stays busy while work is queued. WAL still lets other processes read
            // during a write; the busy timeout makes writers of other processes on the same
            // file queue instead of failing with SQLITE_BUSY.
            Backend::Sqlite => options.max_connections(1).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(
                        "pragma journal_mode = wal; pragma synchronous = normal; \
                         pragma busy_timeout = 10000; pragma foreign_keys = on;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options.max_connections(16),
        };
        let pool = options
            .connect(&url)
            .await
            .with_context(|| format!("could not connect to the database {}", redact_url(&url)))?;
        Ok(Self { pool, backend })
    }

    /// Applies the embedded migrations that have not run yet.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        sqlx::migrate!("./migrations")
            .run(&self.pool)
            .await
            .context("database migration failed")
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("select 1")
            .execute(&self.pool)
            .await
            .context("database did not answer")?;
        Ok(())
    }
}

/// Adds `mode=rwc` so a missing file is created, and creates its directory.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        anyhow::bail!(
            "an in-memory SQLite database cannot be shared by the pool; give a file path"
        );
    }
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("could not create the directory {}", parent.display()))?;
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// The rows that are deleted once a time of theirs has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiring {
    /// By when they expired.
    Challenges,
    /// By when they were logged.
    Messages,
    AuditEvents,
    SignInFailures,
    /// By their hour's last refused attempt.
    SignInRefusals,
    /// By when their number may be sent to again.
    SendGates,
    /// By when their budget's window ended.
    SendBudgets,
    /// By when their key was first used.
    IdempotentRequests,
    /// By when their hold ended (a release ends it too, and the codes that decide a hold are
    /// counted from then on at the earliest, so a row whose hold ended long ago decides nothing).
    PumpingGuards,
    /// The insights counters, by their UTC day.
    DailySends,
}

impl Expiring {
    fn table_and_time(self) -> (&'static str, &'static str) {
        match self {
            Self::Challenges => ("challenge", "expires_at"),
            Self::Messages => ("message", "created_at"),
            Self::AuditEvents => ("audit_event", "created_at"),
            Self::SignInFailures => ("sign_in_failure", "created_at"),
            Self::SignInRefusals => ("sign_in_refusal", "last_at"),
            Self::SendGates => ("send_gate", "next_send_at"),
            Self::SendBudgets => ("send_budget", "window_end"),
            Self::IdempotentRequests => ("idempotent_request", "created_at"),
            Self::PumpingGuards => ("pumping_guard", "held_until"),
            Self::DailySends => ("daily_sends", "day"),
        }
    }
}

impl Db {
    /// Deletes the `rows` whose time is before `before`; returns how many went.
    pub async fn purge(&self, rows: Expiring, before: i64) -> anyhow::Result<u64> {
        let (table, time) = rows.table_and_time();
        sqlx::query(&format!("delete from {table} where {time} < $1"))
            .bind(before)
            .execute(&self.pool)
            .await
            .map(|done| done.rows_affected())
            .with_context(|| format!("could not purge {table}"))
    }
}

/// The URL with any password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::from_str(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// The unique constraint an error violated, named the same on both backends.
///
/// PostgreSQL reports the constraint's name; SQLite reports `table.column`, which is mapped
/// through `sqlite_columns`.
pub fn violated_unique<'a>(
    error: &anyhow::Error,
    constraints: &[(&'a str, &str)],
) -> Option<&'a str> {
    let database_error = error.downcast_ref::<sqlx::Error>()?.as_database_error()?;
    if database_error.kind() != sqlx::error::ErrorKind::UniqueViolation {
        return None;
    }
    let message = database_error.message();
    constraints
        .iter()
        .find(|(name, sqlite_columns)| {
            database_error.constraint() == Some(*name)
                || message.ends_with(&format!("constraint failed: {sqlite_columns}"))
        })
        .map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://verigate:hunter2@db:5432/verigate"),
            "postgres://verigate:***@db:5432/verigate"
        );
        assert_eq!(
            redact_url("sqlite://data/verigate.db"),
            "sqlite://data/verigate.db"
        );
    }

    #[test]
    fn the_backend_follows_the_scheme() {
        assert_eq!(Backend::of_url("sqlite://x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgresql://h/d").ok(),
            Some(Backend::Postgres)
        );
        assert!(Backend::of_url("mysql://h/d").is_err());
    }

    #[test]
    fn sqlite_urls_get_create_mode_and_memory_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/sub/v.db", dir.path().display());
        assert_eq!(
            prepare_sqlite_url(&url).ok(),
            Some(format!("{url}?mode=rwc"))
        );
        assert!(dir.path().join("sub").is_dir());
        assert!(prepare_sqlite_url("sqlite::memory:").is_err());
    }
}

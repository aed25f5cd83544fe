//! A fresh database per test, dropped when the test's application ends.

use std::path::{Path, PathBuf};

use sqlx::{Connection, Executor, postgres::PgConnection};

use super::Backend;

/// A test's own database: a SQLite file in the test's data directory, or a PostgreSQL
/// database created for it on `TEST_POSTGRES_URL` and dropped (with its connections) on drop.
pub struct TestDatabase {
    url: String,
    postgres: Option<PostgresDatabase>,
}

/// A database created on a PostgreSQL server.
struct PostgresDatabase {
    /// The server's URL, for a connection to drop it from.
    server: String,
    name: String,
}

impl TestDatabase {
    /// Creates a fresh database for `backend`; SQLite's goes into `data_dir`.
    pub async fn create(backend: Backend, data_dir: &Path) -> Self {
        match backend {
            Backend::Sqlite => Self {
                url: format!("sqlite://{}/verigate.db", data_dir.display()),
                postgres: None,
            },
            Backend::Postgres => {
                let server = std::env::var("TEST_POSTGRES_URL").expect(
                    "TEST_POSTGRES_URL must name a PostgreSQL server for the postgres:: tests \
                     (`make test` starts one)",
                );
                let name = format!("verigate_test_{}", random_suffix());
                execute(&server, &format!(r#"create database "{name}""#))
                    .await
                    .expect("create a test database");
                let mut url = url::Url::parse(&server).expect("TEST_POSTGRES_URL is a URL");
                url.set_path(&name);
                Self {
                    url: url.to_string(),
                    postgres: Some(PostgresDatabase { server, name }),
                }
            }
        }
    }

    /// The URL the application connects to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The PostgreSQL database's name; `None` on SQLite.
    pub fn postgres_name(&self) -> Option<&str> {
        self.postgres
            .as_ref()
            .map(|database| database.name.as_str())
    }
}

/// Where a test application keeps its data.
#[derive(Debug)]
pub enum DataLocation {
    /// The data directory, with the SQLite file.
    Directory(PathBuf),
    /// A database on `TEST_POSTGRES_URL`.
    PostgresDatabase(String),
}

impl DataLocation {
    /// Whether the directory or database is still there.
    pub async fn exists(&self) -> bool {
        match self {
            Self::Directory(path) => path.exists(),
            Self::PostgresDatabase(name) => {
                let server = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL");
                let mut connection = PgConnection::connect(&server)
                    .await
                    .expect("connect to TEST_POSTGRES_URL");
                sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
                    .bind(name)
                    .fetch_one(&mut connection)
                    .await
                    .expect("the list of databases")
            }
        }
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        // Drop runs inside the test's tokio runtime, which may not block on a future: a thread
        // with a runtime of its own does. `with (force)` ends the connections the application's
        // pool still holds.
        let (server, name) = (self.server.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(sqlx::Error::from)?
                .block_on(execute(
                    &server,
                    &format!(r#"drop database if exists "{name}" with (force)"#),
                ))
        })
        .join();
        // Never panic here: a panic while a failed test unwinds would abort the whole run.
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("could not drop test database {}: {error}", self.name),
            Err(_) => eprintln!("dropping test database {} panicked", self.name),
        }
    }
}

/// Runs one statement on its own connection to `server`.
async fn execute(server: &str, statement: &str) -> Result<(), sqlx::Error> {
    let mut connection = PgConnection::connect(server).await?;
    connection.execute(statement).await?;
    connection.close().await
}

fn random_suffix() -> String {
    use rand::Rng;
    let value: u64 = rand::rng().random();
    format!("{value:016x}")
}

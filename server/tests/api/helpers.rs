//! `TestApp`: the real application, built in-process on a fresh SQLite file or a fresh
//! PostgreSQL database, served on a free loopback port and driven over HTTP.

use std::{sync::Arc, time::Duration};

use app::dto::CurrentUser;
use reqwest::{Response, StatusCode};
use sqlx::{Connection, Executor, postgres::PgConnection};
use verigate::{
    Application, clock::ManualClock, config::Settings, domain::otp::OtpEngine, store::Db,
};

/// Where a scenario runs.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Emits one `#[tokio::test]` per database for each scenario `async fn name(backend: Backend)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::helpers::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::helpers::Backend::Postgres).await
                }
            )*
        }
    };
}

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub address: String,
    pub clock: ManualClock,
    pub db: Db,
    pub otp: OtpEngine,
    /// A browser: keeps cookies, does not follow redirects.
    pub client: reqwest::Client,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    /// Builds and serves the application on a fresh database.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Like [`TestApp::spawn`], with a chance to adjust the settings first.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> Self {
        let data_dir = tempfile::tempdir().expect("temporary directory");
        let mut settings = Settings {
            database_url: fresh_database(backend, &data_dir).await,
            listen_addr: "127.0.0.1:0".parse().expect("address"),
            data_dir: data_dir.path().to_owned(),
            ..Settings::default()
        };
        adjust(&mut settings);
        let clock = ManualClock::starting_now();
        let application = Application::build_with_clock(&settings, Arc::new(clock.clone()))
            .await
            .expect("the application builds");
        let address = format!("http://{}", application.address());
        let db = application.db().clone();
        let otp = application.otp().clone();
        tokio::spawn(application.run_until_stopped());
        Self {
            address,
            clock,
            db,
            otp,
            client: browser(),
            _data_dir: data_dir,
        }
    }

    /// Another browser against the same server (no cookies shared).
    pub fn new_browser(&self) -> reqwest::Client {
        browser()
    }

    /// Calls a server function the way our own page's JavaScript does.
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Response {
        client
            .post(format!("{}/api/{endpoint}", self.address))
            .header("Origin", &self.address)
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn sign_up(&self, client: &reqwest::Client, username: &str) -> Response {
        self.call(
            client,
            "sign_up",
            &[
                ("username", username),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await
    }

    pub async fn sign_in(
        &self,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> Response {
        self.call(
            client,
            "sign_in",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub async fn create_first_admin(&self, client: &reqwest::Client, username: &str) -> Response {
        self.call(
            client,
            "create_first_admin",
            &[
                ("username", username),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await
    }

    /// Who the server thinks `client` is.
    pub async fn whoami(&self, client: &reqwest::Client) -> Option<CurrentUser> {
        let response = self.call(client, "whoami", &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "whoami answers");
        response.json().await.expect("whoami returns JSON")
    }

    /// A signed-in ordinary user's browser.
    pub async fn signed_in_user(&self, username: &str) -> reqwest::Client {
        let client = self.new_browser();
        let response = self.sign_up(&client, username).await;
        assert!(
            response.status().is_success(),
            "sign-up succeeds: {}",
            response.status()
        );
        client
    }

    /// A signed-in administrator's browser.
    pub async fn signed_in_admin(&self) -> reqwest::Client {
        let client = self.new_browser();
        let response = self.create_first_admin(&client, "admin").await;
        assert!(
            response.status().is_success(),
            "admin creation succeeds: {}",
            response.status()
        );
        client
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

async fn fresh_database(backend: Backend, data_dir: &tempfile::TempDir) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/verigate.db", data_dir.path().display()),
        Backend::Postgres => {
            let server = std::env::var("TEST_POSTGRES_URL").expect(
                "TEST_POSTGRES_URL must name a PostgreSQL server for the postgres:: tests \
                 (`make test` starts one)",
            );
            let name = format!("verigate_test_{}", random_suffix());
            let mut connection = PgConnection::connect(&server)
                .await
                .expect("connect to TEST_POSTGRES_URL");
            connection
                .execute(format!(r#"create database "{name}""#).as_str())
                .await
                .expect("create a test database");
            let mut url = url::Url::parse(&server).expect("TEST_POSTGRES_URL is a URL");
            url.set_path(&name);
            url.to_string()
        }
    }
}

fn random_suffix() -> String {
    use rand::Rng;
    let value: u64 = rand::rng().random();
    format!("{value:016x}")
}

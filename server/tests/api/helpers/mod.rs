//! `TestApp`: the real application, built in-process on a fresh SQLite file or a fresh
//! PostgreSQL database, served on a free loopback port and driven over HTTP.

mod database;

use std::{sync::Arc, time::Duration};

use app::dto::CurrentUser;
use reqwest::{Response, StatusCode};
use verigate::{
    Application, clock::ManualClock, config::Settings, domain::otp::OtpEngine, emulator::Emulator,
    store::Db,
};

use database::{DataLocation, TestDatabase};

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

/// The form of a server function that takes no arguments.
pub const NO_ARGUMENTS: &[(&str, &str)] = &[];

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub address: String,
    pub clock: ManualClock,
    pub db: Db,
    pub otp: OtpEngine,
    /// The SMS gateway emulator (on in every test) and its base URL, `http://127.0.0.1:<port>`.
    pub emulator: Arc<Emulator>,
    pub emulator_url: String,
    settings: Settings,
    /// A browser: keeps cookies, does not follow redirects.
    pub client: reqwest::Client,
    /// The data directory and database, removed when the last instance on them ends.
    storage: Arc<Storage>,
}

/// What a test's instances store their data in; dropping it removes both.
struct Storage {
    database: TestDatabase,
    // Dropped after the database: SQLite's file lives in here.
    data_dir: tempfile::TempDir,
}

impl TestApp {
    /// Builds and serves the application on a fresh database.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Like [`TestApp::spawn`], with a chance to adjust the settings first.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> Self {
        capture_logs();
        let data_dir = tempfile::tempdir().expect("temporary directory");
        // Owned before anything else can fail, so a failed start still removes the database.
        let storage = Arc::new(Storage {
            database: TestDatabase::create(backend, data_dir.path()).await,
            data_dir,
        });
        let mut settings = Settings {
            database_url: storage.database.url().to_owned(),
            listen_addr: "127.0.0.1:0".parse().expect("address"),
            data_dir: storage.data_dir.path().to_owned(),
            emulator: true,
            emulator_addr: "127.0.0.1:0".parse().expect("address"),
            ..Settings::default()
        };
        adjust(&mut settings);
        Self::start(settings, ManualClock::starting_now(), storage).await
    }

    /// A second server process on the same database and data directory (so the same secret),
    /// as when several instances share one PostgreSQL.
    pub async fn second_instance(&self) -> Self {
        Self::start(
            self.settings.clone(),
            self.clock.clone(),
            self.storage.clone(),
        )
        .await
    }

    async fn start(settings: Settings, clock: ManualClock, storage: Arc<Storage>) -> Self {
        let application = Application::build_with_clock(&settings, Arc::new(clock.clone()))
            .await
            .expect("the application builds");
        let address = format!("http://{}", application.address());
        let (db, otp) = (application.db().clone(), application.otp().clone());
        let (emulator, emulator_address) = application.emulator().expect("the emulator is on");
        tokio::spawn(application.run_until_stopped());
        Self {
            address,
            clock,
            db,
            otp,
            emulator,
            emulator_url: format!("http://{emulator_address}"),
            settings,
            client: browser(),
            storage,
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
        form: &(impl serde::Serialize + ?Sized),
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
        let response = self.call(client, "whoami", NO_ARGUMENTS).await;
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

    /// Adds a sandbox verifier through the admin console, as `admin`.
    pub async fn add_sandbox_verifier(&self, admin: &reqwest::Client, uid: &str) {
        let saved = self
            .call(
                admin,
                "save_verifier",
                &verifier_form("create", uid, "sandbox"),
            )
            .await;
        assert!(
            saved.status().is_success() || saved.status().is_redirection(),
            "{}",
            saved.status()
        );
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

    /// Where the application keeps its data, to check that nothing is left behind.
    pub fn data_location(&self) -> DataLocation {
        match self.storage.database.postgres_name() {
            Some(name) => DataLocation::PostgresDatabase(name.to_owned()),
            None => DataLocation::Directory(self.storage.data_dir.path().to_owned()),
        }
    }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

/// The form fields of a verifier, as the admin page posts them.
pub fn verifier_form(mode: &str, uid: &str, provider: &str) -> Vec<(String, String)> {
    [
        ("mode", mode),
        ("uid", uid),
        ("title", "Phone"),
        ("description", "Codes by SMS"),
        ("provider", provider),
        ("sign_in_enabled", ""),
        ("settings[sandbox][fail]", "none"),
        ("settings[webhook][url]", ""),
        ("settings[webhook][secret]", ""),
        ("code_length", "6"),
        ("code_lifetime_secs", "300"),
        ("resend_interval_secs", "60"),
        ("max_attempts", "5"),
        ("sends_per_hour", "5"),
        ("sends_per_day", "10"),
        ("allowed_countries", ""),
    ]
    .into_iter()
    .filter(|(k, _)| *k != "sign_in_enabled")
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// Sets one field of a form built by [`verifier_form`]; an empty `sign_in_enabled` is left out,
/// as a browser leaves out an unticked checkbox.
pub fn with(mut form: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    match form.iter_mut().find(|(k, _)| k == key) {
        Some(field) => field.1 = value.to_owned(),
        None => form.push((key.to_owned(), value.to_owned())),
    }
    form.retain(|(k, v)| !(k == "sign_in_enabled" && v.is_empty()));
    form
}

impl TestApp {
    /// The code in the newest message of the sandbox inbox, read like a person would.
    pub async fn newest_sandbox_code(&self) -> String {
        let body: String = sqlx::query_scalar(
            "select body from message order by created_at desc, message_id desc limit 1",
        )
        .fetch_one(&self.db.pool)
        .await
        .expect("a sandbox message");
        body.split_whitespace()
            .map(|word| word.trim_end_matches('.'))
            .find(|word| word.len() >= 4 && word.chars().all(|c| c.is_ascii_digit()))
            .expect("the message contains the code")
            .to_owned()
    }
}

impl TestApp {
    /// The newest message the emulator accepted.
    pub async fn newest_emulator_message(&self) -> verigate::store::EmulatorMessageRow {
        self.db
            .list_emulator_messages(1)
            .await
            .expect("the emulator inbox is readable")
            .into_iter()
            .next()
            .expect("the emulator accepted a message")
    }
}

/// Everything the application logs, from every test in this process (each test looks only for
/// its own values in it).
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().expect("log buffer")).into_owned()
}

fn log_buffer() -> &'static std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> =
        std::sync::OnceLock::new();
    LOGS.get_or_init(Default::default)
}

struct LogWriter;

impl std::io::Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        log_buffer()
            .lock()
            .expect("log buffer")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends every log line of the process, at debug level, to the capture buffer.
pub fn capture_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_writer(|| LogWriter)
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
}

/// A receiver for the webhook provider that records what arrives and answers with `status`.
pub struct WebhookReceiver {
    pub url: String,
    pub received: std::sync::Arc<std::sync::Mutex<Vec<(axum::http::HeaderMap, String)>>>,
}

impl WebhookReceiver {
    pub async fn start(status: u16) -> Self {
        use axum::{Router, extract::State, http::HeaderMap, routing::post};
        type Received = std::sync::Arc<std::sync::Mutex<Vec<(HeaderMap, String)>>>;
        let received: Received = Default::default();
        let app =
            Router::new()
                .route(
                    "/hook",
                    post(
                        move |State(received): State<Received>,
                              headers: HeaderMap,
                              body: String| async move {
                            received.lock().expect("lock").push((headers, body));
                            (
                                axum::http::StatusCode::from_u16(status).expect("status"),
                                r#"{"id":"hook-123"}"#,
                            )
                        },
                    ),
                )
                .with_state(received.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, received }
    }
}

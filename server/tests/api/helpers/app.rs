//! `TestApp`: build, serve, and call the application.

use std::{sync::Arc, time::Duration};

use reqwest::Response;
use verigate::{
    Application,
    clock::{Clock, ManualClock},
    config::Settings,
    domain::{ApiKeyService, otp::OtpEngine},
    emulator::Emulator,
    startup::Housekeeping,
    store::Db,
};

use super::{
    database::{DataLocation, TestDatabase},
    logs::capture_logs,
};

/// Where a scenario runs.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The form of a server function that takes no arguments.
pub const NO_ARGUMENTS: &[(&str, &str)] = &[];

/// Every account's password in the tests.
pub const PASSWORD: &str = "correct horse battery";

/// The setup token every test server is configured with.
pub const SETUP_TOKEN: &str = "test-setup-token";

/// The running application, and what a test needs to drive and inspect it.
pub struct TestApp {
    pub address: String,
    /// The console's own listener (`http://127.0.0.1:<port>`), when the test gave it one.
    pub console_address: Option<String>,
    pub clock: ManualClock,
    pub db: Db,
    pub otp: OtpEngine,
    /// Runs the purges the server runs every five minutes, at once.
    pub housekeeping: Housekeeping,
    /// The API keys, as the console and the command line manage them.
    pub api_keys: Arc<ApiKeyService>,
    /// The SMS gateway emulator (on unless a test turns it off) and its base URL,
    /// `http://127.0.0.1:<port>` (empty when off).
    emulator: Option<Arc<Emulator>>,
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
            // Verifiers point at the emulator and test receivers on 127.0.0.1.
            allow_private_endpoints: true,
            // Some scenarios serve a public https URL; the emulator stays on for them too.
            emulator_force: true,
            emulator_addr: "127.0.0.1:0".parse().expect("address"),
            setup_token: Some(SETUP_TOKEN.into()),
            ..Settings::default()
        };
        adjust(&mut settings);
        Self::start(settings, test_clock(), storage).await
    }

    /// A second server process on the same database and data directory (so the same secret),
    /// as when several instances share one PostgreSQL.
    pub async fn second_instance(&self) -> Self {
        self.second_instance_with(|_| {}).await
    }

    /// Like [`TestApp::second_instance`], with a chance to adjust its settings first.
    pub async fn second_instance_with(&self, adjust: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = self.settings.clone();
        adjust(&mut settings);
        Self::start(settings, self.clock.clone(), self.storage.clone()).await
    }

    async fn start(settings: Settings, clock: ManualClock, storage: Arc<Storage>) -> Self {
        let application = Application::build_with_clock(&settings, Arc::new(clock.clone()))
            .await
            .expect("the application builds");
        let address = format!("http://{}", application.address());
        let console_address = application
            .console_address()
            .map(|address| format!("http://{address}"));
        let (db, otp) = (application.db().clone(), application.otp().clone());
        let housekeeping = application.housekeeping().clone();
        let api_keys = application.api_keys().clone();
        let (emulator, emulator_url) = match application.emulator() {
            Some((emulator, address)) => (Some(emulator), format!("http://{address}")),
            None => (None, String::new()),
        };
        tokio::spawn(application.run_until_stopped());
        Self {
            address,
            console_address,
            clock,
            db,
            otp,
            housekeeping,
            api_keys,
            emulator,
            emulator_url,
            settings,
            client: browser(),
            storage,
        }
    }

    /// The SMS gateway emulator; panics when the test turned it off.
    pub fn emulator(&self) -> &Emulator {
        self.emulator.as_deref().expect("the emulator is on")
    }

    /// Another browser against the same server (no cookies shared).
    pub fn new_browser(&self) -> reqwest::Client {
        browser()
    }

    /// Another browser, on another machine: its requests come from `address` (any of
    /// 127.0.0.0/8), which is what the server keys per-client limits on.
    pub fn browser_from(&self, address: &str) -> reqwest::Client {
        browser_builder()
            .local_address(address.parse::<std::net::IpAddr>().expect("an IP address"))
            .build()
            .expect("HTTP client")
    }

    /// Calls a server function the way our own page's JavaScript does.
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &(impl serde::Serialize + ?Sized),
    ) -> Response {
        self.call_at(&self.address, client, endpoint, form).await
    }

    /// [`TestApp::call`] on the listener at `base` (the console's own, say), from its pages.
    pub async fn call_at(
        &self,
        base: &str,
        client: &reqwest::Client,
        endpoint: &str,
        form: &(impl serde::Serialize + ?Sized),
    ) -> Response {
        client
            .post(format!("{base}/api/{endpoint}"))
            .header("Origin", base)
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    /// Moves the application's clock on; the only way time passes in these tests.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// The settings this instance runs with (the command line uses the same ones).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// How long the application waits for an SMS gateway.
    pub fn gateway_timeout(&self) -> Duration {
        self.settings.gateway_timeout()
    }

    /// Where the application keeps its data, to check that nothing is left behind.
    pub fn data_location(&self) -> DataLocation {
        match self.storage.database.postgres_name() {
            Some(name) => DataLocation::PostgresDatabase(name.to_owned()),
            None => DataLocation::Directory(self.storage.data_dir.path().to_owned()),
        }
    }
}

/// A clock at 00:30:30 UTC of the next day: the same time of day in every run, so that the fixed
/// windows of the limits (a minute, an hour, a UTC day) fall the same way whenever the tests
/// run. Ahead of the real clock, never behind, so no cookie the server sets is already expired.
fn test_clock() -> ManualClock {
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    const INTO_THE_DAY_MS: i64 = (30 * 60 + 30) * 1000;
    let clock = ManualClock::starting_now();
    let ahead = DAY_MS - clock.now_ms().rem_euclid(DAY_MS) + INTO_THE_DAY_MS;
    clock.advance(Duration::from_millis(ahead.unsigned_abs()));
    clock
}

fn browser() -> reqwest::Client {
    browser_builder().build().expect("HTTP client")
}

/// A browser that keeps cookies and shows redirects. A page that never finishes fails its test
/// after 30 s instead of holding up the whole run.
fn browser_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
}

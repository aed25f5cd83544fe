//! Settings: built-in defaults, then an optional TOML file, then `VERIGATE_*` environment
//! variables (each layer overrides the one before).

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use anyhow::Context;
use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

/// Everything the server can be configured with.
#[derive(Clone, Serialize, Deserialize)]
pub struct Settings {
    /// `sqlite://path/to/file.db` or `postgres://user:password@host/database`.
    pub database_url: String,
    /// Where the HTTP server listens.
    pub listen_addr: SocketAddr,
    /// The address users reach the server at (scheme, host, port). Defaults to
    /// `http://<listen_addr>`. An `https` URL makes the session cookie `Secure`.
    pub public_url: Option<String>,
    /// Where the administrators' console listens, apart from the public pages and the API: the
    /// public listener then serves no console (its pages, its server functions, an
    /// administrator's sign-in). Unset, the console is served with the rest on `listen_addr`.
    pub console_addr: Option<SocketAddr>,
    /// The address administrators reach the console at (scheme, host, port). Defaults to
    /// `http://<console_addr>`.
    pub console_url: Option<String>,
    /// Where the server keeps its files (the SQLite database by default).
    pub data_dir: PathBuf,
    /// `human` or `json`.
    pub log_format: LogFormat,
    /// Applied at start when no administrator exists yet.
    pub admin_username: Option<String>,
    pub admin_password: Option<String>,
    /// The token that creating the first administrator needs; when unset, one derived from the
    /// server secret. The server prints the setup link with it while no administrator exists.
    pub setup_token: Option<String>,
    /// 64 hex digits; when unset, `<data_dir>/secret.key` is used (generated on first start).
    pub secret_key: Option<String>,
    /// Comma-separated secrets `secret_key` replaced, each 64 hex digits: still accepted for
    /// what was made with them (see the README's "Rotating the server secret").
    pub previous_secret_keys: String,
    /// Makes the sandbox provider fail every send with this kind (`invalid_number`,
    /// `rate_limited`, `rejected`, `unavailable`), to try the error paths.
    pub sandbox_fail: Option<String>,
    /// How long one request to an SMS gateway may take, in milliseconds, before it counts as
    /// unavailable (the fallback provider, if any, is tried next). Connecting may take 3 s of it.
    pub gateway_timeout_ms: u64,
    /// `open`: anyone may create an account on the sign-up page; `closed`: only administrators
    /// create accounts (in the console or with `verigate user create`).
    pub sign_up: SignUpMode,
    /// Accounts one client address may create through sign-up in an hour.
    pub sign_ups_per_client_hour: u32,
    /// Days the message log is kept.
    pub message_retention_days: u32,
    /// Days the audit log (bindings, API keys, accounts made by administrators, pumping holds) is
    /// kept.
    pub audit_retention_days: u32,
    /// Days the record of refused password sign-ins is kept.
    pub sign_in_failure_retention_days: u32,
    /// Comma-separated CIDR blocks of the reverse proxies in front of the server. Only through
    /// them are `Forwarded` / `X-Forwarded-For` believed; empty ignores both headers.
    pub trusted_proxies: String,
    /// Lets provider endpoints and webhook URLs point at loopback, private, link-local or
    /// unspecified addresses (the emulator, a gateway on the internal network).
    #[serde(deserialize_with = "flag")]
    pub allow_private_endpoints: bool,
    /// Runs the SMS gateway emulator (`VERIGATE_EMULATOR=1`); for development and tests.
    #[serde(deserialize_with = "flag")]
    pub emulator: bool,
    /// Runs the emulator even when the public URL's host is not loopback (it accepts any
    /// message and shows it in the console, so it has no place on a public server).
    #[serde(deserialize_with = "flag")]
    pub emulator_force: bool,
    /// Where the emulator listens.
    pub emulator_addr: SocketAddr,
    pub emulator_aliyun_access_key_id: String,
    pub emulator_aliyun_access_key_secret: String,
    pub emulator_tencent_secret_id: String,
    pub emulator_tencent_secret_key: String,
    pub emulator_twilio_account_sid: String,
    pub emulator_twilio_auth_token: String,
    /// Comma-separated sign names the emulator knows; empty accepts any.
    pub emulator_sign_names: String,
    /// Comma-separated template codes/ids the emulator knows; empty accepts any.
    pub emulator_templates: String,
    /// `prefix=fault,…` with fault `rate_limited`, `invalid_number`, `server_error` or `timeout`.
    pub emulator_faults: String,
}

/// A yes/no setting as people write it in the environment: `1`/`0`, `true`/`false`, `yes`/`no`,
/// `on`/`off` (figment reads `1` as a number, which a plain `bool` refuses).
fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Bool(bool),
        Number(i64),
        Text(String),
    }
    match Written::deserialize(deserializer)? {
        Written::Bool(value) => Ok(value),
        Written::Number(1) => Ok(true),
        Written::Number(0) => Ok(false),
        Written::Text(text) => match text.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" | "" => Ok(false),
            other => Err(serde::de::Error::custom(format!(
                "expected 1/0, true/false, yes/no or on/off, found {other:?}"
            ))),
        },
        Written::Number(other) => Err(serde::de::Error::custom(format!(
            "expected 1 or 0, found {other}"
        ))),
    }
}

/// Whether people may create their own accounts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignUpMode {
    #[default]
    Open,
    Closed,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Human,
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/verigate.db".into(),
            listen_addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            console_addr: None,
            console_url: None,
            public_url: None,
            data_dir: PathBuf::from("data"),
            log_format: LogFormat::Human,
            admin_username: None,
            setup_token: None,
            admin_password: None,
            secret_key: None,
            previous_secret_keys: String::new(),
            sandbox_fail: None,
            sign_up: SignUpMode::Open,
            sign_ups_per_client_hour: 10,
            message_retention_days: 90,
            audit_retention_days: 365,
            sign_in_failure_retention_days: 90,
            gateway_timeout_ms: 10_000,
            trusted_proxies: String::new(),
            allow_private_endpoints: false,
            emulator: false,
            emulator_force: false,
            emulator_addr: SocketAddr::from(([127, 0, 0, 1], 3100)),
            emulator_aliyun_access_key_id: "LTAIemulatorAccessKey".into(),
            emulator_aliyun_access_key_secret: "emulator-aliyun-access-key-secret".into(),
            emulator_tencent_secret_id: "AKIDemulatorSecretId".into(),
            emulator_tencent_secret_key: "emulator-tencent-secret-key".into(),
            emulator_twilio_account_sid: "AC00000000000000000000000000000000".into(),
            emulator_twilio_auth_token: "emulator-twilio-auth-token".into(),
            emulator_sign_names: String::new(),
            emulator_templates: String::new(),
            emulator_faults: String::new(),
        }
    }
}

impl Settings {
    /// Loads the layers; `file` is the optional TOML file.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            anyhow::ensure!(
                file.is_file(),
                "the configuration file {} does not exist",
                file.display()
            );
            figment = figment.merge(Toml::file(file));
        }
        figment
            .merge(Env::prefixed("VERIGATE_"))
            .extract()
            .context("invalid configuration")
    }

    /// The total timeout of one request to an SMS gateway.
    pub fn gateway_timeout(&self) -> Duration {
        Duration::from_millis(self.gateway_timeout_ms)
    }

    /// The public URL's origin (`scheme://host[:port]`), given the address actually bound.
    pub fn public_origin(&self, bound: SocketAddr) -> anyhow::Result<String> {
        Ok(self.public_url(bound)?.origin().ascii_serialization())
    }

    /// The public URL, by default `http://<bound>` (before binding, the listen address will do
    /// for its host).
    pub fn public_url(&self, bound: SocketAddr) -> anyhow::Result<url::Url> {
        site_url("public_url", self.public_url.as_deref(), bound)
    }

    /// The console's origin when it has a listener of its own, given the address it bound.
    pub fn console_origin(&self, bound: SocketAddr) -> anyhow::Result<String> {
        Ok(site_url("console_url", self.console_url.as_deref(), bound)?
            .origin()
            .ascii_serialization())
    }

    /// Checked at start: the emulator accepts any message and shows it in the console, so it
    /// runs only for a public URL on this machine unless forced; and plain http to another
    /// host is worth a warning (passwords and session cookies cross the network readable).
    pub fn check_transport(&self) -> anyhow::Result<()> {
        let url = self.public_url(self.listen_addr)?;
        let loopback = is_loopback(&url);
        anyhow::ensure!(
            !self.emulator || loopback || self.emulator_force,
            "the SMS gateway emulator (emulator / VERIGATE_EMULATOR) only runs when the public \
             URL's host is loopback, and {url} is not: turn the emulator off, or set \
             emulator_force / VERIGATE_EMULATOR_FORCE=1 to run it anyway"
        );
        if url.scheme() == "http" && !loopback {
            tracing::warn!(
                public_url = %url,
                "the public URL is plain http on a host other than this machine: passwords, \
                 codes and session cookies cross the network unencrypted; serve it over https"
            );
        }
        Ok(())
    }
}

/// Whether the URL's host is this machine: `localhost` or a loopback address.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.to_canonical().is_loopback(),
        None => false,
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field(
                "database_url",
                &crate::store::redact_url(&self.database_url),
            )
            .field("listen_addr", &self.listen_addr)
            .field("console_addr", &self.console_addr)
            .field("console_url", &self.console_url)
            .field("public_url", &self.public_url)
            .field("data_dir", &self.data_dir)
            .field("log_format", &self.log_format)
            .field("admin_username", &self.admin_username)
            .field(
                "admin_password",
                &self.admin_password.as_ref().map(|_| "***"),
            )
            .field("setup_token", &self.setup_token.as_ref().map(|_| "***"))
            .field("gateway_timeout_ms", &self.gateway_timeout_ms)
            .field("sign_up", &self.sign_up)
            .field("sign_ups_per_client_hour", &self.sign_ups_per_client_hour)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("allow_private_endpoints", &self.allow_private_endpoints)
            .field("emulator", &self.emulator)
            .field("emulator_force", &self.emulator_force)
            .field("emulator_addr", &self.emulator_addr)
            .finish_non_exhaustive()
    }
}

/// The URL named by setting `name`, by default `http://<bound>`.
fn site_url(name: &str, configured: Option<&str>, bound: SocketAddr) -> anyhow::Result<url::Url> {
    let url = configured.map_or_else(|| format!("http://{bound}"), str::to_owned);
    let parsed = url::Url::parse(&url).with_context(|| format!("{name} {url:?} is not a URL"))?;
    anyhow::ensure!(
        matches!(parsed.scheme(), "http" | "https"),
        "{name} {url:?} must start with http:// or https://"
    );
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_origin_defaults_to_the_bound_address() {
        let settings = Settings::default();
        let bound = SocketAddr::from(([127, 0, 0, 1], 4321));
        assert_eq!(
            settings.public_origin(bound).ok().as_deref(),
            Some("http://127.0.0.1:4321")
        );
    }

    #[test]
    fn an_explicit_public_url_gives_its_origin_and_bad_ones_are_named() {
        let settings = Settings {
            public_url: Some("https://verify.example.com/some/path".into()),
            ..Settings::default()
        };
        let bound = SocketAddr::from(([127, 0, 0, 1], 3000));
        assert_eq!(
            settings.public_origin(bound).ok().as_deref(),
            Some("https://verify.example.com")
        );
        let bad = Settings {
            public_url: Some("ftp://x".into()),
            ..Settings::default()
        };
        let error = bad.public_origin(bound).expect_err("ftp is refused");
        assert!(error.to_string().contains("public_url"), "{error}");
    }

    #[test]
    fn loopback_hosts_are_localhost_and_loopback_addresses() {
        let loopback = |text: &str| is_loopback(&url::Url::parse(text).expect("a URL"));
        for local in [
            "http://localhost:3000",
            "http://LOCALHOST.",
            "http://app.localhost",
            "http://127.0.0.1:3000",
            "http://127.8.9.10",
            "http://[::1]:3000",
            "http://[::ffff:127.0.0.1]",
        ] {
            assert!(loopback(local), "{local}");
        }
        for public in [
            "http://0.0.0.0:3000",
            "https://verify.example.com",
            "http://10.0.0.1",
            "http://[2001:db8::1]",
            "http://localhost.example.com",
        ] {
            assert!(!loopback(public), "{public}");
        }
    }

    #[test]
    fn the_emulator_refuses_a_public_host_unless_forced() {
        let emulator_on = |public_url: &str, emulator_force: bool| Settings {
            public_url: Some(public_url.into()),
            emulator: true,
            emulator_force,
            ..Settings::default()
        };

        let refused = emulator_on("https://verify.example.com", false)
            .check_transport()
            .expect_err("a public host");
        assert!(
            refused.to_string().contains("VERIGATE_EMULATOR_FORCE"),
            "{refused}"
        );
        assert!(
            refused.to_string().contains("verify.example.com"),
            "{refused}"
        );
        assert!(
            emulator_on("https://verify.example.com", true)
                .check_transport()
                .is_ok()
        );
        assert!(
            emulator_on("http://localhost:3000", false)
                .check_transport()
                .is_ok()
        );
        let listening_everywhere = Settings {
            listen_addr: SocketAddr::from(([0, 0, 0, 0], 3000)),
            emulator: true,
            ..Settings::default()
        };
        assert!(listening_everywhere.check_transport().is_err());
        assert!(
            Settings {
                emulator: false,
                ..listening_everywhere
            }
            .check_transport()
            .is_ok(),
            "without the emulator, plain http elsewhere is only a warning"
        );
    }

    #[test]
    fn the_gateway_timeout_defaults_to_10_s_and_can_be_set() {
        assert_eq!(
            Settings::default().gateway_timeout(),
            crate::providers::http::TOTAL_TIMEOUT
        );
        let dir = tempfile::tempdir().expect("a temporary directory");
        let file = dir.path().join("verigate.toml");
        std::fs::write(&file, "gateway_timeout_ms = 300\n").expect("the file is written");

        let settings = Settings::load(Some(&file)).expect("the file is read");

        assert_eq!(settings.gateway_timeout(), Duration::from_millis(300));
    }

    #[test]
    fn sign_up_is_open_by_default_and_closes_by_setting() {
        let default = Settings::default();
        assert_eq!(default.sign_up, SignUpMode::Open);
        assert_eq!(default.sign_ups_per_client_hour, 10);
        let dir = tempfile::tempdir().expect("a temporary directory");
        let file = dir.path().join("verigate.toml");
        std::fs::write(
            &file,
            "sign_up = \"closed\"\nsign_ups_per_client_hour = 3\n",
        )
        .expect("the file is written");

        let settings = Settings::load(Some(&file)).expect("the file is read");

        assert_eq!(settings.sign_up, SignUpMode::Closed);
        assert_eq!(settings.sign_ups_per_client_hour, 3);
        std::fs::write(&file, "sign_up = \"invite\"\n").expect("the file is written");
        let error = Settings::load(Some(&file)).expect_err("an unknown mode is refused");
        assert!(format!("{error:#}").contains("invite"), "{error:#}");
    }

    #[test]
    fn the_emulator_flag_reads_as_people_write_it() {
        #[derive(Debug, Deserialize)]
        struct Flag {
            #[serde(deserialize_with = "flag")]
            on: bool,
        }
        let read = |value: serde_json::Value| {
            serde_json::from_value::<Flag>(serde_json::json!({ "on": value }))
                .map(|flag| flag.on)
                .map_err(|error| error.to_string())
        };
        for (value, expected) in [
            (serde_json::json!(1), true),
            (serde_json::json!("1"), true),
            (serde_json::json!(true), true),
            (serde_json::json!("on"), true),
            (serde_json::json!(0), false),
            (serde_json::json!("false"), false),
        ] {
            assert_eq!(read(value.clone()), Ok(expected), "{value}");
        }
        let refused = read(serde_json::json!("maybe")).expect_err("an unknown word is refused");
        assert!(refused.contains("maybe"), "{refused}");
        assert!(read(serde_json::json!(2)).is_err());
    }

    #[test]
    fn debug_output_hides_the_admin_password_and_database_password() {
        let settings = Settings {
            database_url: "postgres://u:hunter2@h/d".into(),
            admin_password: Some("s3cret-pass".into()),
            ..Settings::default()
        };
        let printed = format!("{settings:?}");
        assert!(
            !printed.contains("hunter2") && !printed.contains("s3cret-pass"),
            "{printed}"
        );
    }
}

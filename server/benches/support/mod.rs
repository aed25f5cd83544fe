//! What the HTTP benchmark and the soak run share: the Verigate server as a separate process
//! (with its CPU time and memory read from /proc), a browser that calls server functions the way
//! the page does, the sandbox code read from the message log, throwaway PostgreSQL databases and
//! latency percentiles.
//!
//! Included with `#[path]` by `benches/http_flow.rs` and `examples/soak.rs`; not every item is
//! used by both.
#![allow(dead_code)]

use std::{
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use app::{AppError, dto::CodeSent};
use rand::Rng;
use reqwest::{StatusCode, header};
use sqlx::{Connection, Executor, postgres::PgConnection};
use verigate::store::{Db, redact_url};

/// The secret every benchmark and soak server shares (so two instances check each other's codes).
pub const SECRET_KEY: &str = "2222222222222222222222222222222222222222222222222222222222222222";

/// Every virtual user's password.
pub const PASSWORD: &str = "correct horse battery";

/// The Verigate binary of `profile` (`release` or `debug`) in this workspace's target directory.
pub fn server_binary(profile: &str) -> anyhow::Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let binary = target.join(profile).join("verigate");
    if !binary.is_file() {
        bail!(
            "{} does not exist: build it first (cargo build{} -p server --bin verigate)",
            binary.display(),
            if profile == "release" {
                " --release"
            } else {
                ""
            }
        );
    }
    Ok(binary)
}

/// A free loopback port (free when asked; the server binds it a moment later).
pub fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free port")?;
    Ok(listener.local_addr()?.port())
}

/// One Verigate server process.
pub struct Server {
    child: Child,
    pub pid: u32,
    pub address: SocketAddr,
    /// `http://127.0.0.1:<port>`: the base URL and the `Origin` of its own pages.
    pub origin: String,
    /// How long from spawning the process until `/healthz` first answered 200.
    pub started_in: Duration,
    pub log: PathBuf,
}

/// How to start a server.
pub struct ServerConfig<'a> {
    pub binary: &'a Path,
    pub database_url: &'a str,
    pub data_dir: &'a Path,
    pub port: u16,
    /// Where its standard error goes (appended).
    pub log: PathBuf,
}

impl Server {
    /// Starts the server and waits until `/healthz` answers 200 (at most 60 s).
    pub fn start(config: &ServerConfig<'_>) -> anyhow::Result<Self> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&config.log)
            .with_context(|| format!("open {}", config.log.display()))?;
        let address = SocketAddr::from(([127, 0, 0, 1], config.port));
        let started = Instant::now();
        let child = Command::new(config.binary)
            .arg("serve")
            .env("VERIGATE_DATABASE_URL", config.database_url)
            .env("VERIGATE_LISTEN_ADDR", address.to_string())
            .env("VERIGATE_DATA_DIR", config.data_dir)
            .env("VERIGATE_SECRET_KEY", SECRET_KEY)
            .env("VERIGATE_EMULATOR", "0")
            // Every simulated browser signs up from 127.0.0.1.
            .env("VERIGATE_SIGN_UPS_PER_CLIENT_HOUR", "4000000000")
            .env("VERIGATE_ALLOW_PRIVATE_ENDPOINTS", "1")
            .env("NO_COLOR", "1")
            .env_remove("VERIGATE_ADMIN_USERNAME")
            .env_remove("VERIGATE_ADMIN_PASSWORD")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("could not start {}", config.binary.display()))?;
        let pid = child.id();
        let mut server = Self {
            child,
            pid,
            address,
            origin: format!("http://{address}"),
            started_in: Duration::ZERO,
            log: config.log.clone(),
        };
        server.started_in = server.wait_healthy(started)?;
        Ok(server)
    }

    /// Polls `/healthz` with plain HTTP/1.1 over a fresh connection every millisecond.
    fn wait_healthy(&mut self, started: Instant) -> anyhow::Result<Duration> {
        while started.elapsed() < Duration::from_secs(60) {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited during start ({status}); see {}",
                    self.log.display()
                );
            }
            if healthz_blocking(self.address) == Some(200) {
                return Ok(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        bail!("the server did not become healthy within 60 s")
    }

    /// User + system CPU time the process has used so far.
    pub fn cpu_time(&self) -> anyhow::Result<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid))?;
        // The command name (field 2) is in parentheses and may hold spaces: count after it.
        let after = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest)
            .context("unexpected /proc/<pid>/stat")?;
        let fields: Vec<&str> = after.split_whitespace().collect();
        // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after the name.
        let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
        Ok(Duration::from_secs_f64(
            ticks as f64 / clock_ticks_per_second(),
        ))
    }

    /// Resident set size now, and its peak since the process started (VmRSS, VmHWM), in KiB.
    pub fn memory_kib(&self) -> anyhow::Result<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))?;
        let field = |name: &str| -> anyhow::Result<u64> {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kib| kib.parse().ok())
                .with_context(|| format!("no {name} in /proc/<pid>/status"))
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// SIGKILL: the process ends at once, with requests in flight.
    pub fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill().context("SIGKILL")?;
        self.child.wait()?;
        Ok(())
    }

    /// SIGTERM, then waits for a graceful stop (SIGKILL after 10 s).
    pub fn stop(mut self) -> anyhow::Result<()> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn clock_ticks_per_second() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// `GET /healthz` over a fresh blocking connection: its status, or `None` when nothing answered.
pub fn healthz_blocking(address: SocketAddr) -> Option<u16> {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .ok()?;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut head = [0_u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// A browser: one session cookie, requests through a shared connection pool.
#[derive(Clone, Default)]
pub struct Browser {
    cookie: Option<String>,
}

/// How a server function call ended.
#[derive(Debug)]
pub enum Answer {
    /// 2xx or 3xx, with the body.
    Ok(String),
    /// Another status with an `AppError` body.
    Refused(StatusCode, AppError),
    /// Another status whose body is not an `AppError`: never acceptable.
    Unclear(StatusCode, String),
    /// The connection was refused (the instance is down).
    ConnectionRefused,
    /// The connection broke or timed out with the request in flight.
    Broken(String),
}

impl Browser {
    /// Calls server function `endpoint` with a form, as the page's JavaScript does.
    pub async fn call(
        &mut self,
        client: &reqwest::Client,
        origin: &str,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Answer {
        let mut request = client
            .post(format!("{origin}/api/{endpoint}"))
            .header(header::ORIGIN, origin)
            .form(form);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) if is_connection_refused(&error) => return Answer::ConnectionRefused,
            Err(error) => return Answer::Broken(format!("{error:#}")),
        };
        if let Some(session) = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.contains("verigate_session="))
        {
            let pair = session.split(';').next().unwrap_or_default();
            self.cookie = (!pair.ends_with('=')).then(|| pair.to_owned());
        }
        let status = response.status();
        let body = match response.text().await {
            Ok(body) => body,
            Err(error) => return Answer::Broken(format!("{error:#}")),
        };
        if status.is_success() || status.is_redirection() {
            return Answer::Ok(body);
        }
        match serde_json::from_str::<AppError>(&body) {
            Ok(error) => Answer::Refused(status, error),
            Err(_) => Answer::Unclear(status, body),
        }
    }

    pub async fn sign_up(
        &mut self,
        client: &reqwest::Client,
        origin: &str,
        username: &str,
    ) -> Answer {
        let form = [
            ("username", username),
            ("password", PASSWORD),
            ("password_confirmation", PASSWORD),
        ];
        self.call(client, origin, "sign_up", &form).await
    }

    pub fn signed_in(&self) -> bool {
        self.cookie.is_some()
    }
}

fn is_connection_refused(error: &reqwest::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        source = cause.source();
    }
    false
}

/// The JSON a `send_*_code` server function returned.
pub fn code_sent(body: &str) -> anyhow::Result<CodeSent> {
    serde_json::from_str(body).with_context(|| format!("not a CodeSent: {body}"))
}

/// The shared HTTP client: keeps connections alive, no cookies (each [`Browser`] has its own),
/// no redirects followed.
pub fn http_client() -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .timeout(Duration::from_secs(30))
        .build()
        .context("HTTP client")
}

/// The code of the one sandbox message of `scene` sent by `verifier_uid` to `masked_receiver` no
/// earlier than `not_before` (UTC ms), read from the message log as a person reads the sandbox inbox.
pub async fn sandbox_code(
    db: &Db,
    verifier_uid: &str,
    scene: &str,
    masked_receiver: &str,
    not_before: i64,
) -> anyhow::Result<String> {
    // Sign-in codes are sent after the answer (so its time tells nothing): wait for the message
    // as a person waits for an SMS, up to five seconds.
    let mut waited = 0;
    let bodies = loop {
        let bodies: Vec<Option<String>> = sqlx::query_scalar(
            "select body from message where verifier_uid = $1 and masked_receiver = $2 \
             and created_at >= $3 and scene = $4",
        )
        .bind(verifier_uid)
        .bind(masked_receiver)
        .bind(not_before)
        .bind(scene)
        .fetch_all(&db.pool)
        .await?;
        if !bodies.is_empty() || waited >= 500 {
            break bodies;
        }
        waited += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let [Some(body)] = bodies.as_slice() else {
        bail!(
            "expected exactly one sandbox message for {verifier_uid} to {masked_receiver}, \
             found {}",
            bodies.len()
        );
    };
    // "Your <title> code is <digits>. It expires in N minutes."
    body.split_once(" code is ")
        .and_then(|(_, rest)| rest.split_once('.'))
        .map(|(digits, _)| digits)
        .filter(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .with_context(|| format!("no code in the sandbox text {body:?}"))
}

/// Inserts a sandbox verifier straight into the database (as `otp_flow` does).
pub async fn insert_sandbox_verifier(
    db: &Db,
    uid: &str,
    sign_in_enabled: bool,
    resend_interval_secs: u32,
    service_number: usize,
) -> anyhow::Result<()> {
    let policy = serde_json::json!({
        "code_length": 6,
        "code_lifetime_secs": 300,
        "resend_interval_secs": resend_interval_secs,
        "max_attempts": 5,
        "sends_per_hour": 100,
        "sends_per_day": 1000,
        // Budgets at their highest: the benchmark measures throughput, not the limits.
        "numbers_per_user_hour": 100,
        "codes_per_user_day": 10_000,
        "sign_ins_per_client_hour": 10_000,
        "api_sends_per_key_minute": 10_000,
        "api_sends_per_key_day": 1_000_000,
        "sends_per_verifier_day": 10_000_000,
        "allowed_countries": [],
    });
    let now = now_ms();
    sqlx::query(
        "insert into verifier (uid, title, description, verification_type, provider, settings, \
         policy, created_at, updated_at, service_sid, sign_in_enabled) \
         values ($1, $2, '', 'sms-otp', 'sandbox', '{}', $3, $4, $4, $5, $6)",
    )
    .bind(uid)
    .bind(format!("Bench {uid}"))
    .bind(policy.to_string())
    .bind(now)
    .bind(format!("VA{service_number:032x}"))
    .bind(i64::from(sign_in_enabled))
    .execute(&db.pool)
    .await
    .with_context(|| format!("insert verifier {uid}"))?;
    Ok(())
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Creates `<prefix>_<random>` on the server; its name and URL.
pub async fn fresh_postgres_database(
    server: &str,
    prefix: &str,
) -> anyhow::Result<(String, String)> {
    let name = format!("{prefix}_{:016x}", rand::rng().random::<u64>());
    let mut connection = PgConnection::connect(server)
        .await
        .with_context(|| format!("could not connect to {}", redact_url(server)))?;
    connection
        .execute(format!(r#"create database "{name}""#).as_str())
        .await
        .with_context(|| format!("could not create the database {name}"))?;
    connection.close().await?;
    let mut url = url::Url::parse(server).context("not a PostgreSQL URL")?;
    url.set_path(&name);
    Ok((name, url.to_string()))
}

pub async fn drop_postgres_database(server: &str, name: &str) -> anyhow::Result<()> {
    let mut connection = PgConnection::connect(server).await?;
    connection
        .execute(format!(r#"drop database if exists "{name}" with (force)"#).as_str())
        .await?;
    connection.close().await?;
    Ok(())
}

/// Latency percentiles of one kind of operation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Percentiles {
    pub p50: Duration,
    pub p99: Duration,
    pub mean: Duration,
}

impl Percentiles {
    /// Nearest-rank percentiles.
    pub fn of(mut samples: Vec<Duration>) -> anyhow::Result<Self> {
        if samples.is_empty() {
            bail!("no samples");
        }
        samples.sort_unstable();
        let total: Duration = samples.iter().sum();
        let mean = total / u32::try_from(samples.len()).unwrap_or(u32::MAX);
        let rank = |p: usize| samples[(samples.len() * p).div_ceil(100).max(1) - 1];
        Ok(Self {
            p50: rank(50),
            p99: rank(99),
            mean,
        })
    }
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A positive count from the environment, or the default.
pub fn env_count(name: &str, default: usize) -> anyhow::Result<usize> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => {
            let count: usize = value
                .trim()
                .parse()
                .with_context(|| format!("{name} must be a positive integer, not {value:?}"))?;
            if count == 0 {
                bail!("{name} must be at least 1");
            }
            Ok(count)
        }
        _ => Ok(default),
    }
}

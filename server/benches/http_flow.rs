//! The phone-binding flow over HTTP, as a browser performs it, against the release server running
//! as a separate process: its CPU time and memory are read from /proc. It prints figures; it is
//! not a timed test.
//!
//! ```sh
//! cargo build --release -p server --bin verigate
//! cargo bench -p server --bench http_flow                      # SQLite
//! .ci/with-postgres cargo bench -p server --bench http_flow    # SQLite, then PostgreSQL
//! BENCH_SIGNUPS=500 BENCH_HTTP_FLOWS=400 cargo bench -p server --bench http_flow
//! ```
//!
//! Per backend, on a fresh database: start the server (cold start = spawn until `/healthz`
//! answers 200, migrations included), sign up `BENCH_SIGNUPS` users through `sign_up` with 8
//! browsers at a time (the server's peak RSS during them and its idle RSS after), then at
//! concurrency 1, 8 and 32 run `BENCH_HTTP_FLOWS` flows each: `send_bind_code` (sandbox
//! verifier), read the code from the sandbox message log in the database, `bind_phone`. Each
//! concurrent virtual user is one signed-up browser (its own cookie) binding a number of its
//! own to one verifier after another. After the bind flows of each level, as many API flows at
//! the same concurrency: `POST /api/v1/verifications` with a Bearer key (one key per level,
//! created with `verigate api-key create` on the same database; a key may ask for 1,000 codes an
//! hour), the code from the sandbox message log (scene `api`), `POST
//! /api/v1/verifications/{id}/check` until `approved`; each worker a fresh number of its own,
//! one verifier per flow. Finally the server is stopped and started again on the same database
//! (warm start).

#[path = "support/mod.rs"]
mod support;

use std::{
    path::Path,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use serde_json::{Value, json};
use support::{
    Answer, Browser, Percentiles, SECRET_KEY, Server, ServerConfig, code_sent,
    drop_postgres_database, env_count, free_port, fresh_postgres_database, http_client,
    insert_sandbox_verifier, ms, now_ms, sandbox_code, server_binary,
};
use verigate::store::Db;

const LEVELS: [usize; 3] = [1, 8, 32];
const SIGNUP_CONCURRENCY: usize = 8;

// The targets, printed beside the figures.
const CPU_MS_PER_FLOW_SQLITE: f64 = 0.3;
const CPU_MS_PER_FLOW_POSTGRES: f64 = 0.5;
const VERIFY_P99_MS_AT_32: f64 = 10.0;
const IDLE_RSS_MIB: f64 = 40.0;
const PEAK_RSS_MIB: f64 = 64.0;
const COLD_START_MS: f64 = 100.0;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let binary = server_binary("release")?;
    let signups = env_count("BENCH_SIGNUPS", 3000)?;
    let flows = env_count("BENCH_HTTP_FLOWS", 1000)?;
    let users_needed: usize = LEVELS.iter().sum();
    if signups < users_needed {
        bail!("BENCH_SIGNUPS must be at least {users_needed} (one user per virtual browser)");
    }
    println!(
        "http_flow: {} ({} CPUs); {signups} sign-ups, then {flows} flows at each concurrency of {LEVELS:?}",
        binary.display(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    let run = Run {
        binary: &binary,
        signups,
        flows,
    };

    let mut all = Vec::new();
    let dir = tempfile::tempdir().context("temporary directory")?;
    let sqlite_url = format!("sqlite://{}/bench.db", dir.path().display());
    let figures = run
        .backend("sqlite", &sqlite_url, &dir.path().join("sqlite"))
        .await
        .context("SQLite")?;
    figures.print();
    all.push(figures);

    match std::env::var("TEST_POSTGRES_URL") {
        Ok(server) if !server.is_empty() => {
            let (name, url) = fresh_postgres_database(&server, "verigate_http_bench").await?;
            let outcome = run
                .backend("postgres", &url, &dir.path().join("postgres"))
                .await;
            if let Err(error) = drop_postgres_database(&server, &name).await {
                eprintln!("note: could not drop the benchmark database {name}: {error:#}");
            }
            let figures = outcome.context("PostgreSQL")?;
            figures.print();
            all.push(figures);
        }
        _ => println!(
            "\n(PostgreSQL skipped: set TEST_POSTGRES_URL, or run under .ci/with-postgres)"
        ),
    }

    println!("\nsummary (targets in brackets)");
    for figures in &all {
        figures.print_summary();
    }
    Ok(())
}

struct Run<'a> {
    binary: &'a Path,
    signups: usize,
    flows: usize,
}

/// One concurrency level's figures.
struct Level {
    concurrency: usize,
    flows: usize,
    flows_per_sec: f64,
    flow: Percentiles,
    send: Percentiles,
    verify: Percentiles,
    cpu_ms_per_flow: f64,
    /// The API flows at the same concurrency, run after the bind flows.
    api: ApiLevel,
}

/// One concurrency level's API flows (start → read the code → check).
#[derive(Default)]
struct ApiLevel {
    flows: usize,
    flows_per_sec: f64,
    flow: Percentiles,
    start: Percentiles,
    check: Percentiles,
    cpu_ms_per_flow: f64,
}

/// An API key's Bearer secret.
#[derive(Clone)]
struct ApiKey {
    secret: String,
}

struct Figures {
    backend: &'static str,
    cold_start: Duration,
    /// The server's CPU time until it was healthy.
    cold_start_cpu: Duration,
    warm_start: Duration,
    warm_start_cpu: Duration,
    rss_at_start_kib: u64,
    signups: usize,
    signups_per_sec: f64,
    cpu_ms_per_signup: f64,
    peak_rss_kib: u64,
    idle_rss_kib: u64,
    levels: Vec<Level>,
}

/// One flow's timings.
struct FlowTimes {
    send: Duration,
    verify: Duration,
}

/// One API flow's timings.
struct ApiFlowTimes {
    start: Duration,
    check: Duration,
}

impl Run<'_> {
    async fn backend(
        &self,
        backend: &'static str,
        url: &str,
        data_dir: &Path,
    ) -> anyhow::Result<Figures> {
        std::fs::create_dir_all(data_dir)?;
        let log = data_dir.join("server.log");
        let config = ServerConfig {
            binary: self.binary,
            database_url: url,
            data_dir,
            port: free_port()?,
            log: log.clone(),
        };
        let server = Server::start(&config)?;
        let cold_start = server.started_in;
        let cold_start_cpu = server.cpu_time()?;
        let (rss_at_start_kib, _) = server.memory_kib()?;

        let db = Db::connect(url).await?;
        let verifiers = self.flows;
        for index in 0..verifiers {
            insert_sandbox_verifier(&db, &verifier_uid(index), false, 60, index).await?;
        }

        // One API key per level, made by the server binary's CLI on the same database (and so
        // with the same server secret).
        let keys = LEVELS
            .iter()
            .map(|level| create_api_key(&config, &format!("bench-{level}")))
            .collect::<anyhow::Result<Vec<_>>>()?;

        let client = http_client()?;
        let (browsers, signup_time, signup_cpu) = self.sign_up_all(&server, &client).await?;
        let (_, peak_rss_kib) = server.memory_kib()?;
        // Idle: whatever the sign-ups left behind once the server has had a moment.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let (idle_rss_kib, _) = server.memory_kib()?;

        let mut levels = Vec::new();
        let mut next_user = 0;
        for (level_index, &concurrency) in LEVELS.iter().enumerate() {
            let users = browsers[next_user..next_user + concurrency].to_vec();
            next_user += concurrency;
            let mut level = self
                .level(&server, &client, &db, level_index, users)
                .await
                .with_context(|| format!("concurrency {concurrency}"))?;
            level.api = self
                .api_level(
                    &server,
                    &client,
                    &db,
                    level_index,
                    concurrency,
                    &keys[level_index],
                )
                .await
                .with_context(|| format!("API flows at concurrency {concurrency}"))?;
            levels.push(level);
        }

        server.stop()?;
        let warm = Server::start(&ServerConfig {
            port: free_port()?,
            ..config
        })?;
        let warm_start = warm.started_in;
        let warm_start_cpu = warm.cpu_time()?;
        warm.stop()?;
        db.pool.close().await;

        Ok(Figures {
            backend,
            cold_start,
            cold_start_cpu,
            warm_start,
            warm_start_cpu,
            rss_at_start_kib,
            signups: self.signups,
            signups_per_sec: self.signups as f64 / signup_time.as_secs_f64(),
            cpu_ms_per_signup: ms(signup_cpu) / self.signups as f64,
            peak_rss_kib,
            idle_rss_kib,
            levels,
        })
    }

    /// Signs every user up, 8 browsers at a time; the browsers, the wall time and the server's CPU.
    async fn sign_up_all(
        &self,
        server: &Server,
        client: &reqwest::Client,
    ) -> anyhow::Result<(Vec<Browser>, Duration, Duration)> {
        let cpu_before = server.cpu_time()?;
        let started = Instant::now();
        let workers: Vec<_> = (0..SIGNUP_CONCURRENCY)
            .map(|worker| {
                let (client, origin, signups) =
                    (client.clone(), server.origin.clone(), self.signups);
                tokio::spawn(async move {
                    let mut browsers = Vec::new();
                    for index in (worker..signups).step_by(SIGNUP_CONCURRENCY) {
                        let mut browser = Browser::default();
                        match browser
                            .sign_up(&client, &origin, &format!("bench_user_{index}"))
                            .await
                        {
                            Answer::Ok(_) if browser.signed_in() => browsers.push(browser),
                            other => bail!("sign-up {index}: {other:?}"),
                        }
                    }
                    Ok(browsers)
                })
            })
            .collect();
        let mut browsers = Vec::with_capacity(self.signups);
        for worker in workers {
            browsers.extend(worker.await.context("a sign-up worker panicked")??);
        }
        let elapsed = started.elapsed();
        Ok((browsers, elapsed, server.cpu_time()? - cpu_before))
    }

    /// `self.flows` flows by `users.len()` concurrent browsers.
    async fn level(
        &self,
        server: &Server,
        client: &reqwest::Client,
        db: &Db,
        level_index: usize,
        users: Vec<Browser>,
    ) -> anyhow::Result<Level> {
        let concurrency = users.len();
        let per_user = self.flows / concurrency;
        let cpu_before = server.cpu_time()?;
        let started = Instant::now();
        let workers: Vec<_> = users
            .into_iter()
            .enumerate()
            .map(|(worker, mut browser)| {
                let (client, origin, db) = (client.clone(), server.origin.clone(), db.clone());
                tokio::spawn(async move {
                    // 138 LLLL WWWW: unique per level and worker, and the masked form
                    // (+86 138****WWWW) tells the workers apart.
                    let national = format!("138{level_index:04}{worker:04}");
                    let mut times = Vec::with_capacity(per_user);
                    for index in 0..per_user {
                        let flow = one_flow(&mut browser, &client, &origin, &db, index, &national)
                            .await
                            .with_context(|| format!("worker {worker}, flow {index}"))?;
                        times.push(flow);
                    }
                    anyhow::Ok(times)
                })
            })
            .collect();
        let mut times = Vec::new();
        for worker in workers {
            times.extend(worker.await.context("a flow worker panicked")??);
        }
        let elapsed = started.elapsed();
        let cpu = server.cpu_time()? - cpu_before;
        let flows = times.len();
        Ok(Level {
            concurrency,
            flows,
            flows_per_sec: flows as f64 / elapsed.as_secs_f64(),
            flow: Percentiles::of(times.iter().map(|t| t.send + t.verify).collect())?,
            send: Percentiles::of(times.iter().map(|t| t.send).collect())?,
            verify: Percentiles::of(times.iter().map(|t| t.verify).collect())?,
            cpu_ms_per_flow: ms(cpu) / flows as f64,
            api: ApiLevel::default(),
        })
    }

    /// `self.flows` API flows by `concurrency` workers, all with `key`.
    async fn api_level(
        &self,
        server: &Server,
        client: &reqwest::Client,
        db: &Db,
        level_index: usize,
        concurrency: usize,
        key: &ApiKey,
    ) -> anyhow::Result<ApiLevel> {
        let per_worker = self.flows / concurrency;
        let cpu_before = server.cpu_time()?;
        let started = Instant::now();
        let workers: Vec<_> = (0..concurrency)
            .map(|worker| {
                let (client, origin, db, key) = (
                    client.clone(),
                    server.origin.clone(),
                    db.clone(),
                    key.clone(),
                );
                tokio::spawn(async move {
                    // 138 9 LLL WWWW: apart from the bind flows' numbers, unique per level and
                    // worker; the masked form (+86 138****WWWW) tells the workers apart.
                    let national = format!("1389{level_index:03}{worker:04}");
                    let mut times = Vec::with_capacity(per_worker);
                    for index in 0..per_worker {
                        let flow = one_api_flow(&client, &origin, &db, &key, index, &national)
                            .await
                            .with_context(|| format!("worker {worker}, flow {index}"))?;
                        times.push(flow);
                    }
                    anyhow::Ok(times)
                })
            })
            .collect();
        let mut times = Vec::new();
        for worker in workers {
            times.extend(worker.await.context("an API flow worker panicked")??);
        }
        let elapsed = started.elapsed();
        let cpu = server.cpu_time()? - cpu_before;
        let flows = times.len();
        Ok(ApiLevel {
            flows,
            flows_per_sec: flows as f64 / elapsed.as_secs_f64(),
            flow: Percentiles::of(times.iter().map(|t| t.start + t.check).collect())?,
            start: Percentiles::of(times.iter().map(|t| t.start).collect())?,
            check: Percentiles::of(times.iter().map(|t| t.check).collect())?,
            cpu_ms_per_flow: ms(cpu) / flows as f64,
        })
    }
}

/// `verigate api-key create --name <name>` with the server's database, data directory and secret.
fn create_api_key(config: &ServerConfig<'_>, name: &str) -> anyhow::Result<ApiKey> {
    let output = Command::new(config.binary)
        .args(["api-key", "create", "--name", name])
        .env("VERIGATE_DATABASE_URL", config.database_url)
        .env("VERIGATE_DATA_DIR", config.data_dir)
        .env("VERIGATE_SECRET_KEY", SECRET_KEY)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("could not run {} api-key create", config.binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "api-key create --name {name}: {}\n{stdout}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let field = |label: &str| {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(label))
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let sid = field("sid:").with_context(|| format!("no sid in {stdout:?}"))?;
    if !sid.starts_with("SK") {
        bail!("api-key create printed the SID {sid:?}");
    }
    let secret = field("secret:").with_context(|| format!("no secret in {stdout:?}"))?;
    Ok(ApiKey { secret })
}

/// POST `path` with a JSON body and the key; the status and the JSON answer.
async fn api_post(
    client: &reqwest::Client,
    origin: &str,
    key: &ApiKey,
    path: &str,
    body: &Value,
) -> anyhow::Result<(reqwest::StatusCode, Value)> {
    let response = client
        .post(format!("{origin}{path}"))
        .bearer_auth(&key.secret)
        .json(body)
        .send()
        .await
        .with_context(|| format!("POST {path}"))?;
    let status = response.status();
    let text = response.text().await?;
    let json = serde_json::from_str(&text)
        .with_context(|| format!("POST {path}: {status}, not JSON: {text}"))?;
    Ok((status, json))
}

/// POST /api/v1/verifications → the code from the sandbox log → POST …/{id}/check.
async fn one_api_flow(
    client: &reqwest::Client,
    origin: &str,
    db: &Db,
    key: &ApiKey,
    verifier_index: usize,
    national: &str,
) -> anyhow::Result<ApiFlowTimes> {
    let verifier = verifier_uid(verifier_index);
    let not_before = now_ms();
    let clock = Instant::now();
    let (status, body) = api_post(
        client,
        origin,
        key,
        "/api/v1/verifications",
        &json!({ "verifier": verifier, "to": format!("+86{national}") }),
    )
    .await?;
    let start = clock.elapsed();
    if status != reqwest::StatusCode::CREATED {
        bail!("start: {status} {body}");
    }
    let id = body["id"]
        .as_str()
        .filter(|id| id.starts_with("VE"))
        .with_context(|| format!("start: no VE… id in {body}"))?
        .to_owned();
    let masked = format!(
        "+86 {}****{}",
        &national[..3],
        &national[national.len() - 4..]
    );
    let code = sandbox_code(db, &verifier, "api", &masked, not_before).await?;
    let clock = Instant::now();
    let (status, body) = api_post(
        client,
        origin,
        key,
        &format!("/api/v1/verifications/{id}/check"),
        &json!({ "code": code }),
    )
    .await?;
    let check = clock.elapsed();
    if status != reqwest::StatusCode::OK || body["status"] != "approved" {
        bail!("check {id}: {status} {body}");
    }
    Ok(ApiFlowTimes { start, check })
}

fn verifier_uid(index: usize) -> String {
    format!("v_http_{index}")
}

/// send_bind_code → the code from the sandbox log → bind_phone.
async fn one_flow(
    browser: &mut Browser,
    client: &reqwest::Client,
    origin: &str,
    db: &Db,
    verifier_index: usize,
    national: &str,
) -> anyhow::Result<FlowTimes> {
    let verifier = verifier_uid(verifier_index);
    let not_before = now_ms();
    let clock = Instant::now();
    let answer = browser
        .call(
            client,
            origin,
            "send_bind_code",
            &[
                ("verifier", verifier.as_str()),
                ("country", "86"),
                ("phone", national),
            ],
        )
        .await;
    let send = clock.elapsed();
    let Answer::Ok(body) = answer else {
        bail!("send_bind_code: {answer:?}");
    };
    let sent = code_sent(&body)?;
    let code = sandbox_code(db, &verifier, "bind", &sent.masked_receiver, not_before).await?;
    let clock = Instant::now();
    let answer = browser
        .call(
            client,
            origin,
            "bind_phone",
            &[
                ("verifier", verifier.as_str()),
                ("country", "86"),
                ("phone", national),
                ("challenge_id", sent.challenge_id.as_str()),
                ("code", code.as_str()),
            ],
        )
        .await;
    let verify = clock.elapsed();
    if !matches!(answer, Answer::Ok(_)) {
        bail!("bind_phone: {answer:?}");
    }
    Ok(FlowTimes { send, verify })
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT met" }
}

impl Figures {
    fn cpu_target(&self) -> f64 {
        if self.backend == "sqlite" {
            CPU_MS_PER_FLOW_SQLITE
        } else {
            CPU_MS_PER_FLOW_POSTGRES
        }
    }

    fn print(&self) {
        println!(
            "\n{}: HTTP flows (send_bind_code → read the code → bind_phone)",
            self.backend
        );
        println!(
            "{:>5} {:>6} {:>8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10} {:>12}",
            "conc",
            "flows",
            "flows/s",
            "flow p50",
            "flow p99",
            "send p50",
            "send p99",
            "verify p50",
            "verify p99",
            "CPU ms/flow"
        );
        for level in &self.levels {
            println!(
                "{:>5} {:>6} {:>8.1} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>10.2} {:>10.2} {:>12.3}",
                level.concurrency,
                level.flows,
                level.flows_per_sec,
                ms(level.flow.p50),
                ms(level.flow.p99),
                ms(level.send.p50),
                ms(level.send.p99),
                ms(level.verify.p50),
                ms(level.verify.p99),
                level.cpu_ms_per_flow,
            );
        }
        println!(
            "  latencies in ms; flow = send + verify (reading the code is outside it, inside \
             flows/s); CPU = the server process's user + system time"
        );
        println!(
            "{}: API start+check (POST /api/v1/verifications → read the code → POST …/check)",
            self.backend
        );
        println!(
            "{:>5} {:>6} {:>8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10} {:>12}",
            "conc",
            "flows",
            "flows/s",
            "flow p50",
            "flow p99",
            "start p50",
            "start p99",
            "check p50",
            "check p99",
            "CPU ms/flow"
        );
        for level in &self.levels {
            let api = &level.api;
            println!(
                "{:>5} {:>6} {:>8.1} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>10.2} {:>10.2} {:>12.3}",
                level.concurrency,
                api.flows,
                api.flows_per_sec,
                ms(api.flow.p50),
                ms(api.flow.p99),
                ms(api.start.p50),
                ms(api.start.p99),
                ms(api.check.p50),
                ms(api.check.p99),
                api.cpu_ms_per_flow,
            );
        }
        println!("  flow = start + check; the code is read from the message log as above");
        println!(
            "  sign-ups: {} at concurrency {SIGNUP_CONCURRENCY}: {:.1}/s, {:.1} ms server CPU each",
            self.signups, self.signups_per_sec, self.cpu_ms_per_signup
        );
        println!(
            "  RSS: {:.1} MiB after start, {:.1} MiB peak during the sign-ups, {:.1} MiB idle after",
            mib(self.rss_at_start_kib),
            mib(self.peak_rss_kib),
            mib(self.idle_rss_kib)
        );
        println!(
            "  start until /healthz 200: {:.1} ms ({:.0} ms CPU) on a fresh database (migrations), \
             {:.1} ms ({:.0} ms CPU) on the same database again",
            ms(self.cold_start),
            ms(self.cold_start_cpu),
            ms(self.warm_start),
            ms(self.warm_start_cpu)
        );
    }

    fn print_summary(&self) {
        let target = self.cpu_target();
        let worst_cpu = self
            .levels
            .iter()
            .map(|level| level.cpu_ms_per_flow)
            .fold(0.0, f64::max);
        let cpu = self
            .levels
            .iter()
            .map(|level| format!("{:.3} @{}", level.cpu_ms_per_flow, level.concurrency))
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "{:<9} server CPU ms per flow: {cpu} [≤ {target}] {}",
            self.backend,
            verdict(worst_cpu <= target)
        );
        let api_cpu = self
            .levels
            .iter()
            .map(|level| format!("{:.3} @{}", level.api.cpu_ms_per_flow, level.concurrency))
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "{:<9} server CPU ms per API start+check: {api_cpu}",
            self.backend
        );
        if let Some(top) = self.levels.iter().find(|level| level.concurrency == 32) {
            println!(
                "{:<9} verify p99 at concurrency 32: {:.2} ms [≤ {VERIFY_P99_MS_AT_32}] {}; {:.0} flows/s",
                self.backend,
                ms(top.verify.p99),
                verdict(ms(top.verify.p99) <= VERIFY_P99_MS_AT_32),
                top.flows_per_sec
            );
        }
        println!(
            "{:<9} RSS after {} sign-ups: idle {:.1} MiB [≤ {IDLE_RSS_MIB}] {}, peak {:.1} MiB [≤ {PEAK_RSS_MIB}] {}",
            self.backend,
            self.signups,
            mib(self.idle_rss_kib),
            verdict(mib(self.idle_rss_kib) <= IDLE_RSS_MIB),
            mib(self.peak_rss_kib),
            verdict(mib(self.peak_rss_kib) <= PEAK_RSS_MIB),
        );
        println!(
            "{:<9} cold start: {:.1} ms [≤ {COLD_START_MS}] {} ({:.0} ms CPU; again on the same \
             database {:.1} ms)",
            self.backend,
            ms(self.cold_start),
            verdict(ms(self.cold_start) <= COLD_START_MS),
            ms(self.cold_start_cpu),
            ms(self.warm_start),
        );
    }
}

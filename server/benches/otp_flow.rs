//! Throughput and latency of the OTP flow (issue a code, then check it with the right code)
//! through the real `OtpEngine`, against a ceiling: bare INSERT + UPDATE pairs on the same
//! database at the same concurrency. It prints figures; it is not a timed test.
//!
//! ```sh
//! cargo bench -p server --bench otp_flow                      # SQLite
//! .ci/with-postgres cargo bench -p server --bench otp_flow    # SQLite, then PostgreSQL
//! BENCH_FLOWS=5000 BENCH_CONCURRENCY=16 cargo bench -p server --bench otp_flow
//! ```
//!
//! Each concurrent worker has its own sandbox verifier and runs its flows one after another; every
//! flow sends to a different number. The code is read back from the sandbox message log between
//! issue and check: that read is timed separately and is not part of a flow's latency (it is part
//! of the wall-clock time that flows/s is computed from).

use std::{
    path::Path,
    sync::Arc,
    time::{Duration, Instant},
};

#[path = "support/mod.rs"]
mod support;

use anyhow::{Context, bail};
use app::types::{PhoneNumber, Policy, VerifierUid};
use verigate::{
    clock::{Clock, SystemClock},
    domain::otp::{CheckRequest, IssueRequest, IssuedTo, OtpEngine, Scene},
    providers::{Destinations, Http, Registry},
    secret::ServerSecret,
    store::Db,
};

use support::{
    Percentiles, drop_postgres_database, env_count, fresh_postgres_database, ms, sandbox_code,
};

const DEFAULT_FLOWS: usize = 2000;
const DEFAULT_CONCURRENCY: usize = 8;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let flows = env_count("BENCH_FLOWS", DEFAULT_FLOWS)?;
    let concurrency = env_count("BENCH_CONCURRENCY", DEFAULT_CONCURRENCY)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "otp_flow: {flows} flows and {flows} INSERT+UPDATE pairs per backend, {concurrency} \
         concurrent workers, tokio multi-thread runtime on {threads} CPU(s)"
    );

    let mut all = Vec::new();

    let dir = tempfile::tempdir().context("could not create a temporary directory")?;
    let sqlite_url = format!("sqlite://{}/bench.db", dir.path().display());
    let figures = bench_backend("sqlite", &sqlite_url, dir.path(), flows, concurrency)
        .await
        .context("SQLite benchmark")?;
    print_block(&figures);
    all.push(figures);

    match std::env::var("TEST_POSTGRES_URL") {
        Ok(server) if !server.is_empty() => {
            let (name, url) = fresh_postgres_database(&server, "verigate_bench").await?;
            let outcome = bench_backend("postgres", &url, dir.path(), flows, concurrency).await;
            if let Err(error) = drop_postgres_database(&server, &name).await {
                eprintln!("note: could not drop the benchmark database {name}: {error:#}");
            }
            let figures = outcome.context("PostgreSQL benchmark")?;
            print_block(&figures);
            all.push(figures);
        }
        _ => println!(
            "\n(PostgreSQL skipped: set TEST_POSTGRES_URL, or run under .ci/with-postgres)"
        ),
    }

    println!("\nsummary");
    print_table(&all);
    println!(
        "ratio = flows/s ÷ ceiling pairs/s: the share of the database's bare INSERT+UPDATE \
         throughput that a complete issue+check flow achieves"
    );
    Ok(())
}

/// A positive count from the environment, or the default.
/// What one backend measured.
struct Figures {
    backend: &'static str,
    flows: usize,
    concurrency: usize,
    pool_size: u32,
    flows_per_sec: f64,
    /// issue + check, without reading the code.
    flow: Percentiles,
    issue: Percentiles,
    read_code: Percentiles,
    check: Percentiles,
    ceiling_pairs_per_sec: f64,
    pair: Percentiles,
}

impl Figures {
    fn ratio(&self) -> f64 {
        self.flows_per_sec / self.ceiling_pairs_per_sec
    }
}

fn print_table(all: &[Figures]) {
    println!(
        "{:<9} {:>6} {:>5} {:>8} {:>7} {:>7} {:>16} {:>6}",
        "backend", "flows", "conc", "flows/s", "p50 ms", "p99 ms", "ceiling pairs/s", "ratio"
    );
    for f in all {
        println!(
            "{:<9} {:>6} {:>5} {:>8.1} {:>7.2} {:>7.2} {:>16.1} {:>6.2}",
            f.backend,
            f.flows,
            f.concurrency,
            f.flows_per_sec,
            ms(f.flow.p50),
            ms(f.flow.p99),
            f.ceiling_pairs_per_sec,
            f.ratio()
        );
    }
}

fn print_block(f: &Figures) {
    println!();
    print_table(std::slice::from_ref(f));
    let line = |what: &str, p: &Percentiles| {
        println!(
            "  {what:<40} p50 {:>7.2} ms   p99 {:>7.2} ms   mean {:>7.2} ms",
            ms(p.p50),
            ms(p.p99),
            ms(p.mean)
        );
    };
    line("flow = issue + check (the latency above)", &f.flow);
    line("  issue", &f.issue);
    line("  check", &f.check);
    line("read the code (not in the flow latency)", &f.read_code);
    line("ceiling INSERT + UPDATE pair", &f.pair);
    println!(
        "  pool: {} connections; flows/s and pairs/s are wall clock (flows/s includes reading the code)",
        f.pool_size
    );
}

/// One flow's timings.
struct FlowTimes {
    issue: Duration,
    read_code: Duration,
    check: Duration,
}

async fn bench_backend(
    backend: &'static str,
    url: &str,
    dir: &Path,
    flows: usize,
    concurrency: usize,
) -> anyhow::Result<Figures> {
    let db = Db::connect(url).await?;
    db.migrate().await?;
    let pool_size = db.pool.options().get_max_connections();

    let policy = serde_json::to_string(&Policy {
        sends_per_hour: 100,
        sends_per_day: 1000,
        // The budgets at their highest: the benchmark measures throughput, not the limits.
        numbers_per_user_hour: 100,
        codes_per_user_day: 10_000,
        sends_per_verifier_day: 10_000_000,
        ..Policy::default()
    })
    .context("policy JSON")?;
    // Plain SQL (columns added by later migrations keep their defaults) rather than
    // `Db::insert_verifier`, whose `NewVerifier` gains a field with each verifier feature: the
    // benchmark keeps compiling while those land.
    let now = SystemClock.now_ms();
    for worker in 0..concurrency {
        sqlx::query(
            "insert into verifier (uid, title, description, verification_type, provider, settings, \
             policy, created_at, updated_at, service_sid) \
             values ($1, $2, '', 'sms-otp', 'sandbox', '{}', $3, $4, $4, $5)",
        )
        .bind(verifier_uid(worker).as_str())
        .bind(format!("Bench {worker}").as_str())
        .bind(policy.as_str())
        .bind(now)
        .bind(format!("VA{worker:032x}"))
        .execute(&db.pool)
        .await
        .with_context(|| format!("insert the verifier of worker {worker}"))?;
    }

    let secret = ServerSecret::load(Some(&"11".repeat(32)), dir)?;
    let engine = OtpEngine::new(
        db.clone(),
        Arc::new(SystemClock),
        &secret,
        Registry::standard(
            Http::new(Arc::new(SystemClock), Destinations::PublicOnly)?,
            None,
        )?,
    );

    // The flows.
    open_connections(&db, concurrency).await?;
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|worker| {
            let (engine, db) = (engine.clone(), db.clone());
            tokio::spawn(async move { flow_worker(&engine, &db, worker, flows, concurrency).await })
        })
        .collect();
    let mut times = Vec::with_capacity(flows);
    for worker in workers {
        times.extend(worker.await.context("a flow worker panicked")??);
    }
    let flows_elapsed = started.elapsed();

    // The ceiling, on the same database.
    sqlx::query("create table bench_ceiling (id text primary key, n bigint not null)")
        .execute(&db.pool)
        .await
        .context("create bench_ceiling")?;
    open_connections(&db, concurrency).await?;
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|worker| {
            let db = db.clone();
            tokio::spawn(async move { ceiling_worker(&db, worker, flows, concurrency).await })
        })
        .collect();
    let mut pairs = Vec::with_capacity(flows);
    for worker in workers {
        pairs.extend(worker.await.context("a ceiling worker panicked")??);
    }
    let ceiling_elapsed = started.elapsed();

    db.pool.close().await;

    Ok(Figures {
        backend,
        flows,
        concurrency,
        pool_size,
        flows_per_sec: flows as f64 / flows_elapsed.as_secs_f64(),
        flow: Percentiles::of(times.iter().map(|t| t.issue + t.check).collect())?,
        issue: Percentiles::of(times.iter().map(|t| t.issue).collect())?,
        read_code: Percentiles::of(times.iter().map(|t| t.read_code).collect())?,
        check: Percentiles::of(times.iter().map(|t| t.check).collect())?,
        ceiling_pairs_per_sec: flows as f64 / ceiling_elapsed.as_secs_f64(),
        pair: Percentiles::of(pairs)?,
    })
}

fn verifier_uid(worker: usize) -> String {
    format!("v_bench_{worker}")
}

/// Opens up to `wanted` pool connections before timing starts, so connecting is not measured.
async fn open_connections(db: &Db, wanted: usize) -> anyhow::Result<()> {
    let limit = usize::try_from(db.pool.options().get_max_connections()).unwrap_or(usize::MAX);
    let mut held = Vec::new();
    for _ in 0..wanted.min(limit) {
        held.push(db.pool.acquire().await.context("open a pool connection")?);
    }
    Ok(())
}

/// Flows `worker`, `worker + concurrency`, … one after another, each to its own number.
async fn flow_worker(
    engine: &OtpEngine,
    db: &Db,
    worker: usize,
    flows: usize,
    concurrency: usize,
) -> anyhow::Result<Vec<FlowTimes>> {
    let verifier_uid = VerifierUid::parse(&verifier_uid(worker))
        .map_err(|error| anyhow::anyhow!("bad bench UID: {error:?}"))?;
    let mut times = Vec::new();
    for index in (worker..flows).step_by(concurrency) {
        // +86 138 and nine digits of the flow index: unique per flow, and its masked form
        // (+86 138*****dddd) differs between a worker's consecutive flows.
        let phone = PhoneNumber::parse_e164(&format!("+86138{index:09}"))
            .map_err(|error| anyhow::anyhow!("flow {index}: bad bench number: {error:?}"))?;
        let not_before = SystemClock.now_ms();

        let clock = Instant::now();
        let issued = engine
            .issue(&IssueRequest {
                verifier_uid: &verifier_uid,
                scene: Scene::Bind,
                receiver: &phone,
                user_id: Some("u"),
                client: None,
                from_known_device: false,
                api_key: None,
                locale: app::i18n::Locale::en,
            })
            .await
            .with_context(|| format!("flow {index}: issue"))?;
        let issue = clock.elapsed();

        let clock = Instant::now();
        let code = sandbox_code(
            db,
            verifier_uid.as_str(),
            "bind",
            &phone.masked(),
            not_before,
        )
        .await
        .with_context(|| format!("flow {index}: read the code"))?;
        let read_code = clock.elapsed();

        let clock = Instant::now();
        engine
            .check(&CheckRequest {
                challenge_id: &issued.challenge_id,
                verifier_uid: &verifier_uid,
                scene: Scene::Bind,
                issued_to: Some(IssuedTo {
                    receiver: &phone,
                    user_id: Some("u"),
                }),
                code: &code,
            })
            .await
            .with_context(|| format!("flow {index}: check"))?;
        let check = clock.elapsed();

        times.push(FlowTimes {
            issue,
            read_code,
            check,
        });
    }
    Ok(times)
}

/// Pairs `worker`, `worker + concurrency`, …: insert a row, then update that row.
async fn ceiling_worker(
    db: &Db,
    worker: usize,
    pairs: usize,
    concurrency: usize,
) -> anyhow::Result<Vec<Duration>> {
    let mut times = Vec::new();
    for index in (worker..pairs).step_by(concurrency) {
        let id = format!("pair-{index}");
        let clock = Instant::now();
        sqlx::query("insert into bench_ceiling (id, n) values ($1, $2)")
            .bind(id.as_str())
            .bind(0_i64)
            .execute(&db.pool)
            .await
            .with_context(|| format!("pair {index}: insert"))?;
        let updated = sqlx::query("update bench_ceiling set n = n + 1 where id = $1")
            .bind(id.as_str())
            .execute(&db.pool)
            .await
            .with_context(|| format!("pair {index}: update"))?;
        times.push(clock.elapsed());
        if updated.rows_affected() != 1 {
            bail!(
                "pair {index}: the update changed {} rows",
                updated.rows_affected()
            );
        }
    }
    Ok(times)
}

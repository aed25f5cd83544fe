//! Soak run: two Verigate processes on one database, a bounded load of sign-ups, phone bindings
//! and SMS sign-ins, one instance killed with SIGKILL mid-load, then (PostgreSQL) the database
//! stopped and started again. It prints what it did and what it checked, and exits non-zero when
//! a check fails. Not part of the product; `.ci/soak` drives it (it owns the PostgreSQL cluster).
//!
//! Environment:
//! - `SOAK_DATABASE_URL`: `postgres://…` or `sqlite://…` (both instances use it).
//! - `SOAK_PG_STOP`, `SOAK_PG_START`: shell commands that stop and start PostgreSQL; without
//!   them the database outage is skipped (SQLite).
//! - `SOAK_PROFILE`: `debug` or `release`, which server binary to run (default `debug`).
//! - `SOAK_USERS` (default 200), `SOAK_WORKERS` (default 8).
//!
//! Per user: sign up (a session), `send_bind_code` → the code from the sandbox log →
//! `bind_phone`, then an anonymous `send_sign_in_code` to the bound number and its code submitted
//! by two browsers at once, one to each instance, so at most one may be signed in. Steps
//! alternate between the instances, except for every fourth user, who stays on B.

#[path = "../benches/support/mod.rs"]
mod support;

use std::{
    collections::BTreeMap,
    net::{IpAddr, Ipv4Addr},
    process::{Command, ExitCode},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use support::{
    Answer, Browser, Server, ServerConfig, code_sent, env_count, free_port, healthz_blocking,
    insert_sandbox_verifier, now_ms, sandbox_code, server_binary,
};
use verigate::store::Db;

const VERIFIER: &str = "v_soak";
/// Source addresses for anonymous sign-in sends (each is capped at 20 an hour).
const SOURCE_ADDRESSES: usize = 64;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("soak: no runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(soak()) {
        Ok(true) => {
            println!("soak: every check passed");
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("soak: FAILED (see the checks above)");
            ExitCode::FAILURE
        }
        Err(error) => {
            println!("soak: could not run: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// What one step's answer was, by kind.
#[derive(Default)]
struct Tally {
    /// Per step name and kind ("200", "409 Conflict", "connection refused", …).
    kinds: BTreeMap<(String, String), usize>,
    /// Answers that are neither a success nor a clear error.
    unclear: Vec<String>,
}

/// Shared state of the load.
struct Load {
    client_a: reqwest::Client,
    /// One client per loopback source address, for anonymous sign-in sends.
    anonymous: Vec<reqwest::Client>,
    origins: [String; 2],
    db: Db,
    killed: AtomicBool,
    tally: Mutex<Tally>,
    completed: AtomicUsize,
    /// (username, E.164 number) of every bind answered 200.
    bound: Mutex<Vec<(String, String)>>,
    /// (username, 200 answers to the two concurrent sign-in submissions).
    sign_ins: Mutex<Vec<(String, usize)>>,
    /// Flows each instance completed a step of after the kill.
    served_after_kill: [AtomicUsize; 2],
}

impl Load {
    /// Records an answer; true when it was a success.
    fn record(&self, step: &str, instance: usize, answer: &Answer) -> bool {
        let instance_name = ["A", "B"][instance];
        let kind = match answer {
            Answer::Ok(_) => "200".to_owned(),
            Answer::Refused(status, error) => format!("{} {}", status.as_u16(), kind_of(error)),
            Answer::ConnectionRefused => format!("connection refused by {instance_name}"),
            Answer::Broken(_) if instance == 0 && self.killed.load(Ordering::SeqCst) => {
                "connection to the killed A broke".to_owned()
            }
            Answer::Broken(error) => format!("BROKEN ({instance_name}): {error}"),
            Answer::Unclear(status, body) => format!("UNCLEAR {status}: {body}"),
        };
        if kind.starts_with("BROKEN") || kind.starts_with("UNCLEAR") {
            let mut tally = self.tally.lock().unwrap_or_else(|p| p.into_inner());
            tally.unclear.push(format!("{step}: {kind}"));
        }
        self.count(step, kind);
        if matches!(answer, Answer::Ok(_)) && self.killed.load(Ordering::SeqCst) {
            self.served_after_kill[instance].fetch_add(1, Ordering::SeqCst);
        }
        matches!(answer, Answer::Ok(_))
    }

    /// Counts one outcome of `step` of the kind `kind`.
    fn count(&self, step: &str, kind: String) {
        let mut tally = self.tally.lock().unwrap_or_else(|p| p.into_inner());
        *tally.kinds.entry((step.to_owned(), kind)).or_default() += 1;
    }

    async fn call(
        &self,
        step: &str,
        browser: &mut Browser,
        client: &reqwest::Client,
        instance: usize,
        form: &[(&str, &str)],
    ) -> Option<String> {
        let answer = browser
            .call(client, &self.origins[instance], step, form)
            .await;
        let ok = self.record(step, instance, &answer);
        match answer {
            Answer::Ok(body) if ok => Some(body),
            _ => None,
        }
    }

    /// One user's flow; `Ok` whether or not it completed (the answers are tallied).
    async fn user_flow(&self, index: usize, only: Option<usize>) -> anyhow::Result<bool> {
        let main = only.unwrap_or(index % 2);
        let other = only.unwrap_or(1 - main);
        let username = format!("soak_{index}");
        let national = format!("139{index:08}");
        let phone = [("country", "86"), ("phone", national.as_str())];
        let client = &self.client_a;

        let mut browser = Browser::default();
        let answer = browser
            .sign_up(client, &self.origins[main], &username)
            .await;
        if !self.record("sign_up", main, &answer) {
            return Ok(false);
        }

        // Bind, the send on one instance and the check on the other.
        let not_before = now_ms();
        let form = [("verifier", VERIFIER), phone[0], phone[1]];
        let Some(body) = self
            .call("send_bind_code", &mut browser, client, other, &form)
            .await
        else {
            return Ok(false);
        };
        let sent = code_sent(&body)?;
        let code = sandbox_code(
            &self.db,
            VERIFIER,
            "bind",
            &sent.masked_receiver,
            not_before,
        )
        .await?;
        let form = [
            ("verifier", VERIFIER),
            phone[0],
            phone[1],
            ("challenge_id", sent.challenge_id.as_str()),
            ("code", code.as_str()),
        ];
        if self
            .call("bind_phone", &mut browser, client, main, &form)
            .await
            .is_none()
        {
            return Ok(false);
        }
        self.bound
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((username.clone(), format!("+86{national}")));

        // Sign in with a code: one send, then the code submitted to both instances at once.
        let anonymous = &self.anonymous[index % self.anonymous.len()];
        let not_before = now_ms();
        let form = [("verifier", VERIFIER), phone[0], phone[1]];
        let Some(body) = self
            .call(
                "send_sign_in_code",
                &mut Browser::default(),
                anonymous,
                other,
                &form,
            )
            .await
        else {
            return Ok(false);
        };
        let sent = code_sent(&body)?;
        let code = match sandbox_code(
            &self.db,
            VERIFIER,
            "sign-in",
            &sent.masked_receiver,
            not_before,
        )
        .await
        {
            Ok(code) => code,
            // A sign-in code goes out after the answer (so that its timing tells nothing): when
            // A was killed in between, the code never went out, as a person whose SMS never
            // came would ask again. Anything else missing is the harness's error.
            Err(_) if other == 0 && self.killed.load(Ordering::SeqCst) => {
                self.count(
                    "sign-in message",
                    "never sent: A killed after answering".to_owned(),
                );
                return Ok(false);
            }
            Err(error) => return Err(error),
        };
        let form = [
            ("verifier", VERIFIER),
            phone[0],
            phone[1],
            ("challenge_id", sent.challenge_id.as_str()),
            ("code", code.as_str()),
        ];
        let (mut first, mut second) = (Browser::default(), Browser::default());
        let (a, b) = tokio::join!(
            first.call(anonymous, &self.origins[main], "sign_in_with_code", &form),
            second.call(anonymous, &self.origins[other], "sign_in_with_code", &form),
        );
        let successes = usize::from(self.record("sign_in_with_code", main, &a))
            + usize::from(self.record("sign_in_with_code", other, &b));
        self.sign_ins
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((username, successes));
        Ok(successes > 0)
    }
}

/// The `AppError` variant's name, from its JSON.
fn kind_of(error: &app::AppError) -> String {
    serde_json::to_value(error)
        .ok()
        .and_then(|value| match value {
            serde_json::Value::Object(map) => map.keys().next().cloned(),
            serde_json::Value::String(name) => Some(name),
            _ => None,
        })
        .unwrap_or_else(|| "AppError".to_owned())
}

/// A named check and whether it held.
struct Checks(Vec<(String, bool)>);

impl Checks {
    fn check(&mut self, what: impl Into<String>, held: bool) {
        let what = what.into();
        println!("  [{}] {what}", if held { " ok " } else { "FAIL" });
        self.0.push((what, held));
    }

    fn all_held(&self) -> bool {
        self.0.iter().all(|(_, held)| *held)
    }
}

async fn soak() -> anyhow::Result<bool> {
    let url = std::env::var("SOAK_DATABASE_URL").context("set SOAK_DATABASE_URL")?;
    let profile = std::env::var("SOAK_PROFILE").unwrap_or_else(|_| "debug".to_owned());
    let users = env_count("SOAK_USERS", 200)?;
    let workers = env_count("SOAK_WORKERS", 8)?;
    let pg_stop = std::env::var("SOAK_PG_STOP").ok().filter(|c| !c.is_empty());
    let pg_start = std::env::var("SOAK_PG_START")
        .ok()
        .filter(|c| !c.is_empty());
    let binary = server_binary(&profile)?;
    let backend = if url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!(
        "soak on {backend}: {users} users, {workers} at a time, two {profile} instances of {}",
        binary.display()
    );

    let dir = tempfile::tempdir()?;
    let start = |name: &str| -> anyhow::Result<Server> {
        let server = Server::start(&ServerConfig {
            binary: &binary,
            database_url: &url,
            data_dir: dir.path(),
            port: free_port()?,
            log: dir.path().join(format!("{name}.log")),
        })?;
        println!(
            "  started instance {name} (pid {}) on {} in {:.0} ms",
            server.pid,
            server.origin,
            server.started_in.as_secs_f64() * 1000.0
        );
        Ok(server)
    };
    // One after the other: the first applies the migrations.
    let mut a = start("A")?;
    let mut b = start("B")?;

    let db = Db::connect(&url).await?;
    // No resend interval: each number gets its sign-in code right after its bind code.
    insert_sandbox_verifier(&db, VERIFIER, true, 0, 1).await?;

    let anonymous = (0..SOURCE_ADDRESSES)
        .map(|n| {
            let source = IpAddr::V4(Ipv4Addr::new(127, 0, 1, u8::try_from(n + 1).unwrap_or(1)));
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .local_address(source)
                .timeout(Duration::from_secs(30))
                .build()
                .context("HTTP client")
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let load = Arc::new(Load {
        client_a: support::http_client()?,
        anonymous,
        origins: [a.origin.clone(), b.origin.clone()],
        db: db.clone(),
        killed: AtomicBool::new(false),
        tally: Mutex::default(),
        completed: AtomicUsize::new(0),
        bound: Mutex::default(),
        sign_ins: Mutex::default(),
        served_after_kill: [AtomicUsize::new(0), AtomicUsize::new(0)],
    });

    // The load, with A killed once 40 % of the users are through.
    println!("  load: {users} user flows over A and B");
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (load, next) = (load.clone(), next.clone());
            tokio::spawn(async move {
                let mut errors = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= users {
                        break;
                    }
                    // Every fourth user stays on B (as a load balancer would send them once
                    // A is gone); the others alternate between A and B step by step.
                    let only = (index % 4 == 3).then_some(1);
                    match load.user_flow(index, only).await {
                        Ok(true) => {
                            load.completed.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(false) => {}
                        Err(error) => errors.push(format!("user {index}: {error:#}")),
                    }
                }
                errors
            })
        })
        .collect();
    let kill_at = users * 2 / 5;
    while next.load(Ordering::SeqCst) < kill_at {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    load.killed.store(true, Ordering::SeqCst);
    a.kill()?;
    println!(
        "  SIGKILL to A (pid {}) after {:.1} s, with {} users started",
        a.pid,
        started.elapsed().as_secs_f64(),
        next.load(Ordering::SeqCst).min(users)
    );
    let mut harness_errors = Vec::new();
    for handle in handles {
        harness_errors.extend(handle.await.context("a load worker panicked")?);
    }
    println!(
        "  load done in {:.1} s: {} of {users} user flows completed",
        started.elapsed().as_secs_f64(),
        load.completed.load(Ordering::SeqCst)
    );

    let mut checks = Checks(Vec::new());

    // The database goes away and comes back.
    if let (Some(stop), Some(start_cmd)) = (&pg_stop, &pg_start) {
        outage(&load, &b, stop, start_cmd, users, &mut checks).await?;
    } else {
        println!("  (no database outage: SOAK_PG_STOP/SOAK_PG_START not set)");
        let after: Vec<_> = (users..users + 4).collect();
        let mut done = 0;
        for index in &after {
            done += usize::from(load.user_flow(*index, Some(1)).await?);
        }
        checks.check(
            format!(
                "B completes fresh flows at the end: {done} of {}",
                after.len()
            ),
            done == after.len(),
        );
    }

    // What the answers were.
    println!("  answers, by step and kind:");
    {
        let tally = load.tally.lock().unwrap_or_else(|p| p.into_inner());
        for ((step, kind), count) in &tally.kinds {
            println!("    {step:<18} {kind:<40} {count}");
        }
        checks.check(
            format!(
                "every step succeeded or got a clear error (AppError JSON, connection refused, \
                 or a connection to the killed instance broken): {} unclear",
                tally.unclear.len()
            ),
            tally.unclear.is_empty(),
        );
        for unclear in tally.unclear.iter().take(10) {
            println!("      {unclear}");
        }
    }
    checks.check(
        format!(
            "the load harness itself had no errors: {}",
            harness_errors.len()
        ),
        harness_errors.is_empty(),
    );
    for error in harness_errors.iter().take(10) {
        println!("      {error}");
    }
    checks.check(
        format!(
            "B kept serving after A was killed: {} successful steps on B after the kill",
            load.served_after_kill[1].load(Ordering::SeqCst)
        ),
        load.served_after_kill[1].load(Ordering::SeqCst) > 0 && b.is_running(),
    );

    database_checks(&load, &mut checks).await?;

    b.stop()?;
    db.pool.close().await;
    if !checks.all_held() {
        for name in ["A", "B"] {
            let log = dir.path().join(format!("{name}.log"));
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<_> = text.lines().rev().take(8).collect();
            println!("  last lines of {name}'s log:");
            for line in tail.into_iter().rev() {
                println!("    {line}");
            }
        }
    }
    Ok(checks.all_held())
}

/// Stops the database under B, checks what B says meanwhile, starts it again and checks that B
/// serves again without a restart.
async fn outage(
    load: &Load,
    b: &Server,
    stop: &str,
    start: &str,
    users: usize,
    checks: &mut Checks,
) -> anyhow::Result<()> {
    println!("  stopping PostgreSQL");
    shell(stop)?;
    let clock = Instant::now();
    let down = tokio::task::spawn_blocking({
        let address = b.address;
        move || healthz_blocking(address)
    })
    .await?;
    let waited = clock.elapsed();
    println!(
        "  /healthz on B with the database down: {down:?} in {:.0} ms",
        waited.as_secs_f64() * 1000.0
    );
    // The probe's deadline is 2 s; a load balancer gives up after 1 to 5 s.
    checks.check(
        format!(
            "/healthz answered 503 within 5 s while the database was down (got {down:?} in {:.1} s)",
            waited.as_secs_f64()
        ),
        down == Some(503) && waited < Duration::from_secs(5),
    );
    // Requests meanwhile must fail clearly; these users do not count as flows.
    let mut during = Vec::new();
    for index in users + 100..users + 103 {
        let mut browser = Browser::default();
        let answer = browser
            .sign_up(&load.client_a, &load.origins[1], &format!("soak_{index}"))
            .await;
        load.record("sign_up (database down)", 1, &answer);
        during.push(answer);
    }
    checks.check(
        "requests to B with the database down got an AppError answer",
        during
            .iter()
            .all(|answer| matches!(answer, Answer::Refused(status, _) if status.is_server_error())),
    );

    println!("  starting PostgreSQL");
    shell(start)?;
    let clock = Instant::now();
    let mut up = None;
    while clock.elapsed() < Duration::from_secs(60) {
        let address = b.address;
        up = tokio::task::spawn_blocking(move || healthz_blocking(address)).await?;
        if up == Some(200) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    checks.check(
        format!(
            "/healthz on B answered 200 again {:.1} s after PostgreSQL started (got {up:?})",
            clock.elapsed().as_secs_f64()
        ),
        up == Some(200),
    );
    let after: Vec<_> = (users..users + 4).collect();
    let mut done = 0;
    for index in &after {
        done += usize::from(load.user_flow(*index, Some(1)).await?);
    }
    checks.check(
        format!(
            "complete flows succeed on B again without restarting it: {done} of {}",
            after.len()
        ),
        done == after.len(),
    );
    Ok(())
}

fn shell(command: &str) -> anyhow::Result<()> {
    let status = Command::new("sh").args(["-c", command]).status()?;
    if !status.success() {
        bail!("{command:?} failed: {status}");
    }
    Ok(())
}

/// What the database says after the run.
async fn database_checks(load: &Load, checks: &mut Checks) -> anyhow::Result<()> {
    let db = &load.db;
    let bound = load.bound.lock().map(|b| b.clone()).unwrap_or_default();
    let mut missing = 0;
    for (username, receiver) in &bound {
        let rows: i64 = sqlx::query_scalar(
            "select count(*) from binding b join app_user u on u.user_id = b.user_id \
             where u.username_key = $1 and b.verifier_uid = $2 and b.receiver = $3",
        )
        .bind(username.as_str())
        .bind(VERIFIER)
        .bind(receiver.as_str())
        .fetch_one(&db.pool)
        .await?;
        if rows != 1 {
            missing += 1;
        }
    }
    checks.check(
        format!(
            "every bind answered 200 has exactly one binding row: {} binds, {missing} without",
            bound.len()
        ),
        missing == 0,
    );
    let total_bindings: i64 = sqlx::query_scalar("select count(*) from binding")
        .fetch_one(&db.pool)
        .await?;
    let duplicated: i64 = sqlx::query_scalar(
        "select count(*) from (select verifier_uid, receiver from binding \
         group by verifier_uid, receiver having count(*) > 1) d",
    )
    .fetch_one(&db.pool)
    .await?;
    let duplicated_users: i64 = sqlx::query_scalar(
        "select count(*) from (select verifier_uid, user_id from binding \
         group by verifier_uid, user_id having count(*) > 1) d",
    )
    .fetch_one(&db.pool)
    .await?;
    checks.check(
        format!(
            "no binding duplicated: {total_bindings} rows ({} more than answered 200: binds \
             committed while A died), {duplicated} numbers and {duplicated_users} users twice",
            total_bindings - i64::try_from(bound.len()).unwrap_or(0)
        ),
        duplicated == 0 && duplicated_users == 0 && total_bindings >= i64::try_from(bound.len())?,
    );

    // Codes: closed consistently, approved at most once, one session per approved sign-in.
    let (challenges, approved, inconsistent): (i64, i64, i64) = sqlx::query_as(
        "select count(*), count(case when outcome = 'approved' then 1 end), \
         count(case when (consumed_at is null) <> (outcome is null) then 1 end) from challenge",
    )
    .fetch_one(&db.pool)
    .await?;
    checks.check(
        format!(
            "every challenge closed consistently (consumed_at with an outcome): {challenges} \
             challenges, {approved} approved, {inconsistent} inconsistent"
        ),
        inconsistent == 0,
    );
    let sign_ins = load.sign_ins.lock().map(|s| s.clone()).unwrap_or_default();
    let twice = sign_ins.iter().filter(|(_, ok)| *ok > 1).count();
    let attempted = sign_ins.len();
    let signed_in = sign_ins.iter().filter(|(_, ok)| *ok == 1).count();
    checks.check(
        format!(
            "no sign-in code accepted twice: {attempted} codes submitted to both instances at \
             once, {signed_in} accepted once, {twice} twice"
        ),
        twice == 0,
    );
    // Per user: sessions beyond the sign-up's ≤ approved sign-in challenges ≤ 1, and at least
    // as many as the sign-ins answered 200.
    let mut too_many = 0;
    for (username, answered) in &sign_ins {
        let (sessions, approved_sign_ins): (i64, i64) = sqlx::query_as(
            "select (select count(*) from session s where s.user_id = u.user_id), \
             (select count(*) from challenge c where c.scene = 'sign-in' \
              and c.user_id = u.user_id and c.outcome = 'approved') \
             from app_user u where u.username_key = $1",
        )
        .bind(username.as_str())
        .fetch_one(&db.pool)
        .await?;
        let from_sign_in = sessions - 1;
        if approved_sign_ins > 1
            || from_sign_in > approved_sign_ins
            || from_sign_in < i64::try_from(*answered)?
        {
            too_many += 1;
            println!(
                "      {username}: {sessions} sessions, {approved_sign_ins} approved sign-in \
                 codes, {answered} answered 200"
            );
        }
    }
    checks.check(
        format!(
            "no user has two sessions from one code (sessions after sign-up ≤ approved sign-in \
             codes ≤ 1 per user): {too_many} users off"
        ),
        too_many == 0,
    );
    Ok(())
}

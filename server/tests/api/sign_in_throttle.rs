//! Password sign-in throttling: a lock after 5 consecutive failures of a username from one
//! address that doubles, a one-minute back-off for a username from every address together,
//! hourly caps per address, and a record of every failure.

use std::time::Duration;

use app::AppError;
use reqwest::{Response, StatusCode, header::RETRY_AFTER};
use verigate::clock::Clock;

use crate::{
    helpers::{Backend, PASSWORD, TestApp, captured_logs},
    on_both_databases,
};

const WRONG: &str = "not the password";

impl TestApp {
    /// `times` wrong passwords for `username`, each from a fresh browser; their statuses.
    async fn fail_sign_ins(&self, username: &str, times: usize) -> Vec<StatusCode> {
        let mut statuses = Vec::new();
        for _ in 0..times {
            statuses.push(
                self.sign_in(&self.new_browser(), username, WRONG)
                    .await
                    .status(),
            );
        }
        statuses
    }

    /// Wrong passwords recorded for `account_key` from this machine.
    async fn failures_recorded(&self, account_key: &str) -> i64 {
        sqlx::query_scalar(
            "select count(*) from sign_in_failure \
             where account_key = $1 and outcome = 'wrong_password' and client = '127.0.0.1'",
        )
        .bind(account_key)
        .fetch_one(&self.db.pool)
        .await
        .expect("count sign-in failures")
    }

    /// Refused attempts counted for `account_key` (empty: the address's own cap) from this
    /// machine, and the rows they are counted in.
    async fn refusals_counted(&self, account_key: &str) -> (i64, i64) {
        sqlx::query_as(
            "select cast(coalesce(sum(attempts), 0) as bigint), count(*) from sign_in_refusal \
             where account_key = $1 and client = '127.0.0.1'",
        )
        .bind(account_key)
        .fetch_one(&self.db.pool)
        .await
        .expect("count refused sign-ins")
    }

    /// As if `failures` sign-ins had failed from this machine this hour (each with a different
    /// username).
    async fn failed_this_hour_from_here(&self, failures: i64) {
        let now = self.clock.now_ms();
        let hour = 60 * 60 * 1000;
        sqlx::query(
            "insert into client_window (counter, client, window_start, hits) \
             values ('password_failure', '127.0.0.1', $1, $2) \
             on conflict (counter, client, window_start) do update set hits = excluded.hits",
        )
        .bind(now - now % hour)
        .bind(failures)
        .execute(&self.db.pool)
        .await
        .expect("seed the client window");
    }
}

/// The `Retry-After` seconds and the error of a throttled answer.
async fn throttled(response: Response) -> (u64, AppError) {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .expect("a Retry-After header")
        .to_str()
        .expect("ASCII")
        .parse()
        .expect("whole seconds");
    (retry_after, response.json().await.expect("an AppError"))
}

async fn the_sixth_attempt_within_a_minute_gets_429_with_retry_after_even_with_the_right_password(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;

    let statuses = app.fail_sign_ins("ada", 5).await;
    app.advance(Duration::from_secs(30));
    let browser = app.new_browser();
    let sixth = app.sign_in(&browser, "ada", PASSWORD).await;

    assert_eq!(statuses, vec![StatusCode::UNAUTHORIZED; 5]);
    let (retry_after, error) = throttled(sixth).await;
    assert_eq!(retry_after, 30);
    assert_eq!(
        error,
        AppError::TooManySignIns {
            retry_after_secs: 30
        }
    );
    assert_eq!(
        error.to_string(),
        "Too many failed sign-ins. Try again in 30 s."
    );
    assert!(app.whoami(&browser).await.is_none(), "not signed in");
}

async fn after_the_lock_the_right_password_works_and_starts_the_count_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;
    app.fail_sign_ins("ada", 5).await;
    app.advance(Duration::from_secs(61));
    let browser = app.new_browser();

    let response = app.sign_in(&browser, "ada", PASSWORD).await;

    assert!(response.status().is_success(), "{}", response.status());
    assert!(app.whoami(&browser).await.is_some(), "signed in");
    assert_eq!(
        app.fail_sign_ins("ada", 5).await,
        vec![StatusCode::UNAUTHORIZED; 5],
        "five more tries before the next lock"
    );
    let (retry_after, _) = throttled(app.sign_in(&app.new_browser(), "ada", PASSWORD).await).await;
    assert_eq!(retry_after, 60);
}

async fn each_further_failure_doubles_the_lock(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;
    app.fail_sign_ins("ada", 5).await;
    app.advance(Duration::from_secs(61));

    assert_eq!(
        app.fail_sign_ins("ada", 1).await,
        [StatusCode::UNAUTHORIZED]
    );
    app.advance(Duration::from_secs(61));
    let (retry_after, _) = throttled(app.sign_in(&app.new_browser(), "ada", PASSWORD).await).await;
    assert_eq!(
        retry_after, 59,
        "locked for 2 minutes after the 6th failure"
    );

    app.advance(Duration::from_secs(60));
    let response = app.sign_in(&app.new_browser(), "ada", PASSWORD).await;
    assert!(response.status().is_success(), "{}", response.status());
}

async fn an_attackers_failures_lock_only_the_attackers_address(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;
    let attacker = app.browser_from("127.0.0.2");
    for _ in 0..5 {
        app.sign_in(&attacker, "ada", WRONG).await;
    }

    let (retry_after, _) = throttled(app.sign_in(&attacker, "ada", PASSWORD).await).await;
    let ada = app
        .sign_in(&app.browser_from("127.0.0.1"), "ada", PASSWORD)
        .await;

    assert_eq!(retry_after, 60, "the attacker's address is locked");
    assert!(
        ada.status().is_success(),
        "ada, elsewhere, signs in: {}",
        ada.status()
    );
}

async fn failures_from_many_addresses_hold_a_username_back_a_minute_at_most(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;
    // One failure from each of ten addresses: no address reaches its own lock.
    for host in 2..12 {
        let status = app
            .sign_in(&app.browser_from(&format!("127.0.0.{host}")), "ada", WRONG)
            .await
            .status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Each failure after the tenth holds the name a minute again, never longer.
    for _ in 0..3 {
        app.advance(Duration::from_secs(61));
        let status = app
            .sign_in(&app.browser_from("127.0.0.12"), "ada", WRONG)
            .await
            .status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    let (retry_after, _) = throttled(app.sign_in(&app.new_browser(), "ada", PASSWORD).await).await;
    app.advance(Duration::from_secs(60));
    let later = app.sign_in(&app.new_browser(), "ada", PASSWORD).await;

    assert!(
        (1..=60).contains(&retry_after),
        "at most a minute, even after 13 failures: {retry_after}"
    );
    assert!(later.status().is_success(), "{}", later.status());
}

async fn an_unknown_username_is_throttled_exactly_like_a_known_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;

    let known = app.fail_sign_ins("ada", 5).await;
    let unknown = app.fail_sign_ins("grace", 5).await;
    let known_sixth = throttled(app.sign_in(&app.new_browser(), "ada", WRONG).await).await;
    // The typed name is normalised as accounts normalise it.
    let unknown_sixth = throttled(app.sign_in(&app.new_browser(), " GRACE ", WRONG).await).await;

    assert_eq!(known, unknown);
    assert_eq!(known_sixth, unknown_sixth);
}

async fn a_client_address_gets_at_most_100_failures_an_hour(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;
    app.failed_this_hour_from_here(99).await;

    let hundredth = app.fail_sign_ins("someone", 1).await;
    let next = app.sign_in(&app.new_browser(), "ada", PASSWORD).await;

    assert_eq!(hundredth, [StatusCode::UNAUTHORIZED]);
    let (retry_after, _) = throttled(next).await;
    assert!((1..=3600).contains(&retry_after), "{retry_after}");
    app.advance(Duration::from_secs(retry_after));
    let response = app.sign_in(&app.new_browser(), "ada", PASSWORD).await;
    assert!(response.status().is_success(), "{}", response.status());
}

async fn parallel_guesses_on_two_instances_cannot_slip_past_the_lock(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.second_instance().await;
    app.signed_in_user("ada").await;

    let guesses: Vec<_> = (0..10)
        .map(|i| {
            let server = if i % 2 == 0 { &app } else { &other };
            let request = server
                .new_browser()
                .post(format!("{}/api/sign_in", server.address))
                .header("Origin", &server.address)
                .form(&[("username", "ada"), ("password", WRONG)]);
            tokio::spawn(async move { request.send().await.expect("the server answers").status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.expect("the guess runs"));
    }

    statuses.sort();
    assert_eq!(
        statuses,
        [
            vec![StatusCode::UNAUTHORIZED; 5],
            vec![StatusCode::TOO_MANY_REQUESTS; 5]
        ]
        .concat()
    );
}

async fn every_failure_is_recorded_and_logged_without_the_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let password = format!("secret-{}", app.clock.now_ms());
    let username = format!("audited-{backend:?}").to_lowercase();
    for _ in 0..6 {
        app.sign_in(&app.new_browser(), &username, &password).await;
    }

    assert_eq!(app.failures_recorded(&username).await, 5);
    assert_eq!(app.refusals_counted(&username).await, (1, 1));
    let logs = captured_logs();
    assert!(
        logs.lines()
            .any(|line| line.contains("sign-in refused") && line.contains(&username)),
        "the log names the username"
    );
    assert!(
        !logs.contains(&password),
        "the log never holds the password"
    );
}

async fn a_flood_of_refused_attempts_is_counted_not_stored_row_by_row(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.fail_sign_ins("ada", 5).await;

    let locked = app.fail_sign_ins("ada", 20).await;
    app.failed_this_hour_from_here(100).await;
    let mut capped = Vec::new();
    for index in 0..20 {
        capped.extend(app.fail_sign_ins(&format!("user{index}"), 1).await);
    }

    assert_eq!(locked, vec![StatusCode::TOO_MANY_REQUESTS; 20]);
    assert_eq!(capped, vec![StatusCode::TOO_MANY_REQUESTS; 20]);
    assert_eq!(app.failures_recorded("ada").await, 5);
    assert_eq!(app.refusals_counted("ada").await, (20, 1));
    assert_eq!(
        app.refusals_counted("").await,
        (20, 1),
        "the address's own cap: one row, whatever the usernames"
    );
}

/// A typed username is logged as it was typed: a line break in it must not start a line that
/// reads as an event of its own.
async fn a_username_cannot_forge_a_log_line(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Lower case: the throttle logs the username as accounts normalise it.
    let forged = format!("2026-12-07 info forged-{backend:?} signed in").to_lowercase();
    let username = format!("mallory\n{forged}");
    for _ in 0..6 {
        app.sign_in(&app.new_browser(), &username, WRONG).await;
    }

    let logs = captured_logs();
    assert!(logs.contains(&forged), "the username is logged");
    assert!(
        !logs.lines().any(|line| line.starts_with(&forged)),
        "no line begins with the forged event"
    );
}

on_both_databases!(
    a_username_cannot_forge_a_log_line,
    a_flood_of_refused_attempts_is_counted_not_stored_row_by_row,
    the_sixth_attempt_within_a_minute_gets_429_with_retry_after_even_with_the_right_password,
    after_the_lock_the_right_password_works_and_starts_the_count_again,
    each_further_failure_doubles_the_lock,
    an_unknown_username_is_throttled_exactly_like_a_known_one,
    an_attackers_failures_lock_only_the_attackers_address,
    failures_from_many_addresses_hold_a_username_back_a_minute_at_most,
    a_client_address_gets_at_most_100_failures_an_hour,
    parallel_guesses_on_two_instances_cannot_slip_past_the_lock,
    every_failure_is_recorded_and_logged_without_the_password,
);

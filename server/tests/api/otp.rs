//! The OTP engine against a real database: atomic checks, attempt limits, expiry, resend
//! interval, caps, and bindings.

use std::{sync::Arc, time::Duration};

use app::{
    ports::CodeError,
    types::{PhoneNumber, Policy, VerifierUid},
};
use tokio::sync::Barrier;
use verigate::{
    domain::otp::{CheckRequest, IssueRequest, Issued, IssuedTo, OtpError, Scene},
    store::VerifierRecord,
};

use crate::{
    helpers::{Backend, TestApp, sandbox_verifier},
    on_both_databases,
};

const VERIFIER: &str = "v_sms";

fn verifier() -> VerifierUid {
    VerifierUid::parse(VERIFIER).expect("valid UID")
}

fn phone() -> PhoneNumber {
    PhoneNumber::parse_e164("+8613800138000").expect("valid number")
}

/// The sandbox verifier with `policy` and sandbox `settings` (JSON).
fn record(policy: Policy, settings: &str) -> VerifierRecord {
    sandbox_verifier(
        VERIFIER,
        policy,
        serde_json::from_str(settings).expect("settings JSON"),
    )
}

pub(crate) async fn with_verifier(backend: Backend, policy: Policy, settings: &str) -> TestApp {
    let app = TestApp::spawn(backend).await;
    app.db
        .insert_verifier(&record(policy, settings), 0)
        .await
        .expect("insert verifier");
    app
}

pub(crate) async fn issue(
    app: &TestApp,
    scene: Scene,
    user: Option<&str>,
) -> Result<Issued, OtpError> {
    app.otp
        .issue(&IssueRequest {
            verifier_uid: &verifier(),
            scene,
            receiver: &phone(),
            user_id: user,
            client: None,
            from_known_device: false,
            api_key: None,
            locale: app::i18n::Locale::en,
        })
        .await
}

pub(crate) async fn check(
    app: &TestApp,
    issued: &Issued,
    scene: Scene,
    user: Option<&str>,
    code: &str,
) -> Result<(), OtpError> {
    app.otp
        .check(&CheckRequest {
            challenge_id: &issued.challenge_id,
            verifier_uid: &verifier(),
            scene,
            issued_to: Some(IssuedTo {
                receiver: &phone(),
                user_id: user,
            }),
            code,
        })
        .await
}

async fn exactly_one_of_32_concurrent_correct_submissions_succeeds(backend: Backend) {
    let app = Arc::new(with_verifier(backend, Policy::default(), "{}").await);
    let issued = Arc::new(issue(&app, Scene::Bind, Some("u1")).await.expect("issued"));
    let code = Arc::new(app.newest_sandbox_code().await);
    let barrier = Arc::new(Barrier::new(32));

    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let (app, issued, code, barrier) =
                (app.clone(), issued.clone(), code.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                check(&app, &issued, Scene::Bind, Some("u1"), &code).await
            })
        })
        .collect();
    let mut successes = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(()) => successes += 1,
            Err(OtpError::Code(CodeError::Expired)) => {}
            Err(other) => panic!("unexpected outcome: {other:?}"),
        }
    }

    assert_eq!(successes, 1);
}

async fn wrong_attempts_count_down_and_then_burn_even_the_right_code(backend: Backend) {
    let app = with_verifier(
        backend,
        Policy {
            max_attempts: 3,
            ..Policy::default()
        },
        "{}",
    )
    .await;
    let issued = issue(&app, Scene::Bind, Some("u1")).await.expect("issued");
    let code = app.newest_sandbox_code().await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    for left in [2, 1, 0] {
        let outcome = check(&app, &issued, Scene::Bind, Some("u1"), wrong).await;
        assert!(
            matches!(outcome, Err(OtpError::Code(CodeError::WrongCode { attempts_left })) if attempts_left == left),
            "{outcome:?}"
        );
    }
    let outcome = check(&app, &issued, Scene::Bind, Some("u1"), &code).await;
    assert!(
        matches!(outcome, Err(OtpError::Code(CodeError::TooManyAttempts))),
        "{outcome:?}"
    );
}

async fn a_code_expires_after_its_lifetime(backend: Backend) {
    let app = with_verifier(backend, Policy::default(), "{}").await;
    let issued = issue(&app, Scene::Bind, Some("u1")).await.expect("issued");
    let code = app.newest_sandbox_code().await;

    app.advance(Duration::from_secs(301));

    let outcome = check(&app, &issued, Scene::Bind, Some("u1"), &code).await;
    assert!(
        matches!(outcome, Err(OtpError::Code(CodeError::Expired))),
        "{outcome:?}"
    );
}

async fn a_resend_waits_for_the_interval_and_replaces_the_previous_code(backend: Backend) {
    let app = with_verifier(backend, Policy::default(), "{}").await;
    let first = issue(&app, Scene::Bind, Some("u1")).await.expect("issued");
    let first_code = app.newest_sandbox_code().await;

    app.advance(Duration::from_secs(20));
    let early = issue(&app, Scene::Bind, Some("u1")).await;
    assert!(
        matches!(
            early,
            Err(OtpError::Code(CodeError::ResendTooSoon {
                retry_after_secs: 40
            }))
        ),
        "{early:?}"
    );

    app.advance(Duration::from_secs(40));
    let second = issue(&app, Scene::Bind, Some("u1")).await.expect("resent");
    let second_code = app.newest_sandbox_code().await;

    let old = check(&app, &first, Scene::Bind, Some("u1"), &first_code).await;
    assert!(
        matches!(old, Err(OtpError::Code(CodeError::Expired))),
        "the previous code is invalidated: {old:?}"
    );
    check(&app, &second, Scene::Bind, Some("u1"), &second_code)
        .await
        .expect("the new code passes");
}

async fn the_hourly_cap_holds_across_challenges_and_says_when_to_retry(backend: Backend) {
    let policy = Policy {
        resend_interval_secs: 30,
        sends_per_hour: 3,
        ..Policy::default()
    };
    let app = with_verifier(backend, policy, "{}").await;
    // Scenes of signed-in users share the number's cap.
    for scene in [Scene::Bind, Scene::StepUp, Scene::Unbind] {
        issue(&app, scene, Some("u1"))
            .await
            .expect("within the cap");
        app.advance(Duration::from_secs(30));
    }

    let capped = issue(&app, Scene::StepUp, Some("u1")).await;
    let anonymous = issue(&app, Scene::SignIn, Some("u1")).await;

    assert!(
        matches!(
            capped,
            Err(OtpError::Code(CodeError::RateLimited {
                retry_after_secs: 3510
            }))
        ),
        "{capped:?}"
    );
    assert!(
        anonymous.is_ok(),
        "anonymous callers have a cap of their own: {anonymous:?}"
    );
    app.advance(Duration::from_secs(3510));
    issue(&app, Scene::Bind, Some("u1"))
        .await
        .expect("the oldest send left the window");
}

async fn the_daily_cap_holds_after_the_hourly_window_moves_on(backend: Backend) {
    let policy = Policy {
        resend_interval_secs: 30,
        sends_per_hour: 3,
        sends_per_day: 4,
        ..Policy::default()
    };
    let app = with_verifier(backend, policy, "{}").await;
    for _ in 0..3 {
        issue(&app, Scene::Bind, Some("u1"))
            .await
            .expect("within both caps");
        app.advance(Duration::from_secs(30));
    }
    // The hour since the third send is over: the hourly window is empty again.
    app.advance(Duration::from_secs(3570));
    issue(&app, Scene::Bind, Some("u1"))
        .await
        .expect("the fourth send of the day");
    app.advance(Duration::from_secs(30));

    let capped = issue(&app, Scene::Bind, Some("u1")).await;

    // The first send (at 0 s) leaves the day window at 86,400 s; it is now 3,690 s.
    assert!(
        matches!(
            capped,
            Err(OtpError::Code(CodeError::RateLimited {
                retry_after_secs: 82_710
            }))
        ),
        "{capped:?}"
    );
}

async fn only_one_of_32_concurrent_sends_to_a_number_passes_the_gate(backend: Backend) {
    let app = Arc::new(with_verifier(backend, Policy::default(), "{}").await);
    let barrier = Arc::new(Barrier::new(32));

    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let (app, barrier) = (app.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                issue(&app, Scene::Bind, Some(&format!("user{i}"))).await
            })
        })
        .collect();
    let mut sent = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => sent += 1,
            Err(OtpError::Code(CodeError::ResendTooSoon { .. })) => {}
            Err(other) => panic!("unexpected outcome: {other:?}"),
        }
    }

    assert_eq!(sent, 1);
    let messages: i64 = sqlx::query_scalar("select count(*) from message")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(messages, 1, "exactly one SMS left");
}

async fn limits_and_codes_hold_across_two_processes_sharing_the_database(backend: Backend) {
    let first = Arc::new(with_verifier(backend, Policy::default(), "{}").await);
    let second = Arc::new(first.second_instance().await);
    let barrier = Arc::new(Barrier::new(16));

    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (app, barrier) = (
                if i % 2 == 0 {
                    first.clone()
                } else {
                    second.clone()
                },
                barrier.clone(),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                issue(&app, Scene::Bind, Some("u1")).await
            })
        })
        .collect();
    let mut issued = Vec::new();
    for task in tasks {
        if let Ok(ok) = task.await.expect("task") {
            issued.push(ok);
        }
    }

    assert_eq!(
        issued.len(),
        1,
        "one send passes the gate across both processes"
    );
    let code = first.newest_sandbox_code().await;
    check(&second, &issued[0], Scene::Bind, Some("u1"), &code)
        .await
        .expect("a code issued by one process passes on the other");
}

async fn a_code_cannot_pass_for_another_scene_or_user(backend: Backend) {
    let app = with_verifier(backend, Policy::default(), "{}").await;
    let issued = issue(&app, Scene::Bind, Some("alice"))
        .await
        .expect("issued");
    let code = app.newest_sandbox_code().await;

    for (scene, user) in [
        (Scene::Unbind, Some("alice")),
        (Scene::SignIn, None),
        (Scene::Bind, Some("bob")),
    ] {
        let outcome = check(&app, &issued, scene, user, &code).await;
        assert!(
            matches!(outcome, Err(OtpError::Code(CodeError::Expired))),
            "{scene:?} {user:?}: {outcome:?}"
        );
    }
    check(&app, &issued, Scene::Bind, Some("alice"), &code)
        .await
        .expect("its own binding passes");
}

async fn a_failed_send_is_logged_and_does_not_block_the_next_try(backend: Backend) {
    let app = with_verifier(backend, Policy::default(), r#"{"fail":"unavailable"}"#).await;

    let outcome = issue(&app, Scene::Bind, Some("u1")).await;

    assert!(
        matches!(outcome, Err(OtpError::ProviderFailed { .. })),
        "{outcome:?}"
    );
    let (status, reference, body): (String, String, Option<String>) =
        sqlx::query_as("select status, reference, body from message")
            .fetch_one(&app.db.pool)
            .await
            .expect("one message");
    assert_eq!(
        (status.as_str(), reference.as_str(), body),
        ("failed", "sandbox.unavailable", None)
    );
    let open: i64 = sqlx::query_scalar("select count(*) from challenge where consumed_at is null")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(open, 0, "the unsent challenge cannot be used");
    let again = issue(&app, Scene::Bind, Some("u1")).await;
    assert!(
        matches!(again, Err(OtpError::ProviderFailed { .. })),
        "retried at once, not refused as too soon: {again:?}"
    );
}

async fn codes_are_stored_only_as_keyed_hashes(backend: Backend) {
    let app = with_verifier(backend, Policy::default(), "{}").await;
    issue(&app, Scene::Bind, Some("u1")).await.expect("issued");
    let code = app.newest_sandbox_code().await;

    let stored: String = sqlx::query_scalar("select code_hmac from challenge")
        .fetch_one(&app.db.pool)
        .await
        .expect("challenge");

    assert_eq!(stored.len(), 64, "hex of HMAC-SHA256");
    assert!(!stored.contains(&code));
}

/// A resend that never arrives must not take away the code the person already has.
async fn a_failed_resend_leaves_the_earlier_code_working(backend: Backend) {
    let app = with_verifier(backend, Policy::default(), "{}").await;
    let first = issue(&app, Scene::Bind, Some("u1")).await.expect("issued");
    let code = app.newest_sandbox_code().await;
    app.advance(Duration::from_secs(61));
    app.db
        .update_verifier(&record(Policy::default(), r#"{"fail":"unavailable"}"#), 0)
        .await
        .expect("the provider fails from now on");

    let resend = issue(&app, Scene::Bind, Some("u1")).await;

    assert!(
        matches!(resend, Err(OtpError::ProviderFailed { .. })),
        "{resend:?}"
    );
    check(&app, &first, Scene::Bind, Some("u1"), &code)
        .await
        .expect("the first code still passes");
}

on_both_databases!(
    a_failed_resend_leaves_the_earlier_code_working,
    exactly_one_of_32_concurrent_correct_submissions_succeeds,
    wrong_attempts_count_down_and_then_burn_even_the_right_code,
    a_code_expires_after_its_lifetime,
    a_resend_waits_for_the_interval_and_replaces_the_previous_code,
    the_hourly_cap_holds_across_challenges_and_says_when_to_retry,
    the_daily_cap_holds_after_the_hourly_window_moves_on,
    only_one_of_32_concurrent_sends_to_a_number_passes_the_gate,
    a_code_cannot_pass_for_another_scene_or_user,
    a_failed_send_is_logged_and_does_not_block_the_next_try,
    codes_are_stored_only_as_keyed_hashes,
    limits_and_codes_hold_across_two_processes_sharing_the_database,
);

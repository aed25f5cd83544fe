//! Wrong codes across challenges (security checklist VER-4): twenty in a row for a number lock
//! it in its lane for an hour, a verified code ends the run, and the lock looks the same whether
//! or not the number is bound.

use std::time::Duration;

use app::{AppError, ports::CodeError, types::Policy};
use verigate::domain::otp::{Issued, OtpError, Scene};

use crate::{
    helpers::{Backend, Phone, TestApp},
    on_both_databases,
    otp::{check, issue, with_verifier},
};

const USER: Option<&str> = Some("u1");
const AN_HOUR: Duration = Duration::from_secs(60 * 60);
const PAST_THE_RESEND_INTERVAL: Duration = Duration::from_secs(61);

/// Ten attempts a code and room for many codes: the run, not a code's cap or the number's
/// caps, is what stops the guessing.
fn generous_policy() -> Policy {
    Policy {
        max_attempts: 10,
        sends_per_hour: 100,
        sends_per_day: 1_000,
        ..Policy::default()
    }
}

/// A code of the same length that is not `code`.
fn other_than(code: &str) -> String {
    code.chars()
        .map(|digit| if digit == '0' { '1' } else { '0' })
        .collect()
}

/// Enters `times` wrong codes for `issued`, each answered as a wrong code.
async fn guess_wrong(app: &TestApp, issued: &Issued, code: &str, times: usize) {
    for _ in 0..times {
        let outcome = check(app, issued, Scene::Bind, USER, &other_than(code)).await;
        assert!(
            matches!(outcome, Err(OtpError::Code(CodeError::WrongCode { .. }))),
            "{outcome:?}"
        );
    }
}

/// The seconds an outcome says the number is locked for, or the outcome it was instead.
fn locked_for(outcome: Result<(), OtpError>) -> Result<u64, String> {
    match outcome {
        Err(OtpError::Code(CodeError::NumberLocked { retry_after_secs })) => Ok(retry_after_secs),
        other => Err(format!("{other:?}")),
    }
}

/// A bind code to the number, and the code itself.
async fn a_code(app: &TestApp) -> (Issued, String) {
    let issued = issue(app, Scene::Bind, USER).await.expect("a code is sent");
    (issued, app.newest_sandbox_code().await)
}

/// Nineteen wrong codes in a row, over two codes: the second, with an attempt left, and its
/// code.
async fn nineteen_wrong_codes(app: &TestApp) -> (Issued, String) {
    let (first, code) = a_code(app).await;
    guess_wrong(app, &first, &code, 10).await;
    app.advance(PAST_THE_RESEND_INTERVAL);
    let (second, code) = a_code(app).await;
    guess_wrong(app, &second, &code, 9).await;
    (second, code)
}

async fn twenty_wrong_codes_in_a_row_lock_the_number_in_its_lane_for_an_hour(backend: Backend) {
    let app = with_verifier(backend, generous_policy(), "{}").await;
    let (second, code) = nineteen_wrong_codes(&app).await;

    let twentieth = check(&app, &second, Scene::Bind, USER, &other_than(&code)).await;

    assert_eq!(locked_for(twentieth), Ok(3600), "the twentieth locks it");
    let right_code = check(&app, &second, Scene::Bind, USER, &code).await;
    assert!(
        matches!(right_code, Err(OtpError::Code(CodeError::TooManyAttempts))),
        "the lock burned the open code: {right_code:?}"
    );
    let send = issue(&app, Scene::Bind, USER).await.map(|_| ());
    assert_eq!(
        locked_for(send),
        Ok(3600),
        "no code is sent to the number in its lane"
    );
    let other_lane = issue(&app, Scene::Api, None).await;
    assert!(
        other_lane.is_ok(),
        "the lock holds one lane only: {other_lane:?}"
    );

    app.advance(AN_HOUR);
    let (third, code) = a_code(&app).await;
    let next_wrong = check(&app, &third, Scene::Bind, USER, &other_than(&code)).await;
    assert_eq!(
        locked_for(next_wrong),
        Ok(3600),
        "the run goes on after the hour, so one more wrong code locks it again"
    );
}

async fn a_verified_code_ends_the_run_of_wrong_codes(backend: Backend) {
    let app = with_verifier(backend, generous_policy(), "{}").await;
    let (second, code) = nineteen_wrong_codes(&app).await;

    check(&app, &second, Scene::Bind, USER, &code)
        .await
        .expect("the right code passes with one attempt left");

    // Nineteen more: a run of twenty would lock, one of nineteen does not.
    for wrong in [10, 9] {
        app.advance(PAST_THE_RESEND_INTERVAL);
        let (issued, code) = a_code(&app).await;
        guess_wrong(&app, &issued, &code, wrong).await;
    }
}

async fn a_locked_number_answers_the_same_whether_or_not_it_is_bound(backend: Backend) {
    const VERIFIER: &str = "v_sms";
    const BOUND: Phone = Phone::china("138 0013 8000");
    const UNBOUND: Phone = Phone::china("139 0013 9000");
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    app.bind_with_delivered_code(&ada, VERIFIER, BOUND)
        .await
        .expect("the number is bound");
    app.advance(PAST_THE_RESEND_INTERVAL);
    let attacker = app.new_browser();
    // The default policy: five attempts a code, so four codes to each number. Nothing is
    // delivered to the unbound number, so its guess is one fixed code; the bound number's
    // guess is never its code.
    let mut last_answers = Vec::new();
    for _ in 0..4 {
        last_answers.clear();
        for phone in [BOUND, UNBOUND] {
            let sent = app
                .send_sign_in_code(&attacker, VERIFIER, phone)
                .await
                .expect("a sign-in code is sent");
            let guess = if phone == BOUND {
                other_than(&app.delivered_sign_in_code().await)
            } else {
                "000000".to_owned()
            };
            for _ in 0..5 {
                let answer = app
                    .sign_in_with_code(&attacker, VERIFIER, phone, &sent, &guess)
                    .await;
                last_answers.push(answer.expect_err("a wrong code signs no one in"));
            }
        }
        app.advance(PAST_THE_RESEND_INTERVAL);
    }

    let locked: Vec<_> = last_answers.iter().skip(4).step_by(5).collect();
    assert_eq!(locked.len(), 2);
    for answer in &locked {
        assert_eq!(
            answer.error,
            AppError::NumberLocked {
                retry_after_secs: 3600
            },
            "the twentieth wrong code locks either number"
        );
        assert_eq!(answer.retry_after, Some(3600));
    }
    let bound = app.send_sign_in_code_raw(&attacker, VERIFIER, BOUND).await;
    let unbound = app
        .send_sign_in_code_raw(&attacker, VERIFIER, UNBOUND)
        .await;
    assert_eq!(bound.status(), unbound.status());
    assert_eq!(bound.status(), reqwest::StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        bound.text().await.expect("a body"),
        unbound.text().await.expect("a body"),
        "a send to a locked number says the same whether it is bound or not"
    );
}

/// A stranger locks the number's anonymous sign-in lane: its owner still signs in with a code
/// from a browser they signed in from before (its device cookie gives it a lane of its own).
async fn a_locked_number_s_owner_still_signs_in_from_a_browser_they_used_before(backend: Backend) {
    const VERIFIER: &str = "v_sms";
    const NUMBER: Phone = Phone::china("138 0013 8000");
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    app.bind_with_delivered_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("the number is bound");
    let signed_in_again = app.sign_in(&ada, "ada", crate::helpers::PASSWORD).await;
    let device_cookie = signed_in_again
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("verigate_device="))
        .expect("signing in marks the browser")
        .to_owned();
    assert!(
        device_cookie.contains("HttpOnly") && device_cookie.contains("Max-Age=15552000"),
        "{device_cookie}"
    );
    app.advance(PAST_THE_RESEND_INTERVAL);
    let stranger = app.new_browser();
    for _ in 0..4 {
        let sent = app
            .send_sign_in_code(&stranger, VERIFIER, NUMBER)
            .await
            .expect("a sign-in code is sent");
        let guess = other_than(&app.delivered_sign_in_code().await);
        for _ in 0..5 {
            let _ = app
                .sign_in_with_code(&stranger, VERIFIER, NUMBER, &sent, &guess)
                .await;
        }
        app.advance(PAST_THE_RESEND_INTERVAL);
    }
    let locked = app
        .send_sign_in_code(&stranger, VERIFIER, NUMBER)
        .await
        .expect_err("the stranger locked the number");
    assert!(
        matches!(locked.error, AppError::NumberLocked { .. }),
        "{locked:?}"
    );

    let sent = app
        .send_sign_in_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("the owner's browser gets a code");
    let code = app.delivered_sign_in_code().await;
    assert_eq!(
        app.sign_in_with_code(&ada, VERIFIER, NUMBER, &sent, &code)
            .await,
        Ok(())
    );
}

on_both_databases!(
    twenty_wrong_codes_in_a_row_lock_the_number_in_its_lane_for_an_hour,
    a_verified_code_ends_the_run_of_wrong_codes,
    a_locked_number_answers_the_same_whether_or_not_it_is_bound,
    a_locked_number_s_owner_still_signs_in_from_a_browser_they_used_before,
);

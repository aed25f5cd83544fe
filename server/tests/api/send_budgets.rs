//! Send budgets, from the verifier's policy: different numbers per signed-in user per hour,
//! sign-in codes per client address per hour, codes per API key per minute and per day, and the
//! verifier's codes per UTC day; each refusal worded at every edge, and all of them shared by
//! instances on one database.

use std::{sync::Arc, time::Duration};

use app::{
    AppError,
    ports::CodeError,
    types::{PhoneNumber, Policy, VerifierUid},
};
use reqwest::StatusCode;
use serde_json::json;
use tokio::sync::Barrier;
use verigate::domain::otp::{IssueRequest, OtpError, Scene};

use crate::{
    helpers::{ApiSetup, Backend, PASSWORD, Phone, TestApp, VerifierForm, sandbox_verifier},
    on_both_databases,
};

const VERIFIER: &str = "v_sms";
const DAY: Duration = Duration::from_secs(24 * 3600);

/// The `index`th of a run of mainland China numbers, as typed.
fn national(index: usize) -> String {
    format!("139 0000 {index:04}")
}

/// An app with verifier [`VERIFIER`] saved from `form` (sign-in allowed).
async fn app_with(backend: Backend, form: VerifierForm<'_>) -> TestApp {
    let form = VerifierForm {
        sign_in_enabled: true,
        ..form
    };
    TestApp::spawn_with_verifier(backend, form).await.0
}

/// Moves the clock past the end of the window of a refusal's `Retry-After`.
fn wait_out(app: &TestApp, retry_after: Option<u64>) {
    let seconds = retry_after.expect("a Retry-After");
    app.advance(Duration::from_secs(seconds + 1));
}

async fn a_signed_in_user_gets_codes_to_at_most_the_policys_numbers_an_hour(backend: Backend) {
    let app = app_with(
        backend,
        VerifierForm {
            numbers_per_user_hour: "2",
            ..VerifierForm::default()
        },
    )
    .await;
    let ada = app.signed_in_user("ada").await;
    for index in 0..2 {
        app.send_bind_code(&ada, VERIFIER, Phone::china(&national(index)))
            .await
            .expect("a code to a new number within the budget");
    }
    app.advance(Duration::from_secs(61));
    app.send_bind_code(&ada, VERIFIER, Phone::china(&national(0)))
        .await
        .expect("a number already sent to this hour is no new number");

    let refused = app
        .send_bind_code(&ada, VERIFIER, Phone::china(&national(2)))
        .await
        .expect_err("a third number is refused");

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        matches!(refused.error, AppError::TooManyNumbers { .. }),
        "{refused:?}"
    );
    assert!(
        refused
            .error
            .to_string()
            .starts_with("Codes were sent to too many different numbers from your account."),
        "{}",
        refused.error
    );
    let bob = app.signed_in_user("bob").await;
    app.send_bind_code(&bob, VERIFIER, Phone::china(&national(2)))
        .await
        .expect("another user has a budget of their own");
    wait_out(&app, refused.retry_after);
    // The session timed out meanwhile.
    app.sign_in(&ada, "ada", PASSWORD).await;
    app.send_bind_code(&ada, VERIFIER, Phone::china(&national(3)))
        .await
        .expect("the next hour brings a new budget");
}

async fn a_signed_in_user_gets_at_most_the_policys_codes_a_day(backend: Backend) {
    let app = app_with(
        backend,
        VerifierForm {
            codes_per_user_day: "3",
            ..VerifierForm::default()
        },
    )
    .await;
    let ada = app.signed_in_user("ada").await;
    // One number, a resend interval apart: no new number, and still one more code each time.
    for _ in 0..3 {
        app.send_bind_code(&ada, VERIFIER, Phone::china(&national(0)))
            .await
            .expect("a code within the day's budget");
        app.advance(Duration::from_secs(61));
    }

    let refused = app
        .send_bind_code(&ada, VERIFIER, Phone::china(&national(0)))
        .await
        .expect_err("a fourth code today is refused");

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        matches!(refused.error, AppError::TooManyCodesToday { .. }),
        "{refused:?}"
    );
    let bob = app.signed_in_user("bob").await;
    app.send_bind_code(&bob, VERIFIER, Phone::china(&national(1)))
        .await
        .expect("another user has a budget of their own");
    wait_out(&app, refused.retry_after);
    // A day later the session is over: Ada signs in again.
    app.sign_in(&ada, "ada", PASSWORD).await;
    app.send_bind_code(&ada, VERIFIER, Phone::china(&national(0)))
        .await
        .expect("the next UTC day brings a new budget");
}

async fn one_client_address_asks_for_at_most_the_policys_sign_in_codes_an_hour(backend: Backend) {
    let app = app_with(
        backend,
        VerifierForm {
            sign_ins_per_client_hour: "3",
            ..VerifierForm::default()
        },
    )
    .await;
    let anonymous = app.browser_from("127.0.0.1");
    for index in 0..3 {
        app.send_sign_in_code(&anonymous, VERIFIER, Phone::china(&national(index)))
            .await
            .expect("a sign-in code within the budget");
    }

    let refused = app
        .send_sign_in_code(&anonymous, VERIFIER, Phone::china(&national(3)))
        .await
        .expect_err("the fourth is refused");

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        matches!(refused.error, AppError::TooManyFromClient { .. }),
        "{refused:?}"
    );
    assert!(
        refused
            .error
            .to_string()
            .starts_with("Too many sign-in codes were asked for from your network."),
        "{}",
        refused.error
    );
    let elsewhere = app.browser_from("127.0.0.2");
    app.send_sign_in_code(&elsewhere, VERIFIER, Phone::china(&national(3)))
        .await
        .expect("another address has a budget of its own");
    wait_out(&app, refused.retry_after);
    app.send_sign_in_code(&anonymous, VERIFIER, Phone::china(&national(4)))
        .await
        .expect("the next hour brings a new budget");
}

async fn an_api_key_asks_for_at_most_the_policys_codes_a_minute_and_a_day(backend: Backend) {
    let setup = ApiSetup::spawn_with(
        backend,
        VerifierForm {
            api_sends_per_key_minute: "2",
            api_sends_per_key_day: "3",
            ..VerifierForm::default()
        },
    )
    .await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let start = |index: usize| {
        let to = format!("+86139{:08}", index);
        async move {
            app.start_verification(key, &json!({ "verifier": VERIFIER, "to": to }))
                .await
        }
    };
    for index in 0..2 {
        start(index).await.verification(StatusCode::CREATED);
    }

    let minute = start(2).await;
    let minute_problem = minute.problem();
    assert_eq!(
        (minute.status, minute_problem.code.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert!(
        minute_problem.detail.contains("this minute"),
        "{}",
        minute_problem.detail
    );
    wait_out(app, minute.retry_after());
    start(2).await.verification(StatusCode::CREATED);
    app.advance(Duration::from_secs(61));
    let day = start(3).await;
    let day_problem = day.problem();
    assert_eq!(
        (day.status, day_problem.code.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert!(
        day_problem.detail.contains("today"),
        "{}",
        day_problem.detail
    );
    let twilio = app
        .twilio_start(
            setup.key.basic(),
            &setup.service_sid,
            &[("To", "+8613900000009"), ("Channel", "sms")],
        )
        .await;
    assert_eq!(twilio.twilio_error(), (429, 20429));
    assert!(twilio.retry_after().is_some());
}

async fn the_verifier_stops_sending_at_its_daily_budget_until_the_next_utc_day(backend: Backend) {
    let setup = ApiSetup::spawn_with(
        backend,
        VerifierForm {
            sends_per_verifier_day: "2",
            sign_in_enabled: true,
            ..VerifierForm::default()
        },
    )
    .await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let ada = app.signed_in_user("ada").await;
    app.send_bind_code(&ada, VERIFIER, Phone::china(&national(0)))
        .await
        .expect("the first code of the day");
    app.start_verification(
        key,
        &json!({ "verifier": VERIFIER, "to": "+8613900000001" }),
    )
    .await
    .verification(StatusCode::CREATED);

    let page = app
        .send_bind_code(&ada, VERIFIER, Phone::china(&national(2)))
        .await
        .expect_err("the budget is spent");
    let api = app
        .start_verification(
            key,
            &json!({ "verifier": VERIFIER, "to": "+8613900000003" }),
        )
        .await;
    let twilio = app
        .twilio_start(
            setup.key.basic(),
            &setup.service_sid,
            &[("To", "+8613900000004"), ("Channel", "sms")],
        )
        .await;

    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        matches!(page.error, AppError::DailyBudgetSpent { .. }),
        "{page:?}"
    );
    assert!(
        page.error
            .to_string()
            .starts_with("This verification method has sent all the codes it may send today."),
        "{}",
        page.error
    );
    let problem = api.problem();
    assert_eq!(
        (api.status, problem.code.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "daily_budget_spent")
    );
    assert!(
        problem.detail.contains("next UTC day"),
        "{}",
        problem.detail
    );
    assert_eq!(twilio.twilio_error(), (429, 20429));
    let retry_after = page.retry_after.expect("Retry-After");
    assert!(
        retry_after <= 24 * 3600,
        "until the next UTC day: {retry_after}"
    );
    wait_out(app, page.retry_after);
    // The session timed out meanwhile.
    app.sign_in(&ada, "ada", PASSWORD).await;
    app.send_bind_code(&ada, VERIFIER, Phone::china(&national(2)))
        .await
        .expect("a new UTC day brings a new budget");
}

async fn with_policy(backend: Backend, policy: Policy) -> TestApp {
    let app = TestApp::spawn(backend).await;
    app.db
        .insert_verifier(
            &sandbox_verifier(VERIFIER, policy, serde_json::Map::new()),
            0,
        )
        .await
        .expect("insert verifier");
    app
}

async fn two_instances_on_one_database_share_the_verifiers_daily_budget(backend: Backend) {
    let policy = Policy {
        sends_per_verifier_day: 3,
        ..Policy::default()
    };
    let first = Arc::new(with_policy(backend, policy).await);
    let second = Arc::new(first.second_instance().await);
    let barrier = Arc::new(Barrier::new(12));

    let tasks: Vec<_> = (0..12)
        .map(|index| {
            let app = if index % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            let barrier = barrier.clone();
            tokio::spawn(async move {
                let to = PhoneNumber::parse_e164(&format!("+86139{index:08}")).expect("number");
                let verifier = VerifierUid::parse(VERIFIER).expect("valid UID");
                barrier.wait().await;
                app.otp
                    .issue(&IssueRequest {
                        verifier_uid: &verifier,
                        scene: Scene::Bind,
                        receiver: &to,
                        user_id: Some(&format!("user{index}")),
                        client: None,
                        from_known_device: false,
                        api_key: None,
                        locale: app::i18n::Locale::en,
                    })
                    .await
            })
        })
        .collect();
    let (mut sent, mut refused) = (0, 0);
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => sent += 1,
            Err(OtpError::Code(CodeError::VerifierBudgetSpent { .. })) => refused += 1,
            Err(other) => panic!("only the budget refuses: {other:?}"),
        }
    }

    assert_eq!(
        (sent, refused),
        (3, 9),
        "the budget holds across both instances"
    );
    first.advance(DAY);
    let to = PhoneNumber::parse_e164("+8613800138000").expect("number");
    let verifier = VerifierUid::parse(VERIFIER).expect("valid UID");
    let next_day = second
        .otp
        .issue(&IssueRequest {
            verifier_uid: &verifier,
            scene: Scene::Bind,
            receiver: &to,
            user_id: Some("user0"),
            client: None,
            from_known_device: false,
            api_key: None,
            locale: app::i18n::Locale::en,
        })
        .await;
    assert!(next_day.is_ok(), "{next_day:?}");
}

on_both_databases!(
    a_signed_in_user_gets_codes_to_at_most_the_policys_numbers_an_hour,
    a_signed_in_user_gets_at_most_the_policys_codes_a_day,
    one_client_address_asks_for_at_most_the_policys_sign_in_codes_an_hour,
    an_api_key_asks_for_at_most_the_policys_codes_a_minute_and_a_day,
    the_verifier_stops_sending_at_its_daily_budget_until_the_next_utc_day,
    two_instances_on_one_database_share_the_verifiers_daily_budget,
);

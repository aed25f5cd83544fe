//! Binding and unbinding a number ask for the password again unless it was typed in this
//! session in the last 10 minutes; a session begun with an SMS code has not typed it yet.

use std::time::Duration;

use app::AppError;
use app::error::Problem;
use reqwest::StatusCode;

use crate::{
    helpers::{Backend, PASSWORD, Phone, TestApp},
    on_both_databases,
};

const VERIFIER: &str = "v_sms";
const NUMBER: Phone = Phone::china("138 0013 8000");

async fn binding_asks_for_the_password_again_once_it_is_10_minutes_old(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    app.advance(Duration::from_secs(9 * 60));
    let sent = app
        .send_bind_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("9 minutes after the password a code is sent");
    let code = app.newest_sandbox_code().await;
    app.advance(Duration::from_secs(2 * 60));

    let stale = app.bind(&ada, VERIFIER, NUMBER, &sent, &code).await;
    let recent_before = app.password_is_recent(&ada).await;
    let wrong = app.confirm_password(&ada, "not the password").await;
    let right = app.confirm_password(&ada, PASSWORD).await;
    let bound = app.bind(&ada, VERIFIER, NUMBER, &sent, &code).await;

    let stale = stale.expect_err("11 minutes after the password binding is refused");
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert_eq!(stale.error, AppError::PasswordConfirmationNeeded);
    assert_eq!(
        stale.error.to_string(),
        "For your safety, enter your password again to continue."
    );
    assert!(!recent_before);
    let wrong = wrong.expect_err("a wrong password confirms nothing");
    assert_eq!(
        (wrong.status, wrong.error),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::invalid("password", Problem::WrongPassword)
        )
    );
    assert_eq!(right, Ok(()));
    assert!(app.password_is_recent(&ada).await);
    assert_eq!(bound, Ok(()), "the code sent before still binds");
}

async fn a_session_begun_with_an_sms_code_confirms_the_password_before_unbinding(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    app.bind_with_delivered_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("the number is bound");
    app.advance(Duration::from_secs(60));
    let phone_only = app.new_browser();
    let sent = app
        .send_sign_in_code(&phone_only, VERIFIER, NUMBER)
        .await
        .expect("a sign-in code is sent");
    let code = app.delivered_sign_in_code().await;
    app.sign_in_with_code(&phone_only, VERIFIER, NUMBER, &sent, &code)
        .await
        .expect("signed in with the code");
    app.advance(Duration::from_secs(60));

    let refused = app.send_unbind_code(&phone_only, VERIFIER, VERIFIER).await;
    let confirmed = app.confirm_password(&phone_only, PASSWORD).await;
    let sent = app.send_unbind_code(&phone_only, VERIFIER, VERIFIER).await;

    assert_eq!(
        refused.map_err(|refusal| refusal.error),
        Err(AppError::PasswordConfirmationNeeded),
        "a stolen phone alone cannot unbind"
    );
    assert_eq!(confirmed, Ok(()));
    assert!(sent.is_ok(), "{sent:?}");
}

async fn wrong_confirmations_are_throttled_like_password_sign_ins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.signed_in_user("ada").await;

    let mut statuses = Vec::new();
    for _ in 0..5 {
        let answer = app.confirm_password(&ada, "not the password").await;
        statuses.push(answer.expect_err("wrong").status);
    }
    let sixth = app
        .confirm_password(&ada, PASSWORD)
        .await
        .expect_err("locked, even with the right password");

    assert_eq!(statuses, vec![StatusCode::UNPROCESSABLE_ENTITY; 5]);
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.retry_after, Some(60));
}

async fn anonymous_callers_cannot_confirm_a_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;

    let refused = app
        .confirm_password(&app.new_browser(), PASSWORD)
        .await
        .expect_err("no session");

    assert_eq!(
        (refused.status, refused.error),
        (StatusCode::UNAUTHORIZED, AppError::Unauthenticated)
    );
}

on_both_databases!(
    binding_asks_for_the_password_again_once_it_is_10_minutes_old,
    a_session_begun_with_an_sms_code_confirms_the_password_before_unbinding,
    wrong_confirmations_are_throttled_like_password_sign_ins,
    anonymous_callers_cannot_confirm_a_password,
);

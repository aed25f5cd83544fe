//! Anonymous callers (sign-in) and signed-in users (bind, unbind) each have their own resend gate
//! and caps for a number: neither can keep the other from getting a code, and a refused send says
//! plainly that nothing was sent.

use std::time::Duration;

use app::AppError;
use reqwest::StatusCode;

use crate::{
    helpers::{Backend, PASSWORD, Phone, TestApp},
    on_both_databases,
};

const VERIFIER: &str = "v_sms";
const NUMBER: Phone = Phone::china("138 0013 8000");
const OTHER_NUMBER: Phone = Phone::china("139 0013 9000");

/// `username` binds `phone`; the clock stays where the bind code was sent.
async fn binds(app: &TestApp, username: &str, phone: Phone<'_>) -> reqwest::Client {
    let user = app.signed_in_user(username).await;
    app.bind_with_delivered_code(&user, VERIFIER, phone)
        .await
        .expect("the number is bound");
    user
}

async fn a_new_user_who_just_bound_a_number_gets_a_sign_in_code_at_once(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    binds(&app, "ada", NUMBER).await;
    let browser = app.new_browser();

    let sent = app.send_sign_in_code(&browser, VERIFIER, NUMBER).await;

    let sent = sent.expect("the bind's resend interval does not hold back sign-in");
    let code = app.delivered_sign_in_code().await;
    let signed_in = app
        .sign_in_with_code(&browser, VERIFIER, NUMBER, &sent, &code)
        .await;
    assert_eq!(signed_in, Ok(()));
}

async fn ten_anonymous_sign_in_sends_do_not_block_the_owners_unbind_or_a_bind(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = binds(&app, "ada", NUMBER).await;
    app.advance(Duration::from_secs(60));
    // Ten sign-in sends to each number, a resend interval apart: past the number's hourly cap
    // for anonymous callers.
    let attacker = app.new_browser();
    let mut refused = 0;
    for _ in 0..10 {
        for phone in [NUMBER, OTHER_NUMBER] {
            if app
                .send_sign_in_code(&attacker, VERIFIER, phone)
                .await
                .is_err()
            {
                refused += 1;
            }
        }
        app.advance(Duration::from_secs(61));
    }
    assert!(
        refused > 0,
        "the anonymous lane has its own cap, and it was reached"
    );
    app.advance(Duration::from_secs(1));
    // Over ten minutes have passed: unbinding asks for the password again first.
    assert_eq!(app.confirm_password(&ada, PASSWORD).await, Ok(()));

    let unbind = app.send_unbind_code(&ada, VERIFIER, VERIFIER).await;
    let bob = app.signed_in_user("bob").await;
    let bind = app.send_bind_code(&bob, VERIFIER, OTHER_NUMBER).await;

    assert!(unbind.is_ok(), "the owner can still unbind: {unbind:?}");
    assert!(bind.is_ok(), "a user can still bind the number: {bind:?}");
}

async fn a_refused_resend_says_a_code_went_out_moments_ago(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    app.send_bind_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("a code is sent");
    app.advance(Duration::from_secs(20));

    let refused = app
        .send_bind_code(&ada, VERIFIER, NUMBER)
        .await
        .expect_err("the resend interval has not passed");

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        refused.error,
        AppError::ResendTooSoon {
            retry_after_secs: 40
        }
    );
    assert_eq!(
        refused.error.to_string(),
        "A code was sent to this number moments ago; you can ask for a new one in 40 s."
    );
    assert_eq!(refused.retry_after, Some(40));
}

on_both_databases!(
    a_new_user_who_just_bound_a_number_gets_a_sign_in_code_at_once,
    ten_anonymous_sign_in_sends_do_not_block_the_owners_unbind_or_a_bind,
    a_refused_resend_says_a_code_went_out_moments_ago,
);

//! Tencent Cloud SMS end to end: the real client, over HTTP, against the emulator's TC3 checks.

use std::time::Duration;

use app::AppError;
use reqwest::StatusCode;
use verigate::{config::Settings, emulator::Fault};

use crate::{
    gateway::{create_verifier, emulator_inbox_size, newest_log_entry, send_bind_code, test_sms},
    helpers::{Backend, TestApp},
    on_both_databases,
};

/// A Tencent verifier with the emulator's credentials, or another SecretKey.
async fn app_with_tencent(
    backend: Backend,
    secret_key: Option<&str>,
) -> (TestApp, reqwest::Client) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let defaults = Settings::default();
    create_verifier(
        &app,
        &admin,
        "tencent",
        &[
            ("secret_id", &defaults.emulator_tencent_secret_id),
            (
                "secret_key",
                secret_key.unwrap_or(&defaults.emulator_tencent_secret_key),
            ),
            ("region", ""),
            ("endpoint", &app.emulator_url),
            ("sdk_app_id", "1400006666"),
            ("sign_name", "Verigate"),
            ("template_id", "1110"),
        ],
    )
    .await;
    (app, admin)
}

async fn a_user_binds_a_number_with_a_code_sent_through_tencent(backend: Backend) {
    let (app, admin) = app_with_tencent(backend, None).await;
    let ada = app.signed_in_user("ada").await;

    let sent = send_bind_code(&app, &ada, "138 0013 8000").await;

    assert_eq!(sent.status(), StatusCode::OK);
    let sent: app::dto::CodeSent = sent.json().await.expect("CodeSent");
    let message = app.newest_emulator_message().await;
    assert_eq!(
        (
            message.provider.as_str(),
            message.to_number.as_str(),
            message.sender.as_str(),
            message.template.as_str()
        ),
        ("tencent", "+8613800138000", "Verigate", "1110")
    );
    let code = message.body.clone();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "the template parameter is the code: {code}"
    );
    let logged = newest_log_entry(&app, &admin).await;
    assert_eq!(
        (
            logged.provider.as_str(),
            logged.status.as_str(),
            logged.reference.as_str()
        ),
        ("tencent", "sent", message.request_id.as_str())
    );
    assert_eq!(logged.body, None, "real providers' texts are not kept");
    let bound = app
        .call(
            &ada,
            "bind_phone",
            &[
                ("verifier", "v_sms"),
                ("country", "86"),
                ("phone", "138 0013 8000"),
                ("challenge_id", &sent.challenge_id),
                ("code", &code),
            ],
        )
        .await;
    assert_eq!(bound.status(), StatusCode::OK);

    // The log and the inbox order by time; a later message needs a later clock.
    app.advance(Duration::from_secs(1));
    let outcome = test_sms(&app, &admin, "+8613900001111").await;
    assert!(outcome.sent, "{outcome:?}");
    assert_eq!(outcome.provider, "Tencent Cloud SMS");
    assert_eq!(
        outcome.reference,
        app.newest_emulator_message().await.request_id
    );
}

async fn a_wrong_tencent_secret_is_rejected_and_logged_with_the_vendor_code(backend: Backend) {
    let (app, admin) = app_with_tencent(backend, Some("not-the-secret-key")).await;
    let ada = app.signed_in_user("ada").await;

    let outcome = test_sms(&app, &admin, "+8613800138000").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, "AuthFailure.SignatureFailure");
    assert!(
        outcome
            .detail
            .contains("credentials could not be validated"),
        "the administrator reads the vendor's message: {outcome:?}"
    );
    let refused = send_bind_code(&app, &ada, "139 0000 2222").await;
    assert_eq!(refused.status(), StatusCode::BAD_GATEWAY);
    let error: AppError = refused.json().await.expect("an AppError");
    assert_eq!(error, AppError::ProviderFailed);
    assert_eq!(
        error.to_string(),
        "The text message could not be sent. Please try again later."
    );
    let logged = newest_log_entry(&app, &admin).await;
    assert_eq!(
        (
            logged.provider.as_str(),
            logged.status.as_str(),
            logged.reference.as_str()
        ),
        ("tencent", "failed", "AuthFailure.SignatureFailure")
    );
    assert_eq!(emulator_inbox_size(&app).await, 0);
}

async fn tencent_faults_reach_the_log_and_the_user_as_their_kind(backend: Backend) {
    let (app, admin) = app_with_tencent(backend, None).await;
    app.emulator.faults().set("+86139", Fault::RateLimited);
    app.emulator.faults().set("+86137", Fault::InvalidNumber);
    app.emulator.faults().set("+86136", Fault::ServerError);

    for (phone, reference) in [
        ("+8613900001111", "LimitExceeded.PhoneNumberDailyLimit"),
        (
            "+8613700001111",
            "InvalidParameterValue.IncorrectPhoneNumber",
        ),
        ("+8613600001111", "http.503"),
    ] {
        app.advance(Duration::from_secs(1));
        let outcome = test_sms(&app, &admin, phone).await;
        assert!(!outcome.sent, "{phone}");
        assert_eq!(outcome.reference, reference, "{phone}");
        let logged = newest_log_entry(&app, &admin).await;
        assert_eq!(
            (logged.status.as_str(), logged.reference.as_str()),
            ("failed", reference)
        );
    }
    let ada = app.signed_in_user("ada").await;
    let invalid = send_bind_code(&app, &ada, "137 0000 2222").await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: AppError = invalid.json().await.expect("an AppError");
    assert_eq!(
        error.for_field("phone").as_deref(),
        Some("This phone number cannot receive text messages.")
    );
    for throttled_or_down in ["139 0000 2222", "136 0000 2222"] {
        let response = send_bind_code(&app, &ada, throttled_or_down).await;
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    }
    assert_eq!(emulator_inbox_size(&app).await, 0);
}

async fn a_silent_tencent_gateway_is_unavailable_after_the_client_timeout(backend: Backend) {
    let (app, admin) = app_with_tencent(backend, None).await;
    app.emulator.faults().set("+86135", Fault::Timeout);
    let started = std::time::Instant::now();

    let outcome = test_sms(&app, &admin, "+8613500001111").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, "tencent.timeout");
    assert!(started.elapsed() >= Duration::from_secs(9));
    assert_eq!(
        newest_log_entry(&app, &admin).await.reference,
        "tencent.timeout"
    );
}

on_both_databases!(
    a_user_binds_a_number_with_a_code_sent_through_tencent,
    a_wrong_tencent_secret_is_rejected_and_logged_with_the_vendor_code,
    tencent_faults_reach_the_log_and_the_user_as_their_kind,
    a_silent_tencent_gateway_is_unavailable_after_the_client_timeout,
);

//! The Aliyun provider end to end: verifiers saved through the admin console send over real
//! HTTP to the emulator, which checks them like the vendor's gateway; its answers and faults
//! reach the message log, the administrator and the user as they should.

use std::sync::Arc;

use app::{
    AppError,
    dto::{CodeSent, MessageEntry, Page, TestSmsOutcome},
};
use reqwest::{Client, StatusCode};
use serde_json::{Map, Value};
use verigate::{
    config::Settings,
    domain::otp::OtpCode,
    emulator::Fault,
    providers::{Aliyun, Http, Outgoing, ProviderErrorKind, SmsProvider},
};

use crate::{
    helpers::{Backend, TestApp, verifier_form, with},
    on_both_databases,
};

const SIGN_NAME: &str = "阿里云短信测试";
const TEMPLATE: &str = "SMS_154950909";

/// The verifier form for an Aliyun verifier `v_ali` pointed at the emulator.
fn aliyun_form(app: &TestApp, secret: &str, signature_version: &str) -> Vec<(String, String)> {
    let settings = Settings::default();
    [
        (
            "access_key_id",
            settings.emulator_aliyun_access_key_id.as_str(),
        ),
        ("access_key_secret", secret),
        ("endpoint", app.emulator_url.as_str()),
        ("sign_name", SIGN_NAME),
        ("template_code", TEMPLATE),
        ("template_param_name", ""),
        ("signature_version", signature_version),
    ]
    .into_iter()
    .fold(
        verifier_form("create", "v_ali", "aliyun"),
        |form, (key, value)| with(form, &format!("settings[aliyun][{key}]"), value),
    )
}

fn emulator_secret() -> String {
    Settings::default().emulator_aliyun_access_key_secret
}

/// An app with an Aliyun verifier signing with `secret` and `signature_version`, and its admin.
async fn app_with_aliyun(
    backend: Backend,
    secret: &str,
    signature_version: &str,
) -> (TestApp, Client) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let saved = app
        .call(
            &admin,
            "save_verifier",
            &aliyun_form(&app, secret, signature_version),
        )
        .await;
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{}: {}",
        saved.status(),
        saved.text().await.unwrap_or_default()
    );
    (app, admin)
}

async fn send_test_sms(app: &TestApp, admin: &Client, phone: &str) -> TestSmsOutcome {
    app.call(
        admin,
        "send_test_sms",
        &[("uid", "v_ali"), ("phone", phone)],
    )
    .await
    .json()
    .await
    .expect("an outcome")
}

async fn newest_log_entry(app: &TestApp, admin: &Client) -> MessageEntry {
    let page: Page<MessageEntry> = app
        .call(admin, "list_messages", &[("page", "0")])
        .await
        .json()
        .await
        .expect("a page of the message log");
    page.items.into_iter().next().expect("a logged message")
}

async fn send_bind_code(app: &TestApp, user: &Client, phone: &str) -> reqwest::Response {
    app.call(
        user,
        "send_bind_code",
        &[("verifier", "v_ali"), ("country", "86"), ("phone", phone)],
    )
    .await
}

async fn a_test_sms_over_v3_reaches_the_emulator_and_is_logged(backend: Backend) {
    let (app, admin) = app_with_aliyun(backend, &emulator_secret(), "v3").await;

    let outcome = send_test_sms(&app, &admin, "+86 138 0013 8000").await;

    assert!(outcome.sent, "{outcome:?}");
    assert_eq!(outcome.provider, "Aliyun SMS");
    let received = app.newest_emulator_message().await;
    assert_eq!(
        (
            received.provider.as_str(),
            received.to_number.as_str(),
            received.sender.as_str(),
            received.template.as_str()
        ),
        ("aliyun", "+8613800138000", SIGN_NAME, TEMPLATE)
    );
    let params: Map<String, Value> = serde_json::from_str(&received.body).expect("TemplateParam");
    let code = params["code"].as_str().expect("the code");
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
    assert_eq!(outcome.reference, received.request_id);
    let logged = newest_log_entry(&app, &admin).await;
    assert_eq!(
        (
            logged.provider.as_str(),
            logged.status.as_str(),
            logged.reference.as_str()
        ),
        ("aliyun", "sent", received.request_id.as_str())
    );
    assert_eq!(logged.body, None, "only sandbox messages keep their text");
}

async fn a_user_binds_a_number_with_a_code_sent_over_v2(backend: Backend) {
    let (app, admin) = app_with_aliyun(backend, &emulator_secret(), "v2").await;
    let ada = app.signed_in_user("ada").await;

    let sent = send_bind_code(&app, &ada, "138 0013 8000").await;

    assert_eq!(sent.status(), StatusCode::OK);
    let sent: CodeSent = sent.json().await.expect("CodeSent");
    let received = app.newest_emulator_message().await;
    assert_eq!(received.to_number, "+8613800138000");
    let params: Map<String, Value> = serde_json::from_str(&received.body).expect("TemplateParam");
    let bound = app
        .call(
            &ada,
            "bind_phone",
            &[
                ("verifier", "v_ali"),
                ("country", "86"),
                ("phone", "138 0013 8000"),
                ("challenge_id", &sent.challenge_id),
                ("code", params["code"].as_str().expect("the code")),
            ],
        )
        .await;
    assert_eq!(bound.status(), StatusCode::OK);
    let logged = newest_log_entry(&app, &admin).await;
    assert_eq!(
        (
            logged.scene.as_str(),
            logged.status.as_str(),
            logged.reference.as_str()
        ),
        ("bind", "sent", received.request_id.as_str())
    );
}

async fn a_wrong_secret_is_refused_as_signature_does_not_match(backend: Backend) {
    let (app, admin) = app_with_aliyun(backend, "not-the-secret", "v3").await;
    let ada = app.signed_in_user("ada").await;

    let outcome = send_test_sms(&app, &admin, "+8613800138000").await;
    let response = send_bind_code(&app, &ada, "138 0013 8000").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, "SignatureDoesNotMatch");
    assert!(
        outcome
            .detail
            .contains("Specified signature is not matched"),
        "the administrator sees the vendor's message: {outcome:?}"
    );
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let error: AppError = response.json().await.expect("an AppError");
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
        ("aliyun", "failed", "SignatureDoesNotMatch")
    );
}

/// The provider on its own, with the settings the admin form stores, against the emulator.
async fn send_directly(app: &TestApp, to: &str) -> Result<String, (ProviderErrorKind, String)> {
    let settings = Settings::default();
    let stored = serde_json::json!({
        "access_key_id": settings.emulator_aliyun_access_key_id,
        "access_key_secret": settings.emulator_aliyun_access_key_secret,
        "endpoint": app.emulator_url,
        "sign_name": SIGN_NAME,
        "template_code": TEMPLATE,
    });
    let aliyun = Aliyun::new(Http::new(Arc::new(app.clock.clone())));
    let code = OtpCode::typed("123456").expect("a code");
    let message = Outgoing {
        to,
        code: &code,
        text: "",
        verifier_uid: "v_ali",
        scene: "test",
    };
    aliyun
        .send(stored.as_object().expect("an object"), &message)
        .await
        .map(|receipt| receipt.request_id)
        .map_err(|error| (error.kind, error.code))
}

async fn emulator_faults_reach_the_user_as_the_right_outcome(backend: Backend) {
    let (app, admin) = app_with_aliyun(backend, &emulator_secret(), "v3").await;
    let ada = app.signed_in_user("ada").await;
    let cases = [
        (
            "139 0000 0001",
            Fault::RateLimited,
            ProviderErrorKind::RateLimited,
            "isv.BUSINESS_LIMIT_CONTROL",
        ),
        (
            "139 0000 0002",
            Fault::InvalidNumber,
            ProviderErrorKind::InvalidNumber,
            "isv.MOBILE_NUMBER_ILLEGAL",
        ),
        (
            "139 0000 0003",
            Fault::ServerError,
            ProviderErrorKind::Unavailable,
            "ServiceUnavailable",
        ),
    ];
    for (phone, fault, kind, code) in cases {
        let e164 = format!("+86{}", phone.replace(' ', ""));
        app.emulator.faults().set(&e164, fault);
        // The log lists the newest first by time; give each case its own millisecond.
        app.advance(std::time::Duration::from_secs(1));

        let direct = send_directly(&app, &e164).await;
        let response = send_bind_code(&app, &ada, phone).await;

        assert_eq!(direct, Err((kind, code.to_owned())), "{fault:?}");
        let status = response.status();
        let error: AppError = response.json().await.expect("an AppError");
        match kind {
            ProviderErrorKind::InvalidNumber => {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
                assert_eq!(
                    error.for_field("phone").as_deref(),
                    Some("This phone number cannot receive text messages.")
                );
            }
            _ => {
                assert_eq!(status, StatusCode::BAD_GATEWAY, "{fault:?}");
                assert_eq!(error, AppError::ProviderFailed, "{fault:?}");
            }
        }
        let logged = newest_log_entry(&app, &admin).await;
        assert_eq!(
            (logged.status.as_str(), logged.reference.as_str()),
            ("failed", code),
            "{fault:?}"
        );
    }
    let unaffected = send_directly(&app, "+8613800138000").await;
    assert!(
        unaffected.is_ok(),
        "other numbers still pass: {unaffected:?}"
    );
}

async fn a_gateway_that_never_answers_is_unavailable_after_the_client_timeout(backend: Backend) {
    let (app, admin) = app_with_aliyun(backend, &emulator_secret(), "v3").await;
    app.emulator.faults().set("+86139", Fault::Timeout);

    let started = std::time::Instant::now();
    let outcome = send_test_sms(&app, &admin, "+8613900001111").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, "aliyun.timeout");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(9),
        "{:?}",
        started.elapsed()
    );
    let logged = newest_log_entry(&app, &admin).await;
    assert_eq!(
        (logged.status.as_str(), logged.reference.as_str()),
        ("failed", "aliyun.timeout")
    );
}

on_both_databases!(
    a_test_sms_over_v3_reaches_the_emulator_and_is_logged,
    a_user_binds_a_number_with_a_code_sent_over_v2,
    a_wrong_secret_is_refused_as_signature_does_not_match,
    emulator_faults_reach_the_user_as_the_right_outcome,
    a_gateway_that_never_answers_is_unavailable_after_the_client_timeout,
);

//! The Aliyun provider end to end: verifiers saved through the admin console send over real
//! HTTP to the emulator, which checks them like the vendor's gateway; its answers and faults
//! reach the message log, the administrator and the user as they should.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use app::types::OtpCode;
use reqwest::{Client, StatusCode};
use serde_json::{Map, Value};
use verigate::{
    config::Settings,
    emulator::Fault,
    providers::{Aliyun, Destinations, Http, Outgoing, ProviderErrorKind, SmsProvider},
};

use crate::{
    gateway::{
        FaultCodes, Gateway, UID, a_short_gateway_timeout, a_silent_gateway_times_out,
        a_test_sms_is_delivered, a_user_binds_with_a_delivered_code,
        faults_reach_the_log_and_the_user, provider_verifier, wrong_credentials_are_refused,
    },
    helpers::{Backend, Phone, TestApp, captured_logs},
    on_both_databases,
};

/// Aliyun's messages: a sign name, a template code, and the code as the `code` TemplateParam.
const ALIYUN: Gateway = Gateway {
    provider: "aliyun",
    name: "Aliyun SMS",
    sender: "阿里云短信测试",
    template: "SMS_154950909",
    code_in: the_code_parameter,
};

/// What Aliyun answers for the emulator's faults.
const FAULT_CODES: FaultCodes = FaultCodes {
    rate_limited: "isv.BUSINESS_LIMIT_CONTROL",
    invalid_number: "isv.MOBILE_NUMBER_ILLEGAL",
    server_error: "ServiceUnavailable",
};

fn the_code_parameter(body: &str) -> Option<String> {
    let params: Map<String, Value> = serde_json::from_str(body).ok()?;
    params.get("code")?.as_str().map(str::to_owned)
}

fn emulator_secret() -> String {
    Settings::default().emulator_aliyun_access_key_secret
}

/// The admin adds an Aliyun verifier signing with `secret` and `signature_version`.
async fn add_aliyun_verifier(app: &TestApp, admin: &Client, secret: &str, signature_version: &str) {
    let defaults = Settings::default();
    let aliyun = provider_verifier(
        ALIYUN.provider,
        vec![
            ("access_key_id", &defaults.emulator_aliyun_access_key_id),
            ("access_key_secret", secret),
            ("endpoint", &app.emulator_url),
            ("sign_name", ALIYUN.sender),
            ("template_code", ALIYUN.template),
            ("template_param_name", ""),
            ("signature_version", signature_version),
        ],
    );
    app.save_verifier(admin, aliyun)
        .await
        .expect("the Aliyun verifier is saved");
}

async fn a_test_sms_over_v3_reaches_the_emulator_and_is_logged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_aliyun_verifier(&app, &admin, &emulator_secret(), "v3").await;

    a_test_sms_is_delivered(&app, &admin, &ALIYUN, "+86 138 0013 8000").await;
}

async fn a_user_binds_a_number_with_a_code_sent_over_v2(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_aliyun_verifier(&app, &admin, &emulator_secret(), "v2").await;

    a_user_binds_with_a_delivered_code(&app, &admin, &ALIYUN).await;
}

async fn a_wrong_secret_is_refused_as_signature_does_not_match(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_aliyun_verifier(&app, &admin, "not-the-secret", "v3").await;

    wrong_credentials_are_refused(
        &app,
        &admin,
        &ALIYUN,
        "SignatureDoesNotMatch",
        "Specified signature is not matched",
    )
    .await;
}

/// The provider on its own, with the settings the admin form stores, against the emulator.
async fn send_directly(app: &TestApp, to: &str) -> Result<String, (ProviderErrorKind, String)> {
    let settings = Settings::default();
    let stored = serde_json::json!({
        "access_key_id": settings.emulator_aliyun_access_key_id,
        "access_key_secret": settings.emulator_aliyun_access_key_secret,
        "endpoint": app.emulator_url,
        "sign_name": ALIYUN.sender,
        "template_code": ALIYUN.template,
    });
    let aliyun = Aliyun::new(
        Http::new(
            Arc::new(app.clock.clone()),
            Destinations::AnyIncludingPrivate,
        )
        .expect("an HTTP client"),
    );
    let code = OtpCode::typed("123456").expect("a code");
    let message = Outgoing {
        to,
        code: &code,
        text: "",
        verifier_uid: UID,
        scene: "test",
        locale: app::i18n::Locale::en,
    };
    aliyun
        .send(stored.as_object().expect("an object"), &message)
        .await
        .map(|receipt| receipt.request_id)
        .map_err(|error| (error.kind, error.code))
}

async fn emulator_faults_reach_the_user_as_the_right_outcome(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_aliyun_verifier(&app, &admin, &emulator_secret(), "v3").await;

    faults_reach_the_log_and_the_user(&app, &admin, &FAULT_CODES).await;

    // The provider on its own tells the faults apart, on the numbers broken above.
    for (to, kind, code) in [
        (
            "+8613900001111",
            ProviderErrorKind::RateLimited,
            FAULT_CODES.rate_limited,
        ),
        (
            "+8613700001111",
            ProviderErrorKind::InvalidNumber,
            FAULT_CODES.invalid_number,
        ),
        (
            "+8613600001111",
            ProviderErrorKind::Unavailable,
            FAULT_CODES.server_error,
        ),
    ] {
        let direct = send_directly(&app, to).await;
        assert_eq!(direct, Err((kind, code.to_owned())), "{to}");
    }
    let unaffected = send_directly(&app, "+8613800138000").await;
    assert!(
        unaffected.is_ok(),
        "other numbers still pass: {unaffected:?}"
    );
}

async fn a_sign_in_code_for_a_bound_number_is_answered_before_a_hanging_gateway(backend: Backend) {
    // The default gateway timeout: a send the answer waited for would take 10 s.
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_aliyun_verifier(&app, &admin, &emulator_secret(), "v3").await;
    a_user_binds_with_a_delivered_code(&app, &admin, &ALIYUN).await;
    app.emulator().faults().set("+86138", Fault::Timeout);
    app.advance(Duration::from_secs(60));
    let stranger = app.new_browser();

    let timed = |phone| {
        let (app, stranger) = (&app, &stranger);
        async move {
            let started = Instant::now();
            let answer = app.send_sign_in_code_raw(stranger, UID, phone).await;
            let status = answer.status();
            let body: serde_json::Value = answer.json().await.expect("JSON");
            (started.elapsed(), status, body)
        }
    };
    let (bound_time, bound_status, bound) = timed(Phone::china("138 0013 8000")).await;
    let (unbound_time, unbound_status, unbound) = timed(Phone::china("138 0013 8999")).await;

    assert_eq!(
        (bound_status, unbound_status),
        (StatusCode::OK, StatusCode::OK)
    );
    let shape = |body: &serde_json::Value| {
        let mut body = body.clone();
        for varies in ["challenge_id", "masked_receiver"] {
            body[varies] = serde_json::Value::Null;
        }
        body
    };
    assert_eq!(shape(&bound), shape(&unbound), "the same answer");
    for (which, took) in [("bound", bound_time), ("unbound", unbound_time)] {
        assert!(
            took < Duration::from_secs(2),
            "the {which} number's answer did not wait on the gateway: {took:?}"
        );
    }
}

async fn a_failing_send_logs_neither_the_code_nor_the_number(backend: Backend) {
    let app = TestApp::spawn_with(backend, a_short_gateway_timeout).await;
    let admin = app.signed_in_admin().await;
    add_aliyun_verifier(&app, &admin, &emulator_secret(), "v3").await;
    // Aliyun sends the number and the code in the URL's query; a number only this test uses.
    app.emulator().faults().set("+86135", Fault::Timeout);

    let outcome = app.send_test_sms(&admin, UID, "+8613577024861").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, "aliyun.timeout");
    let logs = captured_logs();
    assert!(
        logs.contains("135****4861"),
        "the failure is logged, masked"
    );
    // The log is shared by every test in this process; the number is this test's alone.
    assert!(!logs.contains("13577024861"), "the log holds the number");
}

async fn a_gateway_that_never_answers_is_unavailable_after_the_client_timeout(backend: Backend) {
    let app = TestApp::spawn_with(backend, a_short_gateway_timeout).await;
    let admin = app.signed_in_admin().await;
    add_aliyun_verifier(&app, &admin, &emulator_secret(), "v3").await;

    a_silent_gateway_times_out(&app, &admin, &ALIYUN).await;
}

on_both_databases!(
    a_test_sms_over_v3_reaches_the_emulator_and_is_logged,
    a_user_binds_a_number_with_a_code_sent_over_v2,
    a_wrong_secret_is_refused_as_signature_does_not_match,
    emulator_faults_reach_the_user_as_the_right_outcome,
    a_gateway_that_never_answers_is_unavailable_after_the_client_timeout,
    a_sign_in_code_for_a_bound_number_is_answered_before_a_hanging_gateway,
    a_failing_send_logs_neither_the_code_nor_the_number,
);

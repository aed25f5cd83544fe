//! Tencent Cloud SMS end to end: the real client, over HTTP, against the emulator's TC3 checks.

use reqwest::Client;
use verigate::config::Settings;

use crate::{
    gateway::{
        FaultCodes, Gateway, a_short_gateway_timeout, a_silent_gateway_times_out,
        a_user_binds_with_a_delivered_code, faults_reach_the_log_and_the_user, provider_verifier,
        wrong_credentials_are_refused,
    },
    helpers::{Backend, TestApp},
    on_both_databases,
};

/// Tencent's messages: the code is the template's only parameter.
const TENCENT: Gateway = Gateway {
    provider: "tencent",
    name: "Tencent Cloud SMS",
    sender: "Verigate",
    template: "1110",
    code_in: the_whole_body,
};

fn the_whole_body(body: &str) -> Option<String> {
    Some(body.to_owned())
}

/// The admin adds a Tencent verifier with the emulator's credentials, or another SecretKey.
async fn add_tencent_verifier(app: &TestApp, admin: &Client, secret_key: Option<&str>) {
    let defaults = Settings::default();
    let tencent = provider_verifier(
        TENCENT.provider,
        vec![
            ("secret_id", &defaults.emulator_tencent_secret_id),
            (
                "secret_key",
                secret_key.unwrap_or(&defaults.emulator_tencent_secret_key),
            ),
            ("region", ""),
            ("endpoint", &app.emulator_url),
            ("sdk_app_id", "1400006666"),
            ("sign_name", TENCENT.sender),
            ("template_id", TENCENT.template),
        ],
    );
    app.save_verifier(admin, tencent)
        .await
        .expect("the Tencent verifier is saved");
}

async fn a_user_binds_a_number_with_a_code_sent_through_tencent(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_tencent_verifier(&app, &admin, None).await;

    a_user_binds_with_a_delivered_code(&app, &admin, &TENCENT).await;
}

async fn a_wrong_tencent_secret_is_rejected_and_logged_with_the_vendor_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_tencent_verifier(&app, &admin, Some("not-the-secret-key")).await;

    wrong_credentials_are_refused(
        &app,
        &admin,
        &TENCENT,
        "AuthFailure.SignatureFailure",
        "credentials could not be validated",
    )
    .await;
}

async fn tencent_faults_reach_the_log_and_the_user_as_their_kind(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_tencent_verifier(&app, &admin, None).await;

    faults_reach_the_log_and_the_user(
        &app,
        &admin,
        &FaultCodes {
            rate_limited: "LimitExceeded.PhoneNumberDailyLimit",
            invalid_number: "InvalidParameterValue.IncorrectPhoneNumber",
            server_error: "http.503",
        },
    )
    .await;
}

async fn a_silent_tencent_gateway_is_unavailable_after_the_client_timeout(backend: Backend) {
    let app = TestApp::spawn_with(backend, a_short_gateway_timeout).await;
    let admin = app.signed_in_admin().await;
    add_tencent_verifier(&app, &admin, None).await;

    a_silent_gateway_times_out(&app, &admin, &TENCENT).await;
}

on_both_databases!(
    a_user_binds_a_number_with_a_code_sent_through_tencent,
    a_wrong_tencent_secret_is_rejected_and_logged_with_the_vendor_code,
    tencent_faults_reach_the_log_and_the_user_as_their_kind,
    a_silent_tencent_gateway_is_unavailable_after_the_client_timeout,
);

//! Twilio end to end: the real client, over HTTP, against the emulator's Messages API.

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

/// Twilio's messages: the verifier's text with the code filled in, from a number, no template.
const TWILIO: Gateway = Gateway {
    provider: "twilio",
    name: "Twilio",
    sender: "+15017122661",
    template: "",
    code_in: the_filled_in_template,
};

const MESSAGE_TEMPLATE: &str = "Your Verigate code is {code}.";

fn the_filled_in_template(body: &str) -> Option<String> {
    body.strip_prefix("Your Verigate code is ")
        .and_then(|rest| rest.strip_suffix('.'))
        .map(str::to_owned)
}

/// The admin adds a Twilio verifier with the emulator's credentials, or another Auth Token.
async fn add_twilio_verifier(app: &TestApp, admin: &Client, auth_token: Option<&str>) {
    let defaults = Settings::default();
    let twilio = provider_verifier(
        TWILIO.provider,
        vec![
            ("account_sid", &defaults.emulator_twilio_account_sid),
            (
                "auth_token",
                auth_token.unwrap_or(&defaults.emulator_twilio_auth_token),
            ),
            ("from", TWILIO.sender),
            ("endpoint", &app.emulator_url),
            ("message_template", MESSAGE_TEMPLATE),
        ],
    );
    app.save_verifier(admin, twilio)
        .await
        .expect("the Twilio verifier is saved");
}

async fn a_user_binds_a_number_with_a_code_sent_through_twilio(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_twilio_verifier(&app, &admin, None).await;

    let message = a_user_binds_with_a_delivered_code(&app, &admin, &TWILIO).await;

    assert!(
        message.request_id.starts_with("SM") && message.request_id.len() == 34,
        "{}",
        message.request_id
    );
}

async fn a_wrong_twilio_token_is_rejected_and_logged_with_the_vendor_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_twilio_verifier(&app, &admin, Some("not-the-auth-token")).await;

    wrong_credentials_are_refused(&app, &admin, &TWILIO, "twilio.20003", "Authenticate").await;
}

async fn twilio_faults_reach_the_log_and_the_user_as_their_kind(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    add_twilio_verifier(&app, &admin, None).await;

    faults_reach_the_log_and_the_user(
        &app,
        &admin,
        &FaultCodes {
            rate_limited: "twilio.20429",
            invalid_number: "twilio.21211",
            server_error: "twilio.20500",
        },
    )
    .await;
}

async fn a_silent_twilio_gateway_is_unavailable_after_the_client_timeout(backend: Backend) {
    let app = TestApp::spawn_with(backend, a_short_gateway_timeout).await;
    let admin = app.signed_in_admin().await;
    add_twilio_verifier(&app, &admin, None).await;

    a_silent_gateway_times_out(&app, &admin, &TWILIO).await;
}

on_both_databases!(
    a_user_binds_a_number_with_a_code_sent_through_twilio,
    a_wrong_twilio_token_is_rejected_and_logged_with_the_vendor_code,
    twilio_faults_reach_the_log_and_the_user_as_their_kind,
    a_silent_twilio_gateway_is_unavailable_after_the_client_timeout,
);

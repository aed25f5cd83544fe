//! The SMS gateway emulator as administrators and stray clients see it.

use app::dto::EmulatorInbox;
use reqwest::StatusCode;
use verigate::config::Settings;

use crate::{
    helpers::{Backend, NO_ARGUMENTS, TestApp},
    on_both_databases,
};

async fn administrators_see_its_address_and_test_credentials(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;

    let inbox: Option<EmulatorInbox> = app
        .call(&admin, "emulator_inbox", NO_ARGUMENTS)
        .await
        .json()
        .await
        .expect("JSON");

    let inbox = inbox.expect("the emulator is on in tests");
    assert_eq!(format!("http://{}", inbox.address), app.emulator_url);
    let defaults = Settings::default();
    let aliyun = inbox
        .credentials
        .iter()
        .find(|c| c.provider == "aliyun")
        .expect("Aliyun credentials");
    assert_eq!(aliyun.key_id, defaults.emulator_aliyun_access_key_id);
    assert_eq!(aliyun.secret, defaults.emulator_aliyun_access_key_secret);
    assert_eq!(inbox.credentials.len(), 3);
    assert!(inbox.messages.is_empty());
}

async fn users_cannot_read_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let user = app.signed_in_user("ada").await;

    let response = app.call(&user, "emulator_inbox", NO_ARGUMENTS).await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn a_request_for_no_known_gateway_is_answered_with_what_is_expected(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let response = reqwest::Client::new()
        .post(format!("{}/", app.emulator_url))
        .body("hello")
        .send()
        .await
        .expect("the emulator answers");

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = response.text().await.expect("body");
    assert!(
        body.contains("X-TC-Action") && body.contains("x-acs-action"),
        "{body}"
    );
}

on_both_databases!(
    administrators_see_its_address_and_test_credentials,
    users_cannot_read_it,
    a_request_for_no_known_gateway_is_answered_with_what_is_expected,
);

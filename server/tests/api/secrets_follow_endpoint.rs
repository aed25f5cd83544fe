//! A stored provider secret is kept by an edit that leaves it blank only while the provider and
//! its endpoint stay the same: credentials are never sent to an address nobody typed them for.

use reqwest::{Client, StatusCode};
use verigate::config::Settings;

use crate::{
    gateway::{UID, provider_verifier},
    helpers::{Backend, Mode, TestApp, VerifierForm},
    on_both_databases,
};

/// An Aliyun verifier sending to `endpoint` with `secret` (blank keeps the stored one).
fn aliyun<'a>(defaults: &'a Settings, endpoint: &'a str, secret: &'a str) -> VerifierForm<'a> {
    provider_verifier(
        "aliyun",
        vec![
            ("access_key_id", &defaults.emulator_aliyun_access_key_id),
            ("access_key_secret", secret),
            ("endpoint", endpoint),
            ("sign_name", "阿里云短信测试"),
            ("template_code", "SMS_154950909"),
            ("template_param_name", ""),
            ("signature_version", "v3"),
        ],
    )
}

fn edit(form: VerifierForm<'_>) -> VerifierForm<'_> {
    VerifierForm {
        mode: Mode::Edit,
        ..form
    }
}

async fn an_aliyun_verifier_at_the_emulator(app: &TestApp, admin: &Client, defaults: &Settings) {
    app.save_verifier(
        admin,
        aliyun(
            defaults,
            &app.emulator_url,
            &defaults.emulator_aliyun_access_key_secret,
        ),
    )
    .await
    .expect("the verifier is saved");
}

async fn an_edit_that_keeps_provider_and_endpoint_keeps_the_secret(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let defaults = Settings::default();
    an_aliyun_verifier_at_the_emulator(&app, &admin, &defaults).await;

    app.save_verifier(&admin, edit(aliyun(&defaults, &app.emulator_url, "")))
        .await
        .expect("a blank secret keeps the stored one");
    let outcome = app.send_test_sms(&admin, UID, "+86 138 0013 8000").await;

    assert!(
        outcome.sent,
        "the emulator accepted the signature made with the kept secret: {outcome:?}"
    );
}

async fn changing_the_endpoint_asks_for_the_secret_again_naming_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let defaults = Settings::default();
    an_aliyun_verifier_at_the_emulator(&app, &admin, &defaults).await;

    let refused = app
        .save_verifier(
            &admin,
            edit(aliyun(
                &defaults,
                "dysmsapi.ap-southeast-1.aliyuncs.com",
                "",
            )),
        )
        .await
        .expect_err("the secret does not follow the endpoint");

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = refused
        .error
        .for_field("settings.aliyun.access_key_secret")
        .unwrap_or_else(|| panic!("no error on the secret field: {refused:?}"));
    assert!(message.contains("again"), "{message}");
    assert!(message.contains("AccessKey secret"), "{message}");
}

async fn changing_the_provider_drops_its_secrets(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let defaults = Settings::default();
    an_aliyun_verifier_at_the_emulator(&app, &admin, &defaults).await;
    app.save_verifier(&admin, edit(VerifierForm::default()))
        .await
        .expect("the verifier now uses the sandbox");

    let refused = app
        .save_verifier(&admin, edit(aliyun(&defaults, &app.emulator_url, "")))
        .await
        .expect_err("switching back needs the secret again");

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .error
            .for_field("settings.aliyun.access_key_secret")
            .is_some(),
        "{refused:?}"
    );
    let stored: String = sqlx::query_scalar("select settings from verifier where uid = $1")
        .bind(UID)
        .fetch_one(&app.db.pool)
        .await
        .expect("settings");
    assert!(
        !stored.contains("sealed:"),
        "no secret is stored for the sandbox: {stored}"
    );
}

on_both_databases!(
    an_edit_that_keeps_provider_and_endpoint_keeps_the_secret,
    changing_the_endpoint_asks_for_the_secret_again_naming_it,
    changing_the_provider_drops_its_secrets,
);

//! Rotating the server secret: with the old one among `VERIGATE_PREVIOUS_SECRET_KEYS`, API keys,
//! codes in flight and sealed provider secrets keep working, and after one start and one use of
//! each key the old secret is no longer needed. The Account SID stays the same throughout.

use reqwest::StatusCode;
use serde_json::json;
use verigate::config::Settings;

use crate::{
    gateway::provider_verifier,
    helpers::{ApiSetup, Backend, TestApp, VerifierForm},
    on_both_databases,
};

const TO: &str = "+8613800138000";
const NEW_SECRET: &str = "5e";
const TENCENT_UID: &str = "v_tencent";

/// A Tencent verifier (its SecretKey sealed) against the emulator, whose credentials are in
/// `emulator`.
fn tencent<'a>(app: &'a TestApp, emulator: &'a Settings) -> VerifierForm<'a> {
    VerifierForm {
        uid: TENCENT_UID,
        ..provider_verifier(
            "tencent",
            vec![
                ("secret_id", &emulator.emulator_tencent_secret_id),
                ("secret_key", &emulator.emulator_tencent_secret_key),
                ("region", ""),
                ("endpoint", &app.emulator_url),
                ("sdk_app_id", "1400006666"),
                ("sign_name", "Verigate"),
                ("template_id", "1110"),
            ],
        )
    }
}

/// The secret the first instance generated in its data directory.
fn generated_secret(app: &TestApp) -> String {
    std::fs::read_to_string(app.settings().data_dir.join("secret.key")).expect("secret.key")
}

async fn rotating_the_server_secret_breaks_no_key_code_or_provider_secret(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (old, key, admin) = (&setup.app, &setup.key, &setup.admin);
    old.save_verifier(admin, tencent(old, &Settings::default()))
        .await
        .expect("the Tencent verifier is saved");
    let started = old
        .start_verification(key.bearer(), &json!({ "verifier": "v_sms", "to": TO }))
        .await
        .verification(StatusCode::CREATED);
    let code = old.newest_sandbox_code().await;
    let old_secret = generated_secret(old);

    let rotated = old
        .second_instance_with(|settings| {
            settings.secret_key = Some(NEW_SECRET.repeat(32));
            settings.previous_secret_keys = old_secret.clone();
        })
        .await;

    assert_eq!(rotated.account_sid(), old.account_sid());
    let checked = rotated
        .check_verification(key.bearer(), &started.id, &code)
        .await
        .verification(StatusCode::OK);
    assert_eq!(
        checked.status, "approved",
        "a code sent before the rotation"
    );
    assert!(
        rotated.send_test_sms(admin, TENCENT_UID, TO).await.sent,
        "the sealed SecretKey opens"
    );

    let only_new = old
        .second_instance_with(|settings| {
            settings.secret_key = Some(NEW_SECRET.repeat(32));
        })
        .await;

    assert_eq!(only_new.account_sid(), old.account_sid());
    only_new
        .start_verification(
            key.basic(),
            &json!({ "verifier": "v_sms", "to": "+8613900139000" }),
        )
        .await
        .verification(StatusCode::CREATED);
    assert!(
        only_new
            .send_test_sms(admin, TENCENT_UID, "+8613900139000")
            .await
            .sent,
        "the start with the old secret sealed the SecretKey again with the new one"
    );
    let unknown = only_new
        .start_verification(
            crate::helpers::Auth::Bearer("not-a-key"),
            &json!({ "verifier": "v_sms", "to": TO }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
}

async fn without_the_old_secret_a_sealed_provider_secret_fails_with_a_named_cause(
    backend: Backend,
) {
    let setup = ApiSetup::spawn(backend).await;
    let (old, admin) = (&setup.app, &setup.admin);
    old.save_verifier(admin, tencent(old, &Settings::default()))
        .await
        .expect("the Tencent verifier is saved");

    let forgot_the_old_one = old
        .second_instance_with(|settings| settings.secret_key = Some(NEW_SECRET.repeat(32)))
        .await;

    let refused = forgot_the_old_one
        .call(
            admin,
            "send_test_sms",
            &[("uid", TENCENT_UID), ("phone", TO)],
        )
        .await;

    assert_eq!(refused.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let reference =
        refused.json::<serde_json::Value>().await.expect("a body")["Internal"]["reference"]
            .as_str()
            .expect("a reference")
            .to_owned();
    assert!(
        crate::helpers::captured_logs().lines().any(|line| line.contains(&reference)
            && line.contains("VERIGATE_PREVIOUS_SECRET_KEYS")),
        "the log says how to fix it, under the reference the admin was given"
    );
}

on_both_databases!(
    rotating_the_server_secret_breaks_no_key_code_or_provider_secret,
    without_the_old_secret_a_sealed_provider_secret_fails_with_a_named_cause,
);

//! The admin console's verifiers over HTTP: create, validate, edit, secrets, test SMS, delete.

use app::{
    AppError,
    dto::{TestSmsOutcome, VerifierDetails, VerifierSummary},
};
use reqwest::StatusCode;
use verigate::providers::webhook::{SIGNATURE_HEADER, TIMESTAMP_HEADER, signature};

use crate::{
    helpers::{
        Backend, NO_ARGUMENTS, TestApp, WebhookReceiver, captured_logs, verifier_form, with,
    },
    on_both_databases,
};

const SECRET: &str = "whsec-Zq8v3-top-secret-value";

async fn list(app: &TestApp, admin: &reqwest::Client) -> Vec<VerifierSummary> {
    app.call(admin, "list_verifiers", NO_ARGUMENTS)
        .await
        .json()
        .await
        .expect("a list")
}

async fn details(app: &TestApp, admin: &reqwest::Client, uid: &str) -> (String, VerifierDetails) {
    let body = app
        .call(admin, "get_verifier", &[("uid", uid)])
        .await
        .text()
        .await
        .expect("body");
    let (details, _providers): (VerifierDetails, serde_json::Value) =
        serde_json::from_str(&body).expect("details and providers");
    (body, details)
}

async fn an_admin_adds_a_sandbox_verifier_and_sees_it_listed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;

    let response = app
        .call(
            &admin,
            "save_verifier",
            &verifier_form("create", "v_sms", "sandbox"),
        )
        .await;

    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    let listed = list(&app, &admin).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].uid.as_str(),
            listed[0].title.as_str(),
            listed[0].verification_type.as_str()
        ),
        ("v_sms", "Phone", "sms-otp")
    );
    assert_eq!(listed[0].provider, "Sandbox (no real SMS)");
}

async fn invalid_verifier_forms_are_refused_on_their_field_and_nothing_is_saved(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let base = verifier_form("create", "v_sms", "sandbox");
    let cases = [
        (with(base.clone(), "uid", "bad uid!"), "uid"),
        (with(base.clone(), "title", "  "), "title"),
        (with(base.clone(), "provider", "carrier-pigeon"), "provider"),
        (with(base.clone(), "code_length", "six"), "code_length"),
        (with(base.clone(), "code_length", "3"), "code_length"),
        (
            with(base.clone(), "resend_interval_secs", "301"),
            "resend_interval_secs",
        ),
        (with(base.clone(), "max_attempts", "11"), "max_attempts"),
        (
            with(base.clone(), "allowed_countries", "86, NL"),
            "allowed_countries",
        ),
        (
            with(base.clone(), "settings[sandbox][fail]", "sometimes"),
            "settings.sandbox.fail",
        ),
        (
            with(
                with(base.clone(), "provider", "webhook"),
                "settings[webhook][url]",
                "",
            ),
            "settings.webhook.url",
        ),
    ];
    for (form, field) in cases {
        let response = app.call(&admin, "save_verifier", &form).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let error: AppError = response.json().await.expect("an AppError");
        assert!(error.for_field(field).is_some(), "{field}: {error:?}");
    }
    assert!(list(&app, &admin).await.is_empty());
}

async fn a_taken_uid_is_refused_as_a_conflict(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.add_sandbox_verifier(&admin, "v_sms").await;

    let again = app
        .call(
            &admin,
            "save_verifier",
            &verifier_form("create", "v_sms", "sandbox"),
        )
        .await;

    assert_eq!(again.status(), StatusCode::CONFLICT);
    let error: AppError = again.json().await.expect("an AppError");
    assert_eq!(
        error.for_field("uid").as_deref(),
        Some("This UID is taken.")
    );
}

async fn secrets_are_write_only_and_sealed_at_rest(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let form = with(
        with(
            verifier_form("create", "v_hook", "webhook"),
            "settings[webhook][url]",
            "http://127.0.0.1:9/hook",
        ),
        "settings[webhook][secret]",
        SECRET,
    );
    let created = app.call(&admin, "save_verifier", &form).await;
    assert!(
        created.status().is_success() || created.status().is_redirection(),
        "{}",
        created.status()
    );

    let (body, details) = details(&app, &admin, "v_hook").await;
    assert_eq!(details.secrets_set, vec!["secret".to_owned()]);
    assert_eq!(
        details.settings.get("url").map(String::as_str),
        Some("http://127.0.0.1:9/hook")
    );
    let listed = app
        .call(&admin, "list_verifiers", NO_ARGUMENTS)
        .await
        .text()
        .await
        .expect("body");
    let fresh_form = app
        .call(&admin, "new_verifier_form", NO_ARGUMENTS)
        .await
        .text()
        .await
        .expect("body");
    for (what, text) in [
        ("get_verifier", &body),
        ("list_verifiers", &listed),
        ("new_verifier_form", &fresh_form),
    ] {
        assert!(!text.contains(SECRET), "{what} leaks the secret");
    }
    let stored: String = sqlx::query_scalar("select settings from verifier where uid = 'v_hook'")
        .fetch_one(&app.db.pool)
        .await
        .expect("settings");
    assert!(
        !stored.contains(SECRET) && stored.contains("sealed:v1:"),
        "{stored}"
    );
}

async fn an_edit_with_an_empty_secret_keeps_it_and_the_webhook_is_signed_with_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    let form = with(
        with(
            verifier_form("create", "v_hook", "webhook"),
            "settings[webhook][url]",
            &receiver.url,
        ),
        "settings[webhook][secret]",
        SECRET,
    );
    app.call(&admin, "save_verifier", &form).await;

    let edit = with(
        with(with(form, "mode", "edit"), "title", "Renamed"),
        "settings[webhook][secret]",
        "",
    );
    let edited = app.call(&admin, "save_verifier", &edit).await;
    assert!(
        edited.status().is_success() || edited.status().is_redirection(),
        "{}",
        edited.status()
    );
    let outcome: TestSmsOutcome = app
        .call(
            &admin,
            "send_test_sms",
            &[("uid", "v_hook"), ("phone", "+31 6 1234 5678")],
        )
        .await
        .json()
        .await
        .expect("an outcome");

    assert!(outcome.sent, "{outcome:?}");
    assert_eq!(outcome.reference, "hook-123");
    let received = receiver.received.lock().expect("lock").clone();
    assert_eq!(received.len(), 1);
    let (headers, body) = &received[0];
    let timestamp: i64 = headers[TIMESTAMP_HEADER]
        .to_str()
        .expect("text")
        .parse()
        .expect("number");
    assert_eq!(
        headers[SIGNATURE_HEADER].to_str().expect("text"),
        signature(SECRET, timestamp, body.as_bytes())
    );
    let payload: serde_json::Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(payload["to"], "+31612345678");
    assert_eq!(payload["scene"], "test");
    assert!(
        payload["message"]
            .as_str()
            .expect("text")
            .starts_with("Your Renamed code is ")
    );
}

async fn a_test_sms_reports_the_providers_error_code_and_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let form = with(
        verifier_form("create", "v_sms", "sandbox"),
        "settings[sandbox][fail]",
        "rejected",
    );
    app.call(&admin, "save_verifier", &form).await;

    let outcome: TestSmsOutcome = app
        .call(
            &admin,
            "send_test_sms",
            &[("uid", "v_sms"), ("phone", "+8613800138000")],
        )
        .await
        .json()
        .await
        .expect("an outcome");

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, "sandbox.rejected");
    assert!(outcome.detail.contains("simulated failure"), "{outcome:?}");
}

async fn a_sandbox_code_is_never_in_a_response_or_the_log(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let form = with(
        verifier_form("create", "v_sms", "sandbox"),
        "code_length",
        "10",
    );
    app.call(&admin, "save_verifier", &form).await;

    let response = app
        .call(
            &admin,
            "send_test_sms",
            &[("uid", "v_sms"), ("phone", "+8613800138000")],
        )
        .await
        .text()
        .await
        .expect("body");
    let code = app.newest_sandbox_code().await;
    assert_eq!(code.len(), 10, "a 10-digit code in the message");

    assert!(!response.contains(&code), "the send_test_sms response");
    let messages = app
        .call(&admin, "list_messages", &[("page", "0")])
        .await
        .text()
        .await
        .expect("body");
    assert!(
        messages.contains(&code),
        "admins read sandbox codes in the message log"
    );
    assert!(!captured_logs().contains(&code), "the log");
}

async fn deleting_a_verifier_names_and_removes_its_bindings(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.signed_in_user("ada").await;
    app.add_sandbox_verifier(&admin, "v_sms").await;
    sqlx::query(
        "insert into binding (verifier_uid, user_id, receiver, created_at) \
         select 'v_sms', user_id, '+8613800138000', 0 from app_user where username = 'ada'",
    )
    .execute(&app.db.pool)
    .await
    .expect("a binding");
    assert_eq!(details(&app, &admin, "v_sms").await.1.bound_users, 1);

    let deleted = app
        .call(&admin, "delete_verifier", &[("uid", "v_sms")])
        .await;

    assert!(
        deleted.status().is_success() || deleted.status().is_redirection(),
        "{}",
        deleted.status()
    );
    let bindings: i64 = sqlx::query_scalar("select count(*) from binding")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(bindings, 0);
    assert!(list(&app, &admin).await.is_empty());
    let gone = app
        .call(&admin, "delete_verifier", &[("uid", "v_sms")])
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

on_both_databases!(
    an_admin_adds_a_sandbox_verifier_and_sees_it_listed,
    invalid_verifier_forms_are_refused_on_their_field_and_nothing_is_saved,
    a_taken_uid_is_refused_as_a_conflict,
    secrets_are_write_only_and_sealed_at_rest,
    an_edit_with_an_empty_secret_keeps_it_and_the_webhook_is_signed_with_it,
    a_test_sms_reports_the_providers_error_code_and_message,
    a_sandbox_code_is_never_in_a_response_or_the_log,
    deleting_a_verifier_names_and_removes_its_bindings,
);

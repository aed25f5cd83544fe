//! The admin console's verifiers over HTTP: create, validate, edit, secrets, test SMS, delete.

use app::types::TestSmsFailure;
use reqwest::StatusCode;
use verigate::providers::webhook::{SIGNATURE_HEADER, TIMESTAMP_HEADER, signature};

use crate::{
    helpers::{Backend, Mode, NO_ARGUMENTS, TestApp, VerifierForm, WebhookReceiver, captured_logs},
    on_both_databases,
};

const SECRET: &str = "whsec-Zq8v3-top-secret-value";

/// A webhook verifier `v_hook` posting to `url`, signing with `secret`.
fn webhook_verifier<'a>(url: &'a str, secret: &'a str) -> VerifierForm<'a> {
    VerifierForm {
        uid: "v_hook",
        provider: "webhook",
        settings: vec![("webhook", vec![("url", url), ("secret", secret)])],
        ..VerifierForm::default()
    }
}

async fn an_admin_adds_a_sandbox_verifier_and_sees_it_listed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;

    let saved = app.save_verifier(&admin, VerifierForm::default()).await;

    assert_eq!(saved, Ok(()));
    let listed = app.list_verifiers(&admin).await;
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
    let base = VerifierForm::default();
    let cases = [
        (
            VerifierForm {
                uid: "bad uid!",
                ..base.clone()
            },
            "uid",
        ),
        (
            VerifierForm {
                title: "  ",
                ..base.clone()
            },
            "title",
        ),
        (
            VerifierForm {
                provider: "carrier-pigeon",
                ..base.clone()
            },
            "provider",
        ),
        (
            VerifierForm {
                code_length: "six",
                ..base.clone()
            },
            "code_length",
        ),
        (
            VerifierForm {
                code_length: "3",
                ..base.clone()
            },
            "code_length",
        ),
        (
            VerifierForm {
                resend_interval_secs: "301",
                ..base.clone()
            },
            "resend_interval_secs",
        ),
        (
            VerifierForm {
                max_attempts: "11",
                ..base.clone()
            },
            "max_attempts",
        ),
        (
            VerifierForm {
                allowed_countries: "86, NL",
                ..base.clone()
            },
            "allowed_countries",
        ),
        (
            VerifierForm {
                numbers_per_user_hour: "five",
                ..base.clone()
            },
            "numbers_per_user_hour",
        ),
        (
            VerifierForm {
                sign_ins_per_client_hour: "0",
                ..base.clone()
            },
            "sign_ins_per_client_hour",
        ),
        (
            VerifierForm {
                api_sends_per_key_minute: "60",
                api_sends_per_key_day: "59",
                ..base.clone()
            },
            "api_sends_per_key_day",
        ),
        (
            VerifierForm {
                sends_per_verifier_day: "0",
                ..base.clone()
            },
            "sends_per_verifier_day",
        ),
        (
            VerifierForm {
                settings: vec![("sandbox", vec![("fail", "sometimes")])],
                ..base.clone()
            },
            "settings.sandbox.fail",
        ),
        (
            VerifierForm {
                provider: "webhook",
                settings: vec![("webhook", vec![("url", "")])],
                ..base
            },
            "settings.webhook.url",
        ),
    ];
    for (form, field) in cases {
        let refused = app.save_verifier(&admin, form).await.expect_err(field);
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(
            refused.error.for_field(field).is_some(),
            "{field}: {:?}",
            refused.error
        );
    }
    assert!(app.list_verifiers(&admin).await.is_empty());
}

async fn a_taken_uid_is_refused_as_a_conflict(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.save_verifier(&admin, VerifierForm::default())
        .await
        .expect("the verifier is saved");

    let again = app
        .save_verifier(&admin, VerifierForm::default())
        .await
        .expect_err("the second is refused");

    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(
        again.error.for_field("uid").as_deref(),
        Some("This UID is taken.")
    );
}

async fn secrets_are_write_only_and_sealed_at_rest(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.save_verifier(&admin, webhook_verifier("http://127.0.0.1:9/hook", SECRET))
        .await
        .expect("the verifier is saved");

    let (details, body) = app.get_verifier(&admin, "v_hook").await;
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
    app.save_verifier(&admin, webhook_verifier(&receiver.url, SECRET))
        .await
        .expect("the verifier is saved");

    let edit = VerifierForm {
        mode: Mode::Edit,
        title: "Renamed",
        ..webhook_verifier(&receiver.url, "")
    };
    app.save_verifier(&admin, edit)
        .await
        .expect("the edit is saved");
    let outcome = app.send_test_sms(&admin, "v_hook", "+31 6 1234 5678").await;

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

async fn pointing_a_verifier_elsewhere_needs_its_secret_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    app.save_verifier(&admin, webhook_verifier(&receiver.url, SECRET))
        .await
        .expect("the verifier is saved");
    let elsewhere = WebhookReceiver::start(200).await;

    let refused = app
        .save_verifier(
            &admin,
            VerifierForm {
                mode: Mode::Edit,
                ..webhook_verifier(&elsewhere.url, "")
            },
        )
        .await
        .expect_err("the old secret does not follow the new URL");

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.error.for_field("settings.webhook.secret").is_some(),
        "{refused:?}"
    );
    app.save_verifier(
        &admin,
        VerifierForm {
            mode: Mode::Edit,
            ..webhook_verifier(&elsewhere.url, "a-new-secret")
        },
    )
    .await
    .expect("with the secret typed again, the edit is saved");
    let outcome = app.send_test_sms(&admin, "v_hook", "+31 6 1234 5678").await;
    assert!(outcome.sent, "{outcome:?}");
    assert!(receiver.received.lock().expect("lock").is_empty());
    let received = elsewhere.received.lock().expect("lock").clone();
    let (headers, body) = &received[0];
    let timestamp: i64 = headers[TIMESTAMP_HEADER]
        .to_str()
        .expect("text")
        .parse()
        .expect("number");
    assert_eq!(
        headers[SIGNATURE_HEADER].to_str().expect("text"),
        signature("a-new-secret", timestamp, body.as_bytes()),
        "signed with the new secret, not the old one"
    );
}

async fn a_test_sms_reports_the_providers_error_code_and_logs_its_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let rejecting = VerifierForm {
        settings: vec![("sandbox", vec![("fail", "rejected")])],
        ..VerifierForm::default()
    };
    app.save_verifier(&admin, rejecting)
        .await
        .expect("the verifier is saved");

    let outcome = app.send_test_sms(&admin, "v_sms", "+8613800138000").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, "sandbox.rejected");
    assert_eq!(
        outcome.failure,
        Some(TestSmsFailure::Rejected),
        "{outcome:?}"
    );
    assert!(
        !format!("{outcome:?}").contains("simulated failure"),
        "{outcome:?}"
    );
    assert!(captured_logs().contains("simulated failure"));
}

async fn a_sandbox_code_is_never_in_a_response_or_the_log(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let ten_digits = VerifierForm {
        code_length: "10",
        ..VerifierForm::default()
    };
    app.save_verifier(&admin, ten_digits)
        .await
        .expect("the verifier is saved");

    // The bodies as sent: the code must be in none of the bytes.
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
    app.save_verifier(&admin, VerifierForm::default())
        .await
        .expect("the verifier is saved");
    sqlx::query(
        "insert into binding (verifier_uid, user_id, receiver, created_at) \
         select 'v_sms', user_id, '+8613800138000', 0 from app_user where username = 'ada'",
    )
    .execute(&app.db.pool)
    .await
    .expect("a binding");
    assert_eq!(app.get_verifier(&admin, "v_sms").await.0.bound_users, 1);

    let deleted = app.delete_verifier(&admin, "v_sms").await;

    assert_eq!(deleted, Ok(()));
    let bindings: i64 = sqlx::query_scalar("select count(*) from binding")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(bindings, 0);
    assert!(app.list_verifiers(&admin).await.is_empty());
    let gone = app
        .delete_verifier(&admin, "v_sms")
        .await
        .expect_err("it is gone");
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

on_both_databases!(
    an_admin_adds_a_sandbox_verifier_and_sees_it_listed,
    invalid_verifier_forms_are_refused_on_their_field_and_nothing_is_saved,
    a_taken_uid_is_refused_as_a_conflict,
    secrets_are_write_only_and_sealed_at_rest,
    an_edit_with_an_empty_secret_keeps_it_and_the_webhook_is_signed_with_it,
    pointing_a_verifier_elsewhere_needs_its_secret_again,
    a_test_sms_reports_the_providers_error_code_and_logs_its_message,
    a_sandbox_code_is_never_in_a_response_or_the_log,
    deleting_a_verifier_names_and_removes_its_bindings,
);

//! A verifier's fallback provider: used only when the first provider is unavailable, with its
//! own sealed settings, and both attempts in the message log.

use app::{
    AppError,
    dto::{MessageEntry, Page, TestSmsOutcome, VerifierDetails},
};
use reqwest::StatusCode;

use crate::{
    helpers::{Backend, TestApp, WebhookReceiver, verifier_form, with},
    on_both_databases,
};

const SECRET: &str = "whsec-fallback-secret-value";
const NUMBER: &str = "+8613800138000";

/// A sandbox verifier failing with `failure`, falling back to a webhook at `receiver`.
fn sandbox_then_webhook(failure: &str, receiver: &WebhookReceiver) -> Vec<(String, String)> {
    let form = with(
        verifier_form("create", "v_fb", "sandbox"),
        "settings[sandbox][fail]",
        failure,
    );
    let form = with(form, "fallback_provider", "webhook");
    let form = with(form, "settings[webhook][url]", &receiver.url);
    with(form, "settings[webhook][secret]", SECRET)
}

async fn save(app: &TestApp, admin: &reqwest::Client, form: &[(String, String)]) -> StatusCode {
    app.call(admin, "save_verifier", form).await.status()
}

async fn test_sms(app: &TestApp, admin: &reqwest::Client) -> TestSmsOutcome {
    app.call(
        admin,
        "send_test_sms",
        &[("uid", "v_fb"), ("phone", NUMBER)],
    )
    .await
    .json()
    .await
    .expect("an outcome")
}

async fn message_log(app: &TestApp, admin: &reqwest::Client) -> Vec<MessageEntry> {
    let page: Page<MessageEntry> = app
        .call(admin, "list_messages", &[("page", "0")])
        .await
        .json()
        .await
        .expect("a page");
    page.items
}

async fn an_unavailable_provider_falls_back_and_both_attempts_are_logged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    let saved = save(
        &app,
        &admin,
        &sandbox_then_webhook("unavailable", &receiver),
    )
    .await;
    assert!(saved.is_success() || saved.is_redirection(), "{saved}");

    let outcome = test_sms(&app, &admin).await;

    assert!(outcome.sent, "{outcome:?}");
    assert_eq!(outcome.provider, "HTTP webhook");
    assert_eq!(outcome.reference, "hook-123");
    assert_eq!(receiver.received.lock().expect("lock").len(), 1);
    let log = message_log(&app, &admin).await;
    let attempts: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|m| (m.provider.as_str(), m.status.as_str(), m.reference.as_str()))
        .collect();
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert!(attempts.contains(&("sandbox", "failed", "sandbox.unavailable")));
    assert!(attempts.contains(&("webhook", "sent", "hook-123")));
}

async fn an_invalid_number_or_a_rate_limit_never_falls_back(backend: Backend) {
    for failure in ["invalid_number", "rate_limited", "rejected"] {
        let app = TestApp::spawn(backend).await;
        let admin = app.signed_in_admin().await;
        let receiver = WebhookReceiver::start(200).await;
        save(&app, &admin, &sandbox_then_webhook(failure, &receiver)).await;

        let outcome = test_sms(&app, &admin).await;

        assert!(!outcome.sent, "{failure}: {outcome:?}");
        assert_eq!(outcome.reference, format!("sandbox.{failure}"));
        assert!(
            receiver.received.lock().expect("lock").is_empty(),
            "{failure}"
        );
        assert_eq!(message_log(&app, &admin).await.len(), 1, "{failure}");
    }
}

async fn a_user_binds_through_the_fallback(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    save(
        &app,
        &admin,
        &sandbox_then_webhook("unavailable", &receiver),
    )
    .await;
    let user = app.signed_in_user("ada").await;

    let sent = app
        .call(
            &user,
            "send_bind_code",
            &[
                ("verifier", "v_fb"),
                ("country", "86"),
                ("phone", "13800138000"),
            ],
        )
        .await;
    assert_eq!(sent.status(), StatusCode::OK, "{:?}", sent.text().await);
    let sent: serde_json::Value = sent.json().await.expect("JSON");
    let payload: serde_json::Value = {
        let received = receiver.received.lock().expect("lock");
        serde_json::from_str(&received[0].1).expect("the webhook got JSON")
    };
    let bound = app
        .call(
            &user,
            "bind_phone",
            &[
                ("verifier", "v_fb"),
                ("country", "86"),
                ("phone", "13800138000"),
                (
                    "challenge_id",
                    sent["challenge_id"].as_str().expect("challenge"),
                ),
                ("code", payload["code"].as_str().expect("code")),
            ],
        )
        .await;
    assert_eq!(bound.status(), StatusCode::OK, "{:?}", bound.text().await);
}

async fn the_fallback_is_validated_and_its_secret_kept_on_edit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    let form = sandbox_then_webhook("unavailable", &receiver);

    for (form, field) in [
        (
            with(form.clone(), "fallback_provider", "sandbox"),
            "fallback_provider",
        ),
        (
            with(form.clone(), "fallback_provider", "pigeon"),
            "fallback_provider",
        ),
        (
            with(form.clone(), "settings[webhook][url]", ""),
            "settings.webhook.url",
        ),
    ] {
        let response = app.call(&admin, "save_verifier", &form).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: AppError = response.json().await.expect("an error");
        assert!(error.for_field(field).is_some(), "{field}: {error:?}");
    }

    save(&app, &admin, &form).await;
    let edit = with(with(form, "mode", "edit"), "settings[webhook][secret]", "");
    let edited = save(&app, &admin, &edit).await;
    assert!(edited.is_success() || edited.is_redirection(), "{edited}");
    let body = app
        .call(&admin, "get_verifier", &[("uid", "v_fb")])
        .await
        .text()
        .await
        .expect("body");
    assert!(!body.contains(SECRET), "the secret is never sent back");
    let (details, _): (VerifierDetails, serde_json::Value) =
        serde_json::from_str(&body).expect("details");
    assert_eq!(details.fallback_provider, "webhook");
    assert_eq!(details.fallback_secrets_set, vec!["secret".to_owned()]);
    assert!(
        test_sms(&app, &admin).await.sent,
        "the kept secret still opens"
    );
}

on_both_databases!(
    an_unavailable_provider_falls_back_and_both_attempts_are_logged,
    an_invalid_number_or_a_rate_limit_never_falls_back,
    a_user_binds_through_the_fallback,
    the_fallback_is_validated_and_its_secret_kept_on_edit,
);

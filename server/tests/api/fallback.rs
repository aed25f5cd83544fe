//! A verifier's fallback provider: used only when the first provider is unavailable, with its
//! own sealed settings, and both attempts in the message log.

use app::{
    AppError,
    dto::{CodeSent, VerifierDetails},
};
use reqwest::{Client, StatusCode};

use crate::{
    gateway::{
        UID, bind_phone, message_log, provider_form, save_verifier, send_bind_code, test_sms,
    },
    helpers::{Backend, TestApp, WebhookReceiver, with},
    on_both_databases,
};

const SECRET: &str = "whsec-fallback-secret-value";
const NUMBER: &str = "+8613800138000";

/// A sandbox verifier failing with `failure`, falling back to a webhook at `receiver`.
fn sandbox_then_webhook(failure: &str, receiver: &WebhookReceiver) -> Vec<(String, String)> {
    let form = provider_form("sandbox", &[("fail", failure)]);
    let form = with(form, "fallback_provider", "webhook");
    let form = with(form, "settings[webhook][url]", &receiver.url);
    with(form, "settings[webhook][secret]", SECRET)
}

/// An app with a sandbox verifier failing with `failure` and falling back to a webhook, its
/// admin, and the webhook's receiver.
async fn app_with_fallback(backend: Backend, failure: &str) -> (TestApp, Client, WebhookReceiver) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    save_verifier(&app, &admin, &sandbox_then_webhook(failure, &receiver)).await;
    (app, admin, receiver)
}

async fn an_unavailable_provider_falls_back_and_both_attempts_are_logged(backend: Backend) {
    let (app, admin, receiver) = app_with_fallback(backend, "unavailable").await;

    let outcome = test_sms(&app, &admin, NUMBER).await;

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
        let (app, admin, receiver) = app_with_fallback(backend, failure).await;

        let outcome = test_sms(&app, &admin, NUMBER).await;

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
    let (app, _admin, receiver) = app_with_fallback(backend, "unavailable").await;
    let user = app.signed_in_user("ada").await;

    let sent = send_bind_code(&app, &user, "13800138000").await;
    assert_eq!(sent.status(), StatusCode::OK, "{:?}", sent.text().await);
    let sent: CodeSent = sent.json().await.expect("CodeSent");
    let payload: serde_json::Value = {
        let received = receiver.received.lock().expect("lock");
        serde_json::from_str(&received[0].1).expect("the webhook got JSON")
    };
    let code = payload["code"].as_str().expect("code");
    let bound = bind_phone(&app, &user, "13800138000", &sent, code).await;
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

    save_verifier(&app, &admin, &form).await;
    let edit = with(with(form, "mode", "edit"), "settings[webhook][secret]", "");
    save_verifier(&app, &admin, &edit).await;
    let body = app
        .call(&admin, "get_verifier", &[("uid", UID)])
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
        test_sms(&app, &admin, NUMBER).await.sent,
        "the kept secret still opens"
    );
}

on_both_databases!(
    an_unavailable_provider_falls_back_and_both_attempts_are_logged,
    an_invalid_number_or_a_rate_limit_never_falls_back,
    a_user_binds_through_the_fallback,
    the_fallback_is_validated_and_its_secret_kept_on_edit,
);

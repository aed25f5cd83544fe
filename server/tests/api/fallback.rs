//! A verifier's fallback provider: used only when the first provider is unavailable, with its
//! own sealed settings, and both attempts in the message log.

use reqwest::{Client, StatusCode};

use crate::{
    gateway::UID,
    helpers::{Backend, Mode, Phone, TestApp, VerifierForm, WebhookReceiver},
    on_both_databases,
};

const SECRET: &str = "whsec-fallback-secret-value";
const NUMBER: &str = "+8613800138000";

/// A sandbox verifier failing with `failure`, open to sign-in, falling back to a webhook at
/// `url` signing with `secret`.
fn sandbox_then_webhook<'a>(failure: &'a str, url: &'a str, secret: &'a str) -> VerifierForm<'a> {
    VerifierForm {
        uid: UID,
        sign_in_enabled: true,
        fallback_provider: "webhook",
        settings: vec![
            ("sandbox", vec![("fail", failure)]),
            ("webhook", vec![("url", url), ("secret", secret)]),
        ],
        ..VerifierForm::default()
    }
}

/// An app with a sandbox verifier failing with `failure` and falling back to a webhook, its
/// admin, and the webhook's receiver.
async fn app_with_fallback(backend: Backend, failure: &str) -> (TestApp, Client, WebhookReceiver) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    app.save_verifier(&admin, sandbox_then_webhook(failure, &receiver.url, SECRET))
        .await
        .expect("the verifier is saved");
    (app, admin, receiver)
}

async fn an_unavailable_provider_falls_back_and_both_attempts_are_logged(backend: Backend) {
    let (app, admin, receiver) = app_with_fallback(backend, "unavailable").await;

    let outcome = app.send_test_sms(&admin, UID, NUMBER).await;

    assert!(outcome.sent, "{outcome:?}");
    assert_eq!(outcome.provider, "HTTP webhook");
    assert_eq!(outcome.reference, "hook-123");
    assert_eq!(receiver.received.lock().expect("lock").len(), 1);
    let log = app.message_log(&admin).await;
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

        let outcome = app.send_test_sms(&admin, UID, NUMBER).await;

        assert!(!outcome.sent, "{failure}: {outcome:?}");
        assert_eq!(outcome.reference, format!("sandbox.{failure}"));
        assert!(
            receiver.received.lock().expect("lock").is_empty(),
            "{failure}"
        );
        assert_eq!(app.message_log(&admin).await.len(), 1, "{failure}");
    }
}

async fn a_user_binds_through_the_fallback(backend: Backend) {
    let (app, _admin, receiver) = app_with_fallback(backend, "unavailable").await;
    let user = app.signed_in_user("ada").await;
    let phone = Phone::china("13800138000");

    let sent = app
        .send_bind_code(&user, UID, phone)
        .await
        .expect("a code is sent");
    let payload: serde_json::Value = {
        let received = receiver.received.lock().expect("lock");
        serde_json::from_str(&received[0].1).expect("the webhook got JSON")
    };
    let code = payload["code"].as_str().expect("code");

    app.bind(&user, UID, phone, &sent, code)
        .await
        .expect("the number is bound");
}

async fn the_fallback_is_validated_and_its_secret_kept_on_edit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    let form = sandbox_then_webhook("unavailable", &receiver.url, SECRET);

    for (form, field) in [
        (
            VerifierForm {
                fallback_provider: "sandbox",
                ..form.clone()
            },
            "fallback_provider",
        ),
        (
            VerifierForm {
                fallback_provider: "pigeon",
                ..form.clone()
            },
            "fallback_provider",
        ),
        (
            sandbox_then_webhook("unavailable", "", SECRET),
            "settings.webhook.url",
        ),
    ] {
        let refused = app
            .save_verifier(&admin, form)
            .await
            .expect_err("the form is refused");
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.error.for_field(field).is_some(),
            "{field}: {:?}",
            refused.error
        );
    }

    app.save_verifier(&admin, form)
        .await
        .expect("the verifier is saved");
    let edit = VerifierForm {
        mode: Mode::Edit,
        // An empty secret keeps the stored one.
        ..sandbox_then_webhook("unavailable", &receiver.url, "")
    };
    app.save_verifier(&admin, edit)
        .await
        .expect("the edit is saved");
    let (details, body) = app.get_verifier(&admin, UID).await;
    assert!(!body.contains(SECRET), "the secret is never sent back");
    assert_eq!(details.fallback_provider, "webhook");
    assert_eq!(details.fallback_secrets_set, vec!["secret".to_owned()]);
    assert!(
        app.send_test_sms(&admin, UID, NUMBER).await.sent,
        "the kept secret still opens"
    );
}

on_both_databases!(
    an_unavailable_provider_falls_back_and_both_attempts_are_logged,
    an_invalid_number_or_a_rate_limit_never_falls_back,
    a_user_binds_through_the_fallback,
    the_fallback_is_validated_and_its_secret_kept_on_edit,
);

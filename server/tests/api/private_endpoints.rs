//! Without `allow_private_endpoints`, provider requests never go to loopback, private,
//! link-local or unspecified addresses: a literal one is refused when the verifier is saved, a
//! name that resolves to one when a message is sent.

use reqwest::StatusCode;

use crate::{
    helpers::{Backend, TestApp, VerifierForm, WebhookReceiver},
    on_both_databases,
};

async fn public_endpoints_only(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |settings| {
        settings.allow_private_endpoints = false;
    })
    .await
}

fn webhook_verifier(url: &str) -> VerifierForm<'_> {
    VerifierForm {
        uid: "v_hook",
        provider: "webhook",
        settings: vec![("webhook", vec![("url", url), ("secret", "whsec-private")])],
        ..VerifierForm::default()
    }
}

async fn a_literal_private_address_is_refused_when_saved_naming_the_field(backend: Backend) {
    let app = public_endpoints_only(backend).await;
    let admin = app.signed_in_admin().await;

    for url in [
        "http://10.0.0.7/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/",
        "https://[fd00::5]/",
    ] {
        let refused = app
            .save_verifier(&admin, webhook_verifier(url))
            .await
            .expect_err(url);

        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        let message = refused
            .error
            .for_field("settings.webhook.url")
            .unwrap_or_else(|| panic!("no error on the URL field for {url}: {refused:?}"));
        assert!(message.contains("private"), "{message}");
    }
    assert!(app.list_verifiers(&admin).await.is_empty());
}

async fn a_name_resolving_to_loopback_is_refused_when_sending(backend: Backend) {
    let app = public_endpoints_only(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    let by_name = receiver.url.replace("127.0.0.1", "localhost");
    app.save_verifier(&admin, webhook_verifier(&by_name))
        .await
        .expect("a name is checked when it is resolved, at send time");

    let outcome = app.send_test_sms(&admin, "v_hook", "+31 6 1234 5678").await;

    assert!(!outcome.sent, "{outcome:?}");
    assert_eq!(outcome.reference, "webhook.private_endpoint");
    assert!(
        receiver.received.lock().expect("lock").is_empty(),
        "nothing reached the loopback receiver"
    );
}

async fn with_private_endpoints_allowed_a_loopback_receiver_is_reached(backend: Backend) {
    // The harness allows them: the emulator and test receivers listen on 127.0.0.1.
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let receiver = WebhookReceiver::start(200).await;
    app.save_verifier(&admin, webhook_verifier(&receiver.url))
        .await
        .expect("the verifier is saved");

    let outcome = app.send_test_sms(&admin, "v_hook", "+31 6 1234 5678").await;

    assert!(outcome.sent, "{outcome:?}");
    assert_eq!(receiver.received.lock().expect("lock").len(), 1);
}

on_both_databases!(
    a_literal_private_address_is_refused_when_saved_naming_the_field,
    a_name_resolving_to_loopback_is_refused_when_sending,
    with_private_endpoints_allowed_a_loopback_receiver_is_reached,
);

//! HTTPS deployments tell browsers to stay on https; plain http to another host is warned about.

use reqwest::header::STRICT_TRANSPORT_SECURITY;

use crate::{
    helpers::{Backend, TestApp, captured_logs},
    on_both_databases,
};

async fn an_https_public_url_puts_hsts_on_every_response(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.public_url = Some("https://verify.example.com".into());
        // The tests always run the emulator; here its host is not loopback.
        settings.emulator_force = true;
    })
    .await;

    for path in ["/healthz", "/", "/no-such-page", "/api/v1/openapi.json"] {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(
            response
                .headers()
                .get(STRICT_TRANSPORT_SECURITY)
                .map(|value| value.to_str().expect("text")),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

async fn a_plain_http_public_url_sends_no_hsts(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("the server answers");

    assert!(response.headers().get(STRICT_TRANSPORT_SECURITY).is_none());
}

async fn plain_http_on_a_public_host_is_warned_about_at_start(backend: Backend) {
    let _app = TestApp::spawn_with(backend, |settings| {
        settings.public_url = Some("http://plain-http.example.net".into());
        settings.emulator_force = true;
    })
    .await;

    let warned = captured_logs()
        .lines()
        .any(|line| line.contains("WARN") && line.contains("plain-http.example.net"));

    assert!(warned, "no warning names the plain http public URL");
}

on_both_databases!(
    an_https_public_url_puts_hsts_on_every_response,
    a_plain_http_public_url_sends_no_hsts,
    plain_http_on_a_public_host_is_warned_about_at_start,
);

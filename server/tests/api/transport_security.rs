//! HTTPS deployments tell browsers to stay on https; plain http to another host is warned about.

use reqwest::header::STRICT_TRANSPORT_SECURITY;
use verigate::{Application, config::Settings};

use crate::{
    helpers::{Backend, TestApp, captured_logs},
    on_both_databases,
};

async fn an_https_public_url_puts_hsts_on_every_response(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.public_url = Some("https://verify.example.com".into());
    })
    .await;

    for path in ["/healthz", "/", "/no-such-page", "/api/v1/openapi.json"] {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(hsts(&response), Some("max-age=31536000"), "{path}");
    }
    let too_large = app
        .client
        .post(format!("{}/api/sign_in", app.address))
        .body(vec![b'a'; 100 * 1024])
        .send()
        .await
        .expect("the server answers");
    assert_eq!(too_large.status(), reqwest::StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        hsts(&too_large),
        Some("max-age=31536000"),
        "the body limit's own answer"
    );
}

fn hsts(response: &reqwest::Response) -> Option<&str> {
    response
        .headers()
        .get(STRICT_TRANSPORT_SECURITY)
        .map(|value| value.to_str().expect("text"))
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
    })
    .await;

    let warned = captured_logs()
        .lines()
        .any(|line| line.contains("WARN") && line.contains("plain-http.example.net"));

    assert!(warned, "no warning names the plain http public URL");
}

/// Refused before any database is opened: the settings alone decide.
#[tokio::test]
async fn the_emulator_refuses_to_start_for_a_public_host_unless_forced() {
    let data_dir = tempfile::tempdir().expect("temporary directory");
    let settings = Settings {
        database_url: format!("sqlite://{}/verigate.db", data_dir.path().display()),
        listen_addr: "127.0.0.1:0".parse().expect("address"),
        data_dir: data_dir.path().to_owned(),
        public_url: Some("https://verify.example.com".into()),
        emulator: true,
        emulator_addr: "127.0.0.1:0".parse().expect("address"),
        ..Settings::default()
    };

    let refused = match Application::build(&settings).await {
        Ok(_) => panic!("the emulator started for a public host"),
        Err(error) => format!("{error:#}"),
    };

    assert!(refused.contains("VERIGATE_EMULATOR_FORCE"), "{refused}");
    assert!(refused.contains("verify.example.com"), "{refused}");
}

on_both_databases!(
    an_https_public_url_puts_hsts_on_every_response,
    a_plain_http_public_url_sends_no_hsts,
    plain_http_on_a_public_host_is_warned_about_at_start,
);

use reqwest::StatusCode;

use crate::{
    helpers::{Backend, TestApp},
    on_both_databases,
};

async fn health_is_ok_while_the_database_answers_and_503_when_it_does_not(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let url = format!("{}/healthz", app.address);

    let up = app.client.get(&url).send().await.expect("answer");
    assert_eq!(up.status(), StatusCode::OK);

    app.db.pool.close().await;
    let down = app.client.get(&url).send().await.expect("answer");
    assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
}

async fn pages_carry_security_headers_and_unknown_paths_are_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let page = app
        .client
        .get(format!("{}/sign-in", app.address))
        .send()
        .await
        .expect("answer");
    assert_eq!(page.status(), StatusCode::OK);
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(
            page.headers().get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name}"
        );
    }

    let missing = app
        .client
        .get(format!("{}/no/such/page", app.address))
        .send()
        .await
        .expect("answer");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

on_both_databases!(
    health_is_ok_while_the_database_answers_and_503_when_it_does_not,
    pages_carry_security_headers_and_unknown_paths_are_404,
);

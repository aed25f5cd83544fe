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
    let get = |path: &'static str| app.client.get(format!("{}{path}", app.address)).send();
    let header = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };

    let page = get("/sign-in").await.expect("answer");
    assert_eq!(page.status(), StatusCode::OK);
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(header(&page, name).as_deref(), Some(value), "{name}");
    }

    let missing = get("/no/such/page").await.expect("answer");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // The bundle keeps its own caching: revalidated, not barred from the cache like pages.
    let bundle = get("/pkg/none.wasm").await.expect("answer");
    assert_eq!(
        header(&bundle, "cache-control").as_deref(),
        Some("no-cache")
    );
}

async fn pages_answer_only_to_the_servers_own_host_names(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let port = app.address.rsplit(':').next().expect("a port").to_owned();
    let page = |host: String, path: &'static str| {
        app.client
            .get(format!("{}{path}", app.address))
            .header("host", host)
            .send()
    };

    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let answer = page(host.clone(), "/sign-in").await.expect("answer");
        assert_eq!(answer.status(), StatusCode::OK, "{host}");
    }
    // A page on another site whose DNS name now points here.
    let rebound = page(format!("rebound.evil.example:{port}"), "/sign-in")
        .await
        .expect("answer");
    assert_eq!(rebound.status(), StatusCode::MISDIRECTED_REQUEST);
    let explained = rebound.text().await.expect("a body");
    assert!(explained.contains("VERIGATE_PUBLIC_URL"), "{explained}");
    let refused_post = app
        .client
        .post(format!("{}/api/setup_status", app.address))
        .header("host", format!("rebound.evil.example:{port}"))
        .header("origin", format!("http://rebound.evil.example:{port}"))
        .send()
        .await
        .expect("answer");
    assert_eq!(refused_post.status(), StatusCode::MISDIRECTED_REQUEST);
    // Load balancers probe by address.
    let health = page("10.1.2.3".into(), "/healthz").await.expect("answer");
    assert_eq!(health.status(), StatusCode::OK);
}

on_both_databases!(
    pages_answer_only_to_the_servers_own_host_names,
    health_is_ok_while_the_database_answers_and_503_when_it_does_not,
    pages_carry_security_headers_and_unknown_paths_are_404,
);

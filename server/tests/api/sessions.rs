use std::time::Duration;

use reqwest::{StatusCode, header};

use crate::{
    helpers::{Backend, NO_ARGUMENTS, PASSWORD, TestApp},
    on_both_databases,
};

const MINUTE: Duration = Duration::from_secs(60);

/// The `name=value` part and the attributes of the session cookie a response sets.
fn session_cookie(response: &reqwest::Response) -> (String, String) {
    let set_cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.contains("verigate_session="))
        .expect("a session cookie is set")
        .to_owned();
    let (pair, attributes) = set_cookie.split_once(';').unwrap_or((&set_cookie, ""));
    (pair.to_owned(), attributes.to_owned())
}

async fn a_session_ends_after_thirty_idle_minutes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.signed_in_user("ada").await;

    app.advance(29 * MINUTE);
    assert!(
        app.whoami(&browser).await.is_some(),
        "still signed in after 29 idle minutes"
    );
    app.advance(31 * MINUTE);

    assert!(
        app.whoami(&browser).await.is_none(),
        "signed out after 31 idle minutes"
    );
}

async fn an_active_session_still_ends_twelve_hours_after_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.signed_in_user("ada").await;

    for _ in 0..(12 * 6) {
        assert!(
            app.whoami(&browser).await.is_some(),
            "active sessions live up to 12 hours"
        );
        app.advance(10 * MINUTE);
    }
    app.advance(MINUTE);

    assert!(
        app.whoami(&browser).await.is_none(),
        "signed out 12 h 1 min after sign-in"
    );
}

async fn a_signed_out_cookie_cannot_be_replayed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.new_browser();
    let (cookie, _) = session_cookie(&app.sign_up(&browser, "ada").await);

    let response = app.call(&browser, "sign_out", NO_ARGUMENTS).await;
    assert!(response.status().is_success() || response.status().is_redirection());

    let replay = app
        .client
        .post(format!("{}/api/whoami", app.address))
        .header("Origin", &app.address)
        .header(header::COOKIE, cookie)
        .send()
        .await
        .expect("answer");
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(replay.text().await.expect("body"), "null");
}

async fn signing_in_issues_a_new_session_id_each_time(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.new_browser();
    let (first, _) = session_cookie(&app.sign_up(&browser, "ada").await);

    let (second, _) = session_cookie(&app.sign_in(&browser, "ada", PASSWORD).await);

    assert_ne!(first, second);
    assert_eq!(
        second.len(),
        "verigate_session=".len() + 32,
        "128 random bits, hex"
    );
    let stored: i64 = sqlx::query_scalar("select count(*) from session")
        .fetch_one(&app.db.pool)
        .await
        .expect("count sessions");
    assert_eq!(stored, 1, "the previous session was ended");
}

async fn the_session_cookie_is_http_only_and_same_site_lax(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let (_, attributes) = session_cookie(&app.sign_up(&app.new_browser(), "ada").await);

    assert!(attributes.contains("HttpOnly"), "{attributes}");
    assert!(attributes.contains("SameSite=Lax"), "{attributes}");
    assert!(attributes.contains("Path=/"), "{attributes}");
    assert!(!attributes.contains("Secure"), "plain http: {attributes}");
}

async fn over_https_the_cookie_is_secure_and_host_prefixed(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.public_url = Some("https://verify.example.com".into());
    })
    .await;

    let response = app
        .new_browser()
        .post(format!("{}/api/sign_up", app.address))
        .header("Origin", "https://verify.example.com")
        .form(&[
            ("username", "ada"),
            ("password", PASSWORD),
            ("password_confirmation", PASSWORD),
        ])
        .send()
        .await
        .expect("answer");

    let set_cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a cookie")
        .to_owned();
    assert!(
        set_cookie.starts_with("__Host-verigate_session="),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("; Secure"), "{set_cookie}");
}

async fn sessions_are_stored_only_as_hashes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (cookie, _) = session_cookie(&app.sign_up(&app.new_browser(), "ada").await);
    let token = cookie
        .split_once('=')
        .map(|(_, v)| v.to_owned())
        .expect("value");

    let hashes: Vec<String> = sqlx::query_scalar("select token_hash from session")
        .fetch_all(&app.db.pool)
        .await
        .expect("sessions");

    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0], token);
    assert!(!hashes[0].contains(&token));
}

on_both_databases!(
    a_session_ends_after_thirty_idle_minutes,
    an_active_session_still_ends_twelve_hours_after_sign_in,
    a_signed_out_cookie_cannot_be_replayed,
    signing_in_issues_a_new_session_id_each_time,
    the_session_cookie_is_http_only_and_same_site_lax,
    over_https_the_cookie_is_secure_and_host_prefixed,
    sessions_are_stored_only_as_hashes,
);

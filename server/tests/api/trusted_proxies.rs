//! Behind a reverse proxy: the client address the per-client limits key on comes from
//! `X-Forwarded-For` / `Forwarded` only when the peer is a trusted proxy.

use reqwest::{
    Client, StatusCode,
    header::{HeaderMap, HeaderName, HeaderValue},
};

use crate::{
    helpers::{Backend, PASSWORD, TestApp},
    on_both_databases,
};

const WRONG: &str = "not the password";
/// The reverse proxy of these tests; every other loopback address is a client on its own.
const PROXY: &str = "127.0.0.9";

async fn app_behind_the_proxy(backend: Backend) -> TestApp {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.trusted_proxies = format!("{PROXY}/32, 10.0.0.0/8");
    })
    .await;
    app.signed_in_user("ada").await;
    app
}

/// A browser whose requests come from `peer` with the forwarding `header` set to `value`.
fn browser(peer: &str, header: &'static str, value: &'static str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        HeaderName::from_static(header),
        HeaderValue::from_static(value),
    );
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(peer.parse::<std::net::IpAddr>().expect("an IP address"))
        .default_headers(headers)
        .build()
        .expect("HTTP client")
}

impl TestApp {
    /// The client addresses wrong passwords were recorded under.
    async fn failing_clients(&self) -> Vec<String> {
        sqlx::query_scalar(
            "select client from sign_in_failure where outcome = 'wrong_password' order by client",
        )
        .fetch_all(&self.db.pool)
        .await
        .expect("the sign-in failures")
    }

    async fn fail_five_times(&self, browser: &Client) {
        for _ in 0..5 {
            let status = self.sign_in(browser, "ada", WRONG).await.status();
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
    }
}

async fn a_forwarded_address_from_an_untrusted_peer_is_ignored(backend: Backend) {
    let app = app_behind_the_proxy(backend).await;
    let spoofing = browser("127.0.0.1", "x-forwarded-for", "198.51.100.7");
    let spoofing_rfc = browser("127.0.0.1", "forwarded", "for=198.51.100.8");

    app.fail_five_times(&spoofing).await;
    let locked = app.sign_in(&spoofing_rfc, "ada", PASSWORD).await;

    assert_eq!(
        locked.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the peer's own address is locked, whatever either header claims"
    );
    assert_eq!(app.failing_clients().await, vec!["127.0.0.1"; 5]);
}

async fn through_a_trusted_proxy_the_forwarded_client_is_locked_not_the_proxy(backend: Backend) {
    let app = app_behind_the_proxy(backend).await;
    // The client invented the first entry; the proxy appended what it saw.
    let attacker = browser(PROXY, "x-forwarded-for", "127.0.0.1, 203.0.113.5");
    let ada = browser(PROXY, "x-forwarded-for", "203.0.113.6");

    app.fail_five_times(&attacker).await;
    let attacker_again = app.sign_in(&attacker, "ada", PASSWORD).await;
    let ada_signs_in = app.sign_in(&ada, "ada", PASSWORD).await;

    assert_eq!(attacker_again.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        ada_signs_in.status().is_success(),
        "another client behind the same proxy is not locked: {}",
        ada_signs_in.status()
    );
    assert_eq!(app.failing_clients().await, vec!["203.0.113.5"; 5]);
}

async fn an_rfc_7239_forwarded_ipv6_client_through_trusted_hops_is_the_key(backend: Backend) {
    let app = app_behind_the_proxy(backend).await;
    let behind_two_proxies = browser(
        PROXY,
        "forwarded",
        r#"for="[2001:db8::5]:4711";proto=https, for=10.1.2.3"#,
    );

    let status = app
        .sign_in(&behind_two_proxies, "ada", WRONG)
        .await
        .status();

    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.failing_clients().await, vec!["2001:db8::5"]);
}

on_both_databases!(
    a_forwarded_address_from_an_untrusted_peer_is_ignored,
    through_a_trusted_proxy_the_forwarded_client_is_locked_not_the_proxy,
    an_rfc_7239_forwarded_ipv6_client_through_trusted_hops_is_the_key,
);

//! What every HTTP provider shares: one client with the gateway timeouts, the injected clock
//! (so signatures are computed on the same time the tests and the emulator use), and the
//! mapping of transport failures.

use std::{borrow::Cow, sync::Arc, time::Duration};

use anyhow::Context;
use app::i18n::{I18nLocaleTrait as _, Locale};
use serde_json::{Map, Value};

use super::{
    ProviderError, ProviderErrorKind,
    destination::{Destinations, PrivateEndpoint, PublicOnly, refuse_private_literal},
};
use crate::clock::Clock;

/// Connect timeout for every gateway (shortened to the total timeout when that is shorter).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Total timeout for one request to a gateway, unless configured otherwise.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client and clock the providers use.
#[derive(Clone)]
pub struct Http {
    /// Private: every request goes through [`Http::post`], which checks its destination.
    client: reqwest::Client,
    pub clock: Arc<dyn Clock>,
    destinations: Destinations,
}

impl Http {
    /// A client with the standard timeouts, sending only to `destinations`.
    pub fn new(clock: Arc<dyn Clock>, destinations: Destinations) -> anyhow::Result<Self> {
        Self::with_timeout(clock, TOTAL_TIMEOUT, destinations)
    }

    /// A client that gives up on a request after `total`, and on connecting after
    /// [`CONNECT_TIMEOUT`] or `total` if that is shorter.
    ///
    /// Fails rather than fall back to a client without timeouts: a gateway that never answers
    /// would then hold a user's request for ever.
    pub fn with_timeout(
        clock: Arc<dyn Clock>,
        total: Duration,
        destinations: Destinations,
    ) -> anyhow::Result<Self> {
        anyhow::ensure!(
            !total.is_zero(),
            "the gateway timeout must be longer than zero"
        );
        let mut builder = reqwest::Client::builder()
            .connect_timeout(connect_timeout(total))
            .timeout(total)
            // A gateway answers; it never sends us elsewhere. Following a redirect would carry
            // the request, its signature and its code to a host nobody configured.
            .redirect(reqwest::redirect::Policy::none());
        if destinations == Destinations::PublicOnly {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        let client = builder
            .build()
            .context("could not build the HTTP client for the SMS gateways")?;
        Ok(Self {
            client,
            clock,
            destinations,
        })
    }

    /// Where this client may send.
    pub fn destinations(&self) -> Destinations {
        self.destinations
    }

    /// A POST to `url` for `provider`, refused when the URL's host is a private address this
    /// client may not reach (names are checked when they are resolved, see [`PublicOnly`]).
    pub fn post(
        &self,
        provider: &str,
        url: reqwest::Url,
    ) -> Result<reqwest::RequestBuilder, ProviderError> {
        if self.destinations == Destinations::PublicOnly {
            refuse_private_literal(&url).map_err(|refused| private_endpoint(provider, &refused))?;
        }
        Ok(self.client.post(url))
    }

    /// Seconds since the Unix epoch on the injected clock.
    pub fn now_secs(&self) -> i64 {
        self.clock.now_ms().div_euclid(1000)
    }
}

/// The connect timeout that goes with a total timeout: connecting may not outlast the request.
fn connect_timeout(total: Duration) -> Duration {
    CONNECT_TIMEOUT.min(total)
}

/// A text setting, empty when absent.
pub fn setting<'a>(settings: &'a Map<String, Value>, key: &str) -> &'a str {
    settings
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The settings as a message in `locale` sees them: when `by_language` lists a value for its
/// language (`zh=SMS_1, nl=SMS_2`), that value stands in for `key`. Vendors approve one template
/// per language, so a verifier names the one for each language it writes in.
pub fn for_language<'a>(
    settings: &'a Map<String, Value>,
    key: &str,
    by_language: &str,
    locale: Locale,
) -> Cow<'a, Map<String, Value>> {
    let chosen = setting(settings, by_language)
        .split(',')
        .filter_map(|entry| entry.split_once('='))
        .find(|(tag, _)| tag.trim().eq_ignore_ascii_case(locale.as_str()))
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty());
    match chosen {
        Some(value) => {
            let mut localized = settings.clone();
            localized.insert(key.to_owned(), Value::from(value));
            Cow::Owned(localized)
        }
        None => Cow::Borrowed(settings),
    }
}

/// Sends `request` for `provider` and reads the whole answer: its status and body. A request
/// that got no answer, or whose body broke off, is a [`transport_error`].
pub async fn exchange(
    provider: &str,
    request: reqwest::RequestBuilder,
) -> Result<(u16, String), ProviderError> {
    let response = request
        .send()
        .await
        .map_err(|error| transport_error(provider, error))?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|error| transport_error(provider, error))?;
    Ok((status, body))
}

/// A request that never got an answer: the gateway is unavailable. `provider` prefixes the
/// code shown in the message log (`aliyun.timeout`, `tencent.connection`, …). The message leaves
/// the URL out: Aliyun's carries the number and the code in its query, and the message goes to
/// the log.
pub fn transport_error(provider: &str, error: reqwest::Error) -> ProviderError {
    if let Some(refused) = private_endpoint_in(&error) {
        return private_endpoint(provider, refused);
    }
    let what = if error.is_timeout() {
        "timeout"
    } else {
        "connection"
    };
    ProviderError::new(
        ProviderErrorKind::Unavailable,
        format!("{provider}.{what}"),
        error_chain(&error.without_url()),
    )
}

/// A private endpoint is the administrator's setting, not an outage: `Rejected`, so the message
/// log and the test SMS name it instead of trying the fallback as if the gateway were down.
fn private_endpoint(provider: &str, refused: &PrivateEndpoint) -> ProviderError {
    ProviderError::new(
        ProviderErrorKind::Rejected,
        format!("{provider}.private_endpoint"),
        refused.to_string(),
    )
}

/// The resolver's refusal, somewhere in the causes of a transport error.
fn private_endpoint_in(error: &reqwest::Error) -> Option<&PrivateEndpoint> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(refused) = current.downcast_ref::<PrivateEndpoint>() {
            return Some(refused);
        }
        cause = current.source();
    }
    None
}

/// An error and its causes, one after another.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;

    /// These tests talk to listeners on 127.0.0.1.
    const ANY: Destinations = Destinations::AnyIncludingPrivate;

    #[test]
    fn connecting_may_take_3_s_or_the_whole_timeout_if_that_is_shorter() {
        assert_eq!(connect_timeout(TOTAL_TIMEOUT), Duration::from_secs(3));
        assert_eq!(
            connect_timeout(Duration::from_millis(300)),
            Duration::from_millis(300)
        );
    }

    #[test]
    fn a_client_without_a_timeout_is_refused_with_a_reason() {
        let refused = Http::with_timeout(Arc::new(SystemClock), Duration::ZERO, ANY)
            .err()
            .expect("a zero timeout is refused");

        assert!(refused.to_string().contains("gateway timeout"), "{refused}");
    }

    #[test]
    fn the_standard_client_builds() {
        assert!(Http::new(Arc::new(SystemClock), ANY).is_ok());
    }

    /// A refused connection to an Aliyun-style URL, whose query holds the number and the code.
    async fn refused_request_error() -> reqwest::Error {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("its address").port();
        drop(listener);
        let http = Http::new(Arc::new(SystemClock), ANY).expect("client");
        http.client
            .post(format!(
                "http://127.0.0.1:{port}/?PhoneNumbers=%2B8613800138000&TemplateParam=%7B%22code%22%3A%22482913%22%7D"
            ))
            .send()
            .await
            .expect_err("nothing listens there")
    }

    #[tokio::test]
    async fn a_transport_failure_names_neither_the_number_nor_the_code() {
        let failure = transport_error("aliyun", refused_request_error().await);

        assert_eq!(failure.code, "aliyun.connection");
        assert_eq!(failure.kind, ProviderErrorKind::Unavailable);
        for secret in ["482913", "8613800138000", "PhoneNumbers", "TemplateParam"] {
            assert!(!failure.message.contains(secret), "{}", failure.message);
        }
        assert!(!failure.message.is_empty());
    }

    #[tokio::test]
    async fn redirects_are_not_followed() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let address = listener.local_addr().expect("its address");
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.expect("a connection");
            let mut request = [0u8; 1024];
            let _ = stream.read(&mut request).await;
            let _ = stream
                .write_all(
                    b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.2:9/elsewhere\r\n\
                      Content-Length: 0\r\n\r\n",
                )
                .await;
        });
        let http = Http::new(Arc::new(SystemClock), ANY).expect("client");

        let answer = http
            .client
            .post(format!("http://{address}/"))
            .send()
            .await
            .expect("the gateway's own answer");

        assert_eq!(answer.status(), reqwest::StatusCode::TEMPORARY_REDIRECT);
    }

    #[tokio::test]
    async fn a_public_only_client_refuses_private_hosts_literal_or_resolved() {
        let http = Http::new(Arc::new(SystemClock), Destinations::PublicOnly).expect("client");
        let url = |text: &str| reqwest::Url::parse(text).expect("a URL");

        let literal = http
            .post("webhook", url("http://10.0.0.7/hook"))
            .expect_err("a literal private address is refused before sending");
        let resolved = transport_error(
            "twilio",
            http.post("twilio", url("http://localhost:9/"))
                .expect("names are checked when resolved")
                .send()
                .await
                .expect_err("localhost resolves to loopback"),
        );

        for (refused, code) in [
            (literal, "webhook.private_endpoint"),
            (resolved, "twilio.private_endpoint"),
        ] {
            assert_eq!(refused.code, code);
            assert_eq!(refused.kind, ProviderErrorKind::Rejected);
            assert!(
                refused.message.contains("allow_private_endpoints"),
                "{}",
                refused.message
            );
        }
    }
}

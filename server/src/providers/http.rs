//! What every HTTP provider shares: one client with the gateway timeouts, the injected clock
//! (so signatures are computed on the same time the tests and the emulator use), and the
//! mapping of transport failures.

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use serde_json::{Map, Value};

use super::{ProviderError, ProviderErrorKind};
use crate::clock::Clock;

/// Connect timeout for every gateway (shortened to the total timeout when that is shorter).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Total timeout for one request to a gateway, unless configured otherwise.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client and clock the providers use.
#[derive(Clone)]
pub struct Http {
    pub client: reqwest::Client,
    pub clock: Arc<dyn Clock>,
}

impl Http {
    /// A client with the standard timeouts.
    pub fn new(clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Self::with_timeout(clock, TOTAL_TIMEOUT)
    }

    /// A client that gives up on a request after `total`, and on connecting after
    /// [`CONNECT_TIMEOUT`] or `total` if that is shorter.
    ///
    /// Fails rather than fall back to a client without timeouts: a gateway that never answers
    /// would then hold a user's request for ever.
    pub fn with_timeout(clock: Arc<dyn Clock>, total: Duration) -> anyhow::Result<Self> {
        anyhow::ensure!(
            !total.is_zero(),
            "the gateway timeout must be longer than zero"
        );
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout(total))
            .timeout(total)
            // A gateway answers; it never sends us elsewhere. Following a redirect would carry
            // the request, its signature and its code to a host nobody configured.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("could not build the HTTP client for the SMS gateways")?;
        Ok(Self { client, clock })
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

/// A request that never got an answer: the gateway is unavailable. `provider` prefixes the
/// code shown in the message log (`aliyun.timeout`, `tencent.connection`, …). The message leaves
/// the URL out: Aliyun's carries the number and the code in its query, and the message goes to
/// the log.
pub fn transport_error(provider: &str, error: reqwest::Error) -> ProviderError {
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
        let refused = Http::with_timeout(Arc::new(SystemClock), Duration::ZERO)
            .err()
            .expect("a zero timeout is refused");

        assert!(refused.to_string().contains("gateway timeout"), "{refused}");
    }

    #[test]
    fn the_standard_client_builds() {
        assert!(Http::new(Arc::new(SystemClock)).is_ok());
    }

    /// A refused connection to an Aliyun-style URL, whose query holds the number and the code.
    async fn refused_request_error() -> reqwest::Error {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("its address").port();
        drop(listener);
        let http = Http::new(Arc::new(SystemClock)).expect("client");
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
        let http = Http::new(Arc::new(SystemClock)).expect("client");

        let answer = http
            .client
            .post(format!("http://{address}/"))
            .send()
            .await
            .expect("the gateway's own answer");

        assert_eq!(answer.status(), reqwest::StatusCode::TEMPORARY_REDIRECT);
    }
}

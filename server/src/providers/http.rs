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
/// code shown in the message log (`aliyun.timeout`, `tencent.connection`, …).
pub fn transport_error(provider: &str, error: &reqwest::Error) -> ProviderError {
    let what = if error.is_timeout() {
        "timeout"
    } else {
        "connection"
    };
    ProviderError::new(
        ProviderErrorKind::Unavailable,
        format!("{provider}.{what}"),
        error.to_string(),
    )
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
}

//! What every HTTP provider shares: one client with the gateway timeouts, the injected clock
//! (so signatures are computed on the same time the tests and the emulator use), and the
//! mapping of transport failures.

use std::{sync::Arc, time::Duration};

use serde_json::{Map, Value};

use super::{ProviderError, ProviderErrorKind};
use crate::clock::Clock;

/// Connect timeout for every gateway.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Total timeout for one request to a gateway.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client and clock the providers use.
#[derive(Clone)]
pub struct Http {
    pub client: reqwest::Client,
    pub clock: Arc<dyn Clock>,
}

impl Http {
    /// A client with the standard timeouts.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self::with_timeouts(clock, CONNECT_TIMEOUT, TOTAL_TIMEOUT)
    }

    /// A client with other timeouts (tests use a short total timeout).
    pub fn with_timeouts(clock: Arc<dyn Clock>, connect: Duration, total: Duration) -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(connect)
            .timeout(total)
            .build()
            .unwrap_or_default();
        Self { client, clock }
    }

    /// Seconds since the Unix epoch on the injected clock.
    pub fn now_secs(&self) -> i64 {
        self.clock.now_ms().div_euclid(1000)
    }
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

//! The sandbox: sends nothing; the message log keeps the text, so people and tests can read the
//! code without a phone. It can simulate every failure kind (setting `fail`, or the server
//! setting `sandbox_fail` for all sandbox verifiers).

use async_trait::async_trait;
use serde_json::Value;

use super::{
    Outgoing, ProviderError, ProviderErrorKind, ProviderSpec, Receipt, Sent, SettingSpec, Settings,
    SmsProvider,
};

const FAILURES: &[&str] = &[
    "none",
    "invalid_number",
    "rate_limited",
    "rejected",
    "unavailable",
];

pub struct Sandbox {
    forced_failure: Option<String>,
}

impl Sandbox {
    /// A sandbox whose every send fails with `forced_failure` (a kind of [`FAILURES`]), if given.
    pub fn new(forced_failure: Option<&str>) -> anyhow::Result<Self> {
        let forced_failure = forced_failure.filter(|kind| !kind.is_empty());
        if let Some(kind) = forced_failure {
            anyhow::ensure!(
                FAILURES.contains(&kind),
                "sandbox_fail must be one of {}, not {kind:?}",
                FAILURES.join(", ")
            );
        }
        Ok(Self {
            forced_failure: forced_failure.map(str::to_owned),
        })
    }
}

const SPEC: ProviderSpec = ProviderSpec {
    kind: "sandbox",
    title: "Sandbox (no real SMS)",
    settings: &[SettingSpec::select(
        "fail",
        "Simulate a failure",
        FAILURES,
        "Answer every send with this error instead of delivering, to try the error paths.",
    )],
};

#[async_trait]
impl SmsProvider for Sandbox {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    async fn send(&self, settings: &Settings, _message: &Outgoing<'_>) -> Sent {
        let failure = self
            .forced_failure
            .as_deref()
            .or_else(|| settings.get("fail").and_then(Value::as_str))
            .unwrap_or("none");
        let kind = match failure {
            "invalid_number" => ProviderErrorKind::InvalidNumber,
            "rate_limited" => ProviderErrorKind::RateLimited,
            "rejected" => ProviderErrorKind::Rejected,
            "unavailable" => ProviderErrorKind::Unavailable,
            _ => {
                return Ok(Receipt {
                    request_id: format!(
                        "sandbox-{}",
                        crate::random::random_hex(8).unwrap_or_default()
                    ),
                    keep_text: true,
                });
            }
        };
        Err(ProviderError::new(
            kind,
            format!("sandbox.{failure}"),
            format!("simulated failure ({failure}) set on the sandbox provider"),
        ))
    }
}

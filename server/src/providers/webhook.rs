//! HTTP webhook: POSTs each message as JSON to a URL the administrator chooses, signed so the
//! receiver can prove it came from this server. This is how any other gateway is reached
//! without writing Rust.
//!
//! The request carries `X-Verigate-Timestamp` (Unix seconds) and
//! `X-Verigate-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Receivers should
//! recompute it over the raw body, compare in constant time, and refuse timestamps more than five
//! minutes old. Answers: 2xx sent (an optional JSON `id` becomes the request id), 422 invalid
//! number, 429 rate limited, other 4xx rejected, 5xx or no answer unavailable.

use async_trait::async_trait;
use hmac::Mac;
use serde_json::{Value, json};

use super::{
    Outgoing, ProviderError, ProviderErrorKind, ProviderSpec, Receipt, Sent, SettingSpec, Settings,
    SmsProvider,
    http::{Http, setting, transport_error},
};

pub const TIMESTAMP_HEADER: &str = "x-verigate-timestamp";
pub const SIGNATURE_HEADER: &str = "x-verigate-signature";

pub struct Webhook {
    http: Http,
}

impl Webhook {
    pub fn new(http: Http) -> Self {
        Self { http }
    }
}

/// `v1=<hex>` over `"<timestamp>.<body>"`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = crate::mac::hmac_sha256(secret.as_bytes());
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1={}", hex::encode(mac.finalize().into_bytes()))
}

const SPEC: ProviderSpec = ProviderSpec {
    kind: "webhook",
    title: "HTTP webhook",
    settings: &[
        SettingSpec::required(
            "url",
            "URL",
            "Receives a signed JSON POST per message: {to, code, verifier, scene, message}.",
        ),
        SettingSpec::secret(
            "secret",
            "Signing secret",
            "Signs each request (X-Verigate-Signature: HMAC-SHA256 of \"timestamp.body\").",
        ),
    ],
};

#[async_trait]
impl SmsProvider for Webhook {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    async fn send(&self, settings: &Settings, message: &Outgoing<'_>) -> Sent {
        let setting = |key: &str| setting(settings, key);
        let rejected =
            |code: &str, text: String| ProviderError::new(ProviderErrorKind::Rejected, code, text);
        let url = reqwest::Url::parse(setting("url"))
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| {
                rejected(
                    "webhook.bad_url",
                    "the webhook URL is not an http(s) URL".into(),
                )
            })?;
        let body = serde_json::to_vec(&json!({
            "to": message.to,
            "code": message.code.expose(),
            "verifier": message.verifier_uid,
            "scene": message.scene,
            "message": message.text,
        }))
        .map_err(|error| rejected("webhook.encoding", error.to_string()))?;
        let timestamp = self.http.now_secs();
        let response = self
            .http
            .post("webhook", url)?
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(
                SIGNATURE_HEADER,
                signature(setting("secret"), timestamp, &body),
            )
            .body(body)
            .send()
            .await
            .map_err(|error| transport_error("webhook", error))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let kind = match status.as_u16() {
            200..=299 => {
                let id = serde_json::from_str::<Value>(&text)
                    .ok()
                    .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
                    .unwrap_or_else(|| format!("webhook-{}", status.as_u16()));
                return Ok(Receipt {
                    request_id: id,
                    keep_text: false,
                });
            }
            422 => ProviderErrorKind::InvalidNumber,
            429 => ProviderErrorKind::RateLimited,
            400..=499 => ProviderErrorKind::Rejected,
            _ => ProviderErrorKind::Unavailable,
        };
        let excerpt: String = text.chars().take(200).collect();
        Err(ProviderError::new(
            kind,
            format!("http.{}", status.as_u16()),
            excerpt,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::signature;

    #[test]
    fn the_signature_covers_timestamp_and_body() {
        let a = signature("secret", 1_700_000_000, b"{}");
        assert!(a.starts_with("v1=") && a.len() == 3 + 64);
        assert_ne!(a, signature("secret", 1_700_000_001, b"{}"));
        assert_ne!(a, signature("secret", 1_700_000_000, b"{ }"));
        assert_ne!(a, signature("other", 1_700_000_000, b"{}"));
    }
}

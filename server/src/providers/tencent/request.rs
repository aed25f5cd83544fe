//! The SendSms request exactly as the official SDKs build it: `POST /` with a compact JSON body
//! serialised once, the `X-TC-*` headers, and a TC3 signature over `content-type;host`.

use reqwest::Url;
use serde_json::{Map, Value, json};

use super::sign::{self, Credentials, Signed};
use crate::providers::{
    ProviderError, ProviderErrorKind,
    endpoint::{base_url, host_header},
    http::setting,
};

pub const ACTION: &str = "SendSms";
pub const VERSION: &str = "2021-01-11";
pub const DEFAULT_REGION: &str = "ap-guangzhou";
pub const DEFAULT_ENDPOINT: &str = "https://sms.tencentcloudapi.com";
/// The credential-scope service, as the Go and Python SDKs name it.
pub const SERVICE: &str = "sms";
/// Exactly what is signed; a `; charset=…` suffix would have to be signed too.
pub const CONTENT_TYPE: &str = "application/json";

/// A signed request, ready to send.
#[derive(Debug, Clone)]
pub struct SignedRequest {
    pub url: Url,
    /// The `Host` reqwest will send (and that was signed); not among `headers`, since reqwest
    /// adds it itself.
    pub host: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Builds and signs a SendSms of `code` to `to` with the verifier's `settings` at `timestamp`
/// (Unix seconds).
pub fn build(
    settings: &Map<String, Value>,
    to: &str,
    code: &str,
    timestamp: i64,
) -> Result<SignedRequest, ProviderError> {
    let setting = |key: &str| setting(settings, key).trim();
    let rejected =
        |code: &str, text: &str| ProviderError::new(ProviderErrorKind::Rejected, code, text);
    let url = base_url(setting("endpoint"), DEFAULT_ENDPOINT).ok_or_else(|| {
        rejected(
            "tencent.bad_endpoint",
            "the endpoint is not a host name or an http(s) URL",
        )
    })?;
    let url = url
        .join("/")
        .map_err(|_| rejected("tencent.bad_endpoint", "the endpoint has no root path"))?;
    let region = match setting("region") {
        "" => DEFAULT_REGION,
        region => region,
    };
    // The template's {1} is the code.
    let body = serde_json::to_vec(&json!({
        "PhoneNumberSet": [to],
        "SmsSdkAppId": setting("sdk_app_id"),
        "SignName": setting("sign_name"),
        "TemplateId": setting("template_id"),
        "TemplateParamSet": [code],
    }))
    .map_err(|error| rejected("tencent.encoding", &error.to_string()))?;
    let host = host_header(&url);
    let payload_hash = sign::hash_payload(&body);
    let authorization = sign::authorize(
        &Credentials {
            secret_id: setting("secret_id"),
            secret_key: setting("secret_key"),
        },
        SERVICE,
        timestamp,
        &Signed {
            method: "POST",
            path: "/",
            query: "",
            headers: &[("content-type", CONTENT_TYPE), ("host", &host)],
            payload_hash: &payload_hash,
        },
    )
    .ok_or_else(|| {
        rejected(
            "tencent.clock",
            "the clock is outside the representable range",
        )
    })?;
    Ok(SignedRequest {
        url,
        host,
        headers: vec![
            ("content-type", CONTENT_TYPE.to_owned()),
            ("x-tc-action", ACTION.to_owned()),
            ("x-tc-version", VERSION.to_owned()),
            ("x-tc-timestamp", timestamp.to_string()),
            ("x-tc-region", region.to_owned()),
            ("authorization", authorization),
        ],
        body,
    })
}

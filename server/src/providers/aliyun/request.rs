//! The SendSms request, built like the official SDK builds it: `POST /?<parameters>` with an
//! empty body, signed V3 (headers) or V2 (query). Pure, so the request `send` makes can be
//! checked against the emulator without a network.

use serde_json::{Map, Value};

use super::sign::{self, V3Request};
use crate::providers::{
    ProviderError, ProviderErrorKind,
    endpoint::{base_url, host_header},
    http::setting,
    percent,
};

pub const DEFAULT_ENDPOINT: &str = "https://dysmsapi.aliyuncs.com";
pub const ACTION: &str = "SendSms";
pub const VERSION: &str = "2017-05-25";

/// Which signature a verifier uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVersion {
    /// `ACS3-HMAC-SHA256` in `Authorization`: the SDK's default.
    V3,
    /// HMAC-SHA1 in the `Signature` parameter: deprecated, still accepted.
    V2,
}

/// A verifier's Aliyun settings, checked. `Debug` leaves the secret out.
#[derive(Clone)]
pub struct Config {
    pub access_key_id: String,
    pub access_key_secret: String,
    /// `scheme://host[:port]/`: the SDK always calls `/`.
    pub endpoint: reqwest::Url,
    pub sign_name: String,
    pub template_code: String,
    /// The template variable the code fills (`${code}` by default).
    pub template_param_name: String,
    pub signature_version: SignatureVersion,
}

impl Config {
    pub fn from_settings(settings: &Map<String, Value>) -> Result<Self, ProviderError> {
        let text = |key: &str| setting(settings, key).trim().to_owned();
        let required = |key: &str, label: &str| {
            let value = text(key);
            match value.is_empty() {
                true => Err(misconfigured(format!("the {label} is not set"))),
                false => Ok(value),
            }
        };
        let template_param_name = match text("template_param_name") {
            name if name.is_empty() => "code".to_owned(),
            name => name,
        };
        let signature_version = match text("signature_version").as_str() {
            "" | "v3" => SignatureVersion::V3,
            "v2" => SignatureVersion::V2,
            other => {
                return Err(misconfigured(format!(
                    "unknown signature version {other:?}"
                )));
            }
        };
        Ok(Self {
            access_key_id: required("access_key_id", "AccessKey ID")?,
            access_key_secret: required("access_key_secret", "AccessKey secret")?,
            endpoint: endpoint(&text("endpoint"))?,
            sign_name: required("sign_name", "sign name")?,
            template_code: required("template_code", "template code")?,
            template_param_name,
            signature_version,
        })
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"***")
            .field("endpoint", &self.endpoint.as_str())
            .field("sign_name", &self.sign_name)
            .field("template_code", &self.template_code)
            .field("template_param_name", &self.template_param_name)
            .field("signature_version", &self.signature_version)
            .finish()
    }
}

fn misconfigured(message: String) -> ProviderError {
    ProviderError::new(ProviderErrorKind::Rejected, "aliyun.settings", message)
}

/// Empty means the public endpoint and a bare host means https (the shared rule); any path is
/// dropped, as the SDK always calls `/`.
fn endpoint(typed: &str) -> Result<reqwest::Url, ProviderError> {
    let mut url = base_url(typed, DEFAULT_ENDPOINT)
        .ok_or_else(|| misconfigured(format!("the endpoint {typed:?} is not an http(s) host")))?;
    url.set_path("/");
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// A request ready to send: the full URL (its query already encoded) and the extra headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
}

/// Builds the signed SendSms request for `to` (E.164, `+` kept) at `now_secs` with `nonce`.
pub fn build(
    config: &Config,
    to: &str,
    code: &str,
    now_secs: i64,
    nonce: &str,
) -> Result<SignedRequest, ProviderError> {
    let timestamp = sign::format_timestamp(now_secs)
        .ok_or_else(|| misconfigured(format!("the clock reads {now_secs}, out of range")))?;
    let template_param =
        serde_json::json!({ config.template_param_name.as_str(): code }).to_string();
    let mut params = vec![
        ("PhoneNumbers", to),
        ("SignName", config.sign_name.as_str()),
        ("TemplateCode", config.template_code.as_str()),
        ("TemplateParam", template_param.as_str()),
    ];
    let base = config.endpoint.as_str();
    match config.signature_version {
        SignatureVersion::V3 => {
            let query = sign::canonical_query(&params);
            let payload_sha256 = sign::sha256_hex(b"");
            let host = host_header(&config.endpoint);
            let signed = [
                ("host", host.as_str()),
                ("x-acs-action", ACTION),
                ("x-acs-version", VERSION),
                ("x-acs-date", timestamp.as_str()),
                ("x-acs-signature-nonce", nonce),
                ("x-acs-content-sha256", payload_sha256.as_str()),
            ];
            let string_to_sign = sign::v3_string_to_sign(&sign::v3_canonical_request(&V3Request {
                method: "POST",
                path: "/",
                query: &params,
                headers: &signed,
                payload_sha256: &payload_sha256,
            }));
            let authorization = sign::v3_authorization(
                &config.access_key_id,
                &sign::signed_headers(&signed),
                &sign::v3_signature(&config.access_key_secret, &string_to_sign),
            );
            // `host` is left to reqwest, which derives the same value from the URL.
            let mut headers: Vec<(&'static str, String)> = signed
                .iter()
                .skip(1)
                .map(|(name, value)| (*name, (*value).to_owned()))
                .collect();
            headers.push(("authorization", authorization));
            headers.push(("accept", "application/json".to_owned()));
            Ok(SignedRequest {
                url: format!("{base}?{query}"),
                headers,
            })
        }
        SignatureVersion::V2 => {
            params.extend([
                ("AccessKeyId", config.access_key_id.as_str()),
                ("Action", ACTION),
                ("Format", "JSON"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureNonce", nonce),
                ("SignatureVersion", "1.0"),
                ("Timestamp", timestamp.as_str()),
                ("Version", VERSION),
            ]);
            let query = sign::canonical_query(&params);
            let signature = sign::v2_signature(
                &config.access_key_secret,
                &sign::v2_string_to_sign("POST", &query),
            );
            Ok(SignedRequest {
                url: format!("{base}?{query}&Signature={}", percent::encode(&signature)),
                headers: vec![("accept", "application/json".to_owned())],
            })
        }
    }
}

/// A fresh `x-acs-signature-nonce` / `SignatureNonce`: 32 random hex digits, as the SDK sends.
pub fn nonce() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
            .collect()
    }

    fn complete() -> Vec<(&'static str, &'static str)> {
        vec![
            ("access_key_id", "ak"),
            ("access_key_secret", "secret"),
            ("sign_name", "Verigate"),
            ("template_code", "SMS_1"),
        ]
    }

    #[test]
    fn the_endpoint_defaults_to_the_public_one_and_a_bare_host_means_https() {
        let cases = [
            (
                "",
                "https://dysmsapi.aliyuncs.com/",
                "dysmsapi.aliyuncs.com",
            ),
            (
                "dysmsapi.ap-southeast-1.aliyuncs.com",
                "https://dysmsapi.ap-southeast-1.aliyuncs.com/",
                "dysmsapi.ap-southeast-1.aliyuncs.com",
            ),
            (
                "http://127.0.0.1:3100",
                "http://127.0.0.1:3100/",
                "127.0.0.1:3100",
            ),
            (
                "https://example.com:443/some/path?x=1",
                "https://example.com/",
                "example.com",
            ),
        ];
        for (typed, url, host) in cases {
            let mut pairs = complete();
            pairs.push(("endpoint", typed));
            let config = Config::from_settings(&settings(&pairs)).expect("valid");
            assert_eq!(
                (
                    config.endpoint.as_str(),
                    host_header(&config.endpoint).as_str()
                ),
                (url, host),
                "{typed:?}"
            );
        }
        let mut pairs = complete();
        pairs.push(("endpoint", "ftp://example.com"));
        assert!(Config::from_settings(&settings(&pairs)).is_err());
    }

    #[test]
    fn missing_required_settings_are_named() {
        for key in [
            "access_key_id",
            "access_key_secret",
            "sign_name",
            "template_code",
        ] {
            let pairs: Vec<_> = complete().into_iter().filter(|(k, _)| *k != key).collect();
            let error = Config::from_settings(&settings(&pairs)).expect_err(key);
            assert_eq!(error.code, "aliyun.settings");
        }
    }

    #[test]
    fn the_v2_query_carries_every_parameter_and_an_encoded_signature() {
        let mut pairs = complete();
        pairs.push(("signature_version", "v2"));
        pairs.push(("template_param_name", "otp"));
        let config = Config::from_settings(&settings(&pairs)).expect("valid");

        let request =
            build(&config, "+8613800138000", "123456", 1_678_696_470, "n1").expect("built");

        let query = request.url.split_once('?').expect("a query").1;
        assert!(query.contains("PhoneNumbers=%2B8613800138000"), "{query}");
        assert!(
            query.contains("TemplateParam=%7B%22otp%22%3A%22123456%22%7D"),
            "{query}"
        );
        assert!(
            query.contains("Timestamp=2023-03-13T08%3A34%3A30Z"),
            "{query}"
        );
        assert!(
            query.contains("Format=JSON&") && query.contains("&Signature="),
            "{query}"
        );
    }

    #[test]
    fn nonces_are_32_hex_digits_and_differ() {
        let (a, b) = (nonce(), nonce());
        assert!(a.len() == 32 && a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}

//! Aliyun (Alibaba Cloud) SMS, Dysmsapi `SendSms` 2017-05-25. The request is built and signed
//! like the official SDK's (V3 `ACS3-HMAC-SHA256` by default, V2 HMAC-SHA1 on request), on the
//! injected clock, so the emulator checks it against the same time.

mod errors;
pub mod request;
mod response;
pub mod sign;

use async_trait::async_trait;
use serde_json::{Map, Value};

use self::request::{Config, SignedRequest};
use super::{
    Outgoing, ProviderError, ProviderErrorKind, Receipt, SettingKind, SettingSpec, SmsProvider,
    http::{Http, transport_error},
};

const SIGNATURE_VERSIONS: &[&str] = &["v3", "v2"];

pub struct Aliyun {
    http: Http,
}

impl Aliyun {
    pub fn new(http: Http) -> Self {
        Self { http }
    }

    /// The signed request `send` makes for `message` now.
    pub fn request(
        &self,
        config: &Config,
        message: &Outgoing<'_>,
        nonce: &str,
    ) -> Result<SignedRequest, ProviderError> {
        request::build(
            config,
            message.to,
            message.code.expose(),
            self.http.now_secs(),
            nonce,
        )
    }
}

#[async_trait]
impl SmsProvider for Aliyun {
    fn kind(&self) -> &'static str {
        "aliyun"
    }

    fn title(&self) -> &'static str {
        "Aliyun SMS"
    }

    fn settings(&self) -> &'static [SettingSpec] {
        &[
            SettingSpec {
                key: "access_key_id",
                label: "AccessKey ID",
                kind: SettingKind::Text,
                required: true,
                help: "A RAM user's AccessKey ID with the AliyunDysmsFullAccess permission.",
            },
            SettingSpec {
                key: "access_key_secret",
                label: "AccessKey secret",
                kind: SettingKind::Secret,
                required: true,
                help: "The AccessKey secret that goes with the ID.",
            },
            SettingSpec {
                key: "endpoint",
                label: "Endpoint",
                kind: SettingKind::Text,
                required: false,
                help: "Empty for https://dysmsapi.aliyuncs.com. A host name means https; \
                       a full URL such as http://127.0.0.1:3100 reaches the emulator.",
            },
            SettingSpec {
                key: "sign_name",
                label: "Sign name",
                kind: SettingKind::Text,
                required: true,
                help: "An approved SMS signature (签名), e.g. 阿里云短信测试.",
            },
            SettingSpec {
                key: "template_code",
                label: "Template code",
                kind: SettingKind::Text,
                required: true,
                help: "An approved verification-code template, e.g. SMS_154950909.",
            },
            SettingSpec {
                key: "template_param_name",
                label: "Template variable",
                kind: SettingKind::Text,
                required: false,
                help: "The template variable the code fills; empty for code (${code}).",
            },
            SettingSpec {
                key: "signature_version",
                label: "Signature version",
                kind: SettingKind::Select(SIGNATURE_VERSIONS),
                required: false,
                help: "v3 (ACS3-HMAC-SHA256, the default) or the deprecated v2 (HMAC-SHA1).",
            },
        ]
    }

    async fn send(
        &self,
        settings: &Map<String, Value>,
        message: &Outgoing<'_>,
    ) -> Result<Receipt, ProviderError> {
        let config = Config::from_settings(settings)?;
        let signed = self.request(&config, message, &request::nonce())?;
        // The URL goes out as built: its query is the encoding that was signed.
        let url = reqwest::Url::parse(&signed.url).map_err(|error| {
            ProviderError::new(
                ProviderErrorKind::Rejected,
                "aliyun.settings",
                error.to_string(),
            )
        })?;
        let mut outgoing = self.http.client.post(url);
        for (name, value) in &signed.headers {
            outgoing = outgoing.header(*name, value);
        }
        let response = outgoing
            .send()
            .await
            .map_err(|error| transport_error("aliyun", error))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .map_err(|error| transport_error("aliyun", error))?;
        response::interpret(status, &body)
    }
}

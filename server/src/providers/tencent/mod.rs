//! Tencent Cloud SMS: SendSms (API 2021-01-11) signed with TC3-HMAC-SHA256, one number per
//! request, the code as the template's `{1}`.

pub mod request;
pub mod response;
pub mod sign;

use async_trait::async_trait;
use serde_json::{Map, Value};

use super::{
    Outgoing, ProviderError, Receipt, SettingKind, SettingSpec, SmsProvider,
    http::{Http, transport_error},
};

pub struct Tencent {
    http: Http,
}

impl Tencent {
    pub fn new(http: Http) -> Self {
        Self { http }
    }
}

#[async_trait]
impl SmsProvider for Tencent {
    fn kind(&self) -> &'static str {
        "tencent"
    }

    fn title(&self) -> &'static str {
        "Tencent Cloud SMS"
    }

    fn settings(&self) -> &'static [SettingSpec] {
        &[
            SettingSpec {
                key: "secret_id",
                label: "SecretId",
                kind: SettingKind::Text,
                required: true,
                help: "An API key's SecretId (CAM console → API keys), e.g. AKID….",
            },
            SettingSpec {
                key: "secret_key",
                label: "SecretKey",
                kind: SettingKind::Secret,
                required: true,
                help: "The SecretKey of that API key.",
            },
            SettingSpec {
                key: "region",
                label: "Region",
                kind: SettingKind::Text,
                required: false,
                help: "X-TC-Region; empty means ap-guangzhou.",
            },
            SettingSpec {
                key: "endpoint",
                label: "Endpoint",
                kind: SettingKind::Text,
                required: false,
                help: "Empty means https://sms.tencentcloudapi.com. A bare host uses HTTPS; \
                       a full URL such as http://127.0.0.1:3100 is used as given.",
            },
            SettingSpec {
                key: "sdk_app_id",
                label: "SmsSdkAppId",
                kind: SettingKind::Text,
                required: true,
                help: "The SMS application's SdkAppId, e.g. 1400006666.",
            },
            SettingSpec {
                key: "sign_name",
                label: "Sign name",
                kind: SettingKind::Text,
                required: true,
                help: "An approved SMS signature, exactly as approved.",
            },
            SettingSpec {
                key: "template_id",
                label: "Template ID",
                kind: SettingKind::Text,
                required: true,
                help: "An approved template whose {1} is the code, e.g. 1110.",
            },
        ]
    }

    async fn send(
        &self,
        settings: &Map<String, Value>,
        message: &Outgoing<'_>,
    ) -> Result<Receipt, ProviderError> {
        let signed = request::build(
            settings,
            message.to,
            message.code.expose(),
            self.http.now_secs(),
        )?;
        let mut outgoing = self.http.client.post(signed.url);
        for (name, value) in signed.headers {
            outgoing = outgoing.header(name, value);
        }
        let response = outgoing
            .body(signed.body)
            .send()
            .await
            .map_err(|error| transport_error("tencent", error))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .map_err(|error| transport_error("tencent", error))?;
        response::interpret(status, &body)
    }
}

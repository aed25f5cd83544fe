//! Tencent Cloud SMS: SendSms (API 2021-01-11) signed with TC3-HMAC-SHA256, one number per
//! request, the code as the template's `{1}`.

pub mod request;
pub mod response;
pub mod sign;

use async_trait::async_trait;

use super::{
    Outgoing, ProviderSpec, Sent, SettingSpec, Settings, SmsProvider,
    http::{Http, exchange, for_language},
};

pub struct Tencent {
    http: Http,
}

impl Tencent {
    pub fn new(http: Http) -> Self {
        Self { http }
    }
}

const SPEC: ProviderSpec = ProviderSpec {
    kind: "tencent",
    title: "Tencent Cloud SMS",
    settings: &[
        SettingSpec::required(
            "secret_id",
            "SecretId",
            "An API key's SecretId (CAM console → API keys), e.g. AKID….",
        ),
        SettingSpec::secret("secret_key", "SecretKey", "The SecretKey of that API key."),
        SettingSpec::optional("region", "Region", "X-TC-Region; empty means ap-guangzhou."),
        SettingSpec::optional(
            "endpoint",
            "Endpoint",
            "Empty means https://sms.tencentcloudapi.com. A bare host uses HTTPS; \
             a full URL such as http://127.0.0.1:3100 is used as given.",
        ),
        SettingSpec::required(
            "sdk_app_id",
            "SmsSdkAppId",
            "The SMS application's SdkAppId, e.g. 1400006666.",
        ),
        SettingSpec::required(
            "sign_name",
            "Sign name",
            "An approved SMS signature, exactly as approved.",
        ),
        SettingSpec::required(
            "template_id",
            "Template ID",
            "An approved template whose {1} is the code, e.g. 1110.",
        ),
        SettingSpec::optional(
            "template_ids",
            "Templates per language",
            "Approved templates for other languages, like zh=1110, nl=1111; a language not \
             listed gets the template ID above.",
        ),
    ],
};

#[async_trait]
impl SmsProvider for Tencent {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    async fn send(&self, settings: &Settings, message: &Outgoing<'_>) -> Sent {
        let settings = for_language(settings, "template_id", "template_ids", message.locale);
        let signed = request::build(
            &settings,
            message.to,
            message.code.expose(),
            self.http.now_secs(),
        )?;
        let mut outgoing = self.http.post("tencent", signed.url)?;
        for (name, value) in signed.headers {
            outgoing = outgoing.header(name, value);
        }
        let (status, body) = exchange("tencent", outgoing.body(signed.body)).await?;
        response::interpret(status, &body)
    }
}

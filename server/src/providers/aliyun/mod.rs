//! Aliyun (Alibaba Cloud) SMS, Dysmsapi `SendSms` 2017-05-25. The request is built and signed
//! like the official SDK's (V3 `ACS3-HMAC-SHA256` by default, V2 HMAC-SHA1 on request), on the
//! injected clock, so the emulator checks it against the same time.

mod errors;
pub mod request;
mod response;
pub mod sign;

use async_trait::async_trait;

use self::request::{Config, SignedRequest};
use super::{
    Outgoing, ProviderError, ProviderErrorKind, ProviderSpec, Sent, SettingSpec, Settings,
    SmsProvider,
    http::{Http, exchange, for_language},
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

const SPEC: ProviderSpec = ProviderSpec {
    kind: "aliyun",
    title: "Aliyun SMS",
    settings: &[
        SettingSpec::required(
            "access_key_id",
            "AccessKey ID",
            "A RAM user's AccessKey ID with the AliyunDysmsFullAccess permission.",
        ),
        SettingSpec::secret(
            "access_key_secret",
            "AccessKey secret",
            "The AccessKey secret that goes with the ID.",
        ),
        SettingSpec::optional(
            "endpoint",
            "Endpoint",
            "Empty for https://dysmsapi.aliyuncs.com. A host name means https; \
             a full URL such as http://127.0.0.1:3100 reaches the emulator.",
        ),
        SettingSpec::required(
            "sign_name",
            "Sign name",
            "An approved SMS signature (签名), e.g. 阿里云短信测试.",
        ),
        SettingSpec::required(
            "template_code",
            "Template code",
            "An approved verification-code template, e.g. SMS_154950909.",
        ),
        SettingSpec::optional(
            "template_codes",
            "Templates per language",
            "Approved templates for other languages, like zh=SMS_154950909, nl=SMS_154950910; \
             a language not listed gets the template code above.",
        ),
        SettingSpec::optional(
            "template_param_name",
            "Template variable",
            "The template variable the code fills; empty for code (${code}).",
        ),
        SettingSpec::select(
            "signature_version",
            "Signature version",
            SIGNATURE_VERSIONS,
            "v3 (ACS3-HMAC-SHA256, the default) or the deprecated v2 (HMAC-SHA1).",
        ),
    ],
};

#[async_trait]
impl SmsProvider for Aliyun {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    async fn send(&self, settings: &Settings, message: &Outgoing<'_>) -> Sent {
        let settings = for_language(settings, "template_code", "template_codes", message.locale);
        let config = Config::from_settings(&settings)?;
        let signed = self.request(&config, message, &request::nonce())?;
        // The URL goes out as built: its query is the encoding that was signed.
        let url = reqwest::Url::parse(&signed.url).map_err(|error| {
            ProviderError::new(
                ProviderErrorKind::Rejected,
                "aliyun.settings",
                error.to_string(),
            )
        })?;
        let mut outgoing = self.http.post("aliyun", url)?;
        for (name, value) in &signed.headers {
            outgoing = outgoing.header(*name, value);
        }
        let (status, body) = exchange("aliyun", outgoing).await?;
        response::interpret(status, &body)
    }
}

//! Twilio Programmable Messaging: one Messages API call per code, as free text.

pub mod request;
pub mod response;

use async_trait::async_trait;
use serde_json::{Map, Value};

use super::{
    Outgoing, ProviderError, Receipt, SettingKind, SettingSpec, SmsProvider,
    http::{Http, transport_error},
};

pub struct Twilio {
    http: Http,
}

impl Twilio {
    pub fn new(http: Http) -> Self {
        Self { http }
    }
}

#[async_trait]
impl SmsProvider for Twilio {
    fn kind(&self) -> &'static str {
        "twilio"
    }

    fn title(&self) -> &'static str {
        "Twilio"
    }

    fn settings(&self) -> &'static [SettingSpec] {
        &[
            SettingSpec {
                key: "account_sid",
                label: "Account SID",
                kind: SettingKind::Text,
                required: true,
                help: "From the Twilio console, e.g. AC….",
            },
            SettingSpec {
                key: "auth_token",
                label: "Auth Token",
                kind: SettingKind::Secret,
                required: true,
                help: "The account's Auth Token.",
            },
            SettingSpec {
                key: "from",
                label: "Sender",
                kind: SettingKind::Text,
                required: true,
                help: "A Twilio phone number in E.164 (+15017122661), an alphanumeric sender ID, \
                       or a Messaging Service SID (MG…).",
            },
            SettingSpec {
                key: "endpoint",
                label: "Endpoint",
                kind: SettingKind::Text,
                required: false,
                help: "Empty means https://api.twilio.com. A bare host uses HTTPS; a full URL \
                       such as http://127.0.0.1:3100 is used as given.",
            },
            SettingSpec {
                key: "message_template",
                label: "Message",
                kind: SettingKind::Text,
                required: false,
                help: "{code} is replaced by the code; empty means \
                       \"Your verification code is {code}\".",
            },
        ]
    }

    async fn send(
        &self,
        settings: &Map<String, Value>,
        message: &Outgoing<'_>,
    ) -> Result<Receipt, ProviderError> {
        let prepared = request::build(settings, message.to, message.code.expose())?;
        let response = self
            .http
            .client
            .post(prepared.url)
            .header(reqwest::header::AUTHORIZATION, prepared.authorization)
            .header(reqwest::header::CONTENT_TYPE, request::FORM)
            .header(reqwest::header::ACCEPT, "application/json")
            .body(prepared.body)
            .send()
            .await
            .map_err(|error| transport_error("twilio", error))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .map_err(|error| transport_error("twilio", error))?;
        response::interpret(status, &body)
    }
}

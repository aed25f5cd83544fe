//! Twilio Programmable Messaging: one Messages API call per code, as free text.

pub mod request;
pub mod response;

use async_trait::async_trait;

use super::{
    Outgoing, ProviderSpec, Sent, SettingSpec, Settings, SmsProvider,
    http::{Http, exchange},
};

pub struct Twilio {
    http: Http,
}

impl Twilio {
    pub fn new(http: Http) -> Self {
        Self { http }
    }
}

const SPEC: ProviderSpec = ProviderSpec {
    kind: "twilio",
    title: "Twilio",
    settings: &[
        SettingSpec::required(
            "account_sid",
            "Account SID",
            "From the Twilio console, e.g. AC….",
        ),
        SettingSpec::secret("auth_token", "Auth Token", "The account's Auth Token."),
        SettingSpec::required(
            "from",
            "Sender",
            "A Twilio phone number in E.164 (+15017122661), an alphanumeric sender ID, \
             or a Messaging Service SID (MG…).",
        ),
        SettingSpec::optional(
            "endpoint",
            "Endpoint",
            "Empty means https://api.twilio.com. A bare host uses HTTPS; a full URL \
             such as http://127.0.0.1:3100 is used as given.",
        ),
        SettingSpec::optional(
            "message_template",
            "Message",
            "One text for every language, {code} replaced by the code; empty sends the \
             verifier's message text in the reader's language.",
        ),
    ],
};

#[async_trait]
impl SmsProvider for Twilio {
    fn spec(&self) -> &'static ProviderSpec {
        &SPEC
    }

    async fn send(&self, settings: &Settings, message: &Outgoing<'_>) -> Sent {
        let prepared = request::build(settings, message.to, message.code.expose(), message.text)?;
        let outgoing = self
            .http
            .post("twilio", prepared.url)?
            .header(reqwest::header::AUTHORIZATION, prepared.authorization)
            .header(reqwest::header::CONTENT_TYPE, request::FORM)
            .header(reqwest::header::ACCEPT, "application/json")
            .body(prepared.body);
        let (status, body) = exchange("twilio", outgoing).await?;
        response::interpret(status, &body)
    }
}

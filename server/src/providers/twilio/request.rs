//! The Messages API request: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP Basic
//! auth with the Account SID and Auth Token, and a form body.

use base64::{Engine, engine::general_purpose::STANDARD};
use reqwest::Url;
use serde_json::{Map, Value};

use crate::providers::{
    ProviderError, ProviderErrorKind,
    endpoint::{base_url, host_header},
    http::setting,
};

pub const API_VERSION: &str = "2010-04-01";
pub const DEFAULT_ENDPOINT: &str = "https://api.twilio.com";
pub const FORM: &str = "application/x-www-form-urlencoded";
/// Senders that start with this are Messaging Service SIDs, not numbers.
pub const MESSAGING_SERVICE_PREFIX: &str = "MG";

/// A request ready to send.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    pub url: Url,
    /// The `Host` reqwest will send.
    pub host: String,
    /// `Basic …`.
    pub authorization: String,
    /// The form, `To=…&From=…&Body=…`.
    pub body: Vec<u8>,
}

/// The Messages resource path of an account.
pub fn messages_path(account_sid: &str) -> [&str; 4] {
    [API_VERSION, "Accounts", account_sid, "Messages.json"]
}

/// `Basic base64(sid:token)`.
pub fn basic_authorization(account_sid: &str, auth_token: &str) -> String {
    format!(
        "Basic {}",
        STANDARD.encode(format!("{account_sid}:{auth_token}"))
    )
}

/// The `(sid, token)` of a Basic `Authorization` header.
pub fn basic_credentials(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (sid, token) = decoded.split_once(':')?;
    Some((sid.to_owned(), token.to_owned()))
}

/// The text sent: the verifier's `text` (in the reader's language), unless the settings give a
/// template, which then gets the code for `{code}` (appended when the template forgot it).
pub fn message_text(template: &str, code: &str, text: &str) -> String {
    let template = template.trim();
    if template.is_empty() {
        text.to_owned()
    } else if template.contains("{code}") {
        template.replace("{code}", code)
    } else {
        format!("{template} {code}")
    }
}

/// Builds the request that sends `code` to `to` with the verifier's `settings`; `text` is the
/// verifier's message, used when the settings have no template.
pub fn build(
    settings: &Map<String, Value>,
    to: &str,
    code: &str,
    text: &str,
) -> Result<PreparedRequest, ProviderError> {
    let setting = |key: &str| setting(settings, key).trim();
    let rejected =
        |code: &str, text: &str| ProviderError::new(ProviderErrorKind::Rejected, code, text);
    let account_sid = setting("account_sid");
    let mut url = base_url(setting("endpoint"), DEFAULT_ENDPOINT).ok_or_else(|| {
        rejected(
            "twilio.bad_endpoint",
            "the endpoint is not a host name or an http(s) URL",
        )
    })?;
    url.path_segments_mut()
        .map_err(|_| rejected("twilio.bad_endpoint", "the endpoint cannot have a path"))?
        .pop_if_empty()
        .extend(messages_path(account_sid));
    let from = setting("from");
    let sender = if from.starts_with(MESSAGING_SERVICE_PREFIX) {
        "MessagingServiceSid"
    } else {
        "From"
    };
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("To", to)
        .append_pair(sender, from)
        .append_pair(
            "Body",
            &message_text(setting("message_template"), code, text),
        )
        .finish()
        .into_bytes();
    Ok(PreparedRequest {
        host: host_header(&url),
        url,
        authorization: basic_authorization(account_sid, setting("auth_token")),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_round_trip() {
        let header = basic_authorization("AC123", "to:ken");
        assert_eq!(header, "Basic QUMxMjM6dG86a2Vu");
        assert_eq!(
            basic_credentials(&header),
            Some(("AC123".into(), "to:ken".into()))
        );
        assert_eq!(basic_credentials("Bearer abc"), None);
        assert_eq!(basic_credentials("Basic !!!"), None);
        assert_eq!(basic_credentials("Basic QUMxMjM="), None, "no colon");
    }

    #[test]
    fn the_template_gets_the_code() {
        let text = "Je code is 123456.";
        assert_eq!(message_text("", "123456", text), text);
        assert_eq!(
            message_text("Code: {code}. Bye", "42", text),
            "Code: 42. Bye"
        );
        assert_eq!(message_text("Your code:", "42", text), "Your code: 42");
    }

    #[test]
    fn the_request_names_the_account_and_the_sender_kind() {
        let settings = |from: &str| -> Map<String, Value> {
            [
                ("account_sid", "AC00000000000000000000000000000000"),
                ("auth_token", "token"),
                ("from", from),
                ("endpoint", "http://127.0.0.1:3100"),
                ("message_template", ""),
            ]
            .into_iter()
            .map(|(key, value)| (key.to_owned(), Value::from(value)))
            .collect()
        };
        let text = "Your verification code is 123456";
        let request =
            build(&settings("+15017122661"), "+8613800138000", "123456", text).expect("built");
        assert_eq!(
            request.url.as_str(),
            "http://127.0.0.1:3100/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json"
        );
        assert_eq!(request.host, "127.0.0.1:3100");
        assert_eq!(
            String::from_utf8(request.body).expect("text"),
            "To=%2B8613800138000&From=%2B15017122661&Body=Your+verification+code+is+123456"
        );
        let service = build(&settings("MG0123"), "+8613800138000", "1", "1").expect("built");
        assert!(
            String::from_utf8(service.body)
                .expect("text")
                .contains("&MessagingServiceSid=MG0123&")
        );
    }
}

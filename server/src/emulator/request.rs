//! A request as the emulator sees it: exactly the bytes that arrived, so signatures are checked
//! over what the client really sent.

/// One HTTP request to the emulator.
#[derive(Debug, Clone, Default)]
pub struct EmulatorRequest {
    /// `POST`, `GET`, …
    pub method: String,
    /// The path without the query, e.g. `/`.
    pub path: String,
    /// The raw query string after `?` (still percent-encoded), empty when there is none.
    pub query: String,
    /// Header names in lower case, values as received, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl EmulatorRequest {
    /// The first value of a header (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of a header (`name` in lower case), in arrival order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What the emulator answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Respond {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// Never answer (until the client gives up): the `timeout` fault.
    Hang,
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::Respond {
            status,
            content_type: "application/json;charset=utf-8",
            body: body.to_string().into_bytes(),
        }
    }
}

/// A message the emulator accepted; it goes to the emulator's inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// `aliyun`, `tencent` or `twilio`.
    pub provider: &'static str,
    /// The number as the client sent it.
    pub to: String,
    /// Aliyun/Tencent sign name, Twilio sender.
    pub sender: String,
    /// Aliyun template code, Tencent template id; empty for Twilio.
    pub template: String,
    /// The text a phone would show: the template parameters (Aliyun/Tencent) or the body (Twilio).
    pub text: String,
    /// The request id the emulator answered with.
    pub request_id: String,
}

/// The emulator's answer to one request, and the message it accepted, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handled {
    pub reply: Reply,
    pub accepted: Option<Accepted>,
}

impl Handled {
    pub fn refused(reply: Reply) -> Self {
        Self {
            reply,
            accepted: None,
        }
    }
}

/// A fresh request id in the vendors' UUID shape.
pub fn request_id() -> String {
    let bytes: [u8; 16] = rand::random();
    let hex = hex::encode_upper(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

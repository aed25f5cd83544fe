//! Tencent Cloud SMS SendSms (2021-01-11), as strict as the gateway: TC3 signature (see
//! [`auth`]), action, version and region headers, then the JSON body, answered per number in
//! `SendStatusSet`. Every refusal is HTTP 200 with `Response.Error`, like the real API. There is
//! no nonce check: TC3 has none.

mod auth;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value, json};

use super::{Accepted, Context, EmulatorRequest, Fault, Handled, Reply, request::request_id};
use crate::providers::tencent::request::{ACTION, VERSION};

/// The most numbers one SendSms may carry.
const MAX_NUMBERS: usize = 200;

/// A request-level error: `Response.Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

pub fn handle(request: &EmulatorRequest, context: &Context<'_>) -> Handled {
    let request_id = request_id();
    judge(request, context, &request_id).unwrap_or_else(|refusal| {
        Handled::refused(Reply::json(
            200,
            &json!({"Response": {
                "Error": {"Code": refusal.code, "Message": refusal.message},
                "RequestId": request_id,
            }}),
        ))
    })
}

fn judge(
    request: &EmulatorRequest,
    context: &Context<'_>,
    request_id: &str,
) -> Result<Handled, Refusal> {
    if request.method != "POST" || request.path != "/" {
        return Err(Refusal::new(
            "InvalidParameter",
            "SendSms is called with POST / (a JSON body).",
        ));
    }
    auth::verify(request, context)?;
    check_headers(request)?;
    let body: Map<String, Value> = serde_json::from_slice(&request.body).map_err(|_| {
        Refusal::new(
            "FailedOperation.JsonParseFail",
            "The request body is not a JSON object.",
        )
    })?;
    let send = SendSms::read(&body)?;
    if !context.allowed.allows_sign_name(send.sign_name) {
        return Err(Refusal::new(
            "FailedOperation.SignatureIncorrectOrUnapproved",
            format!("The sign name {:?} is not approved.", send.sign_name),
        ));
    }
    if !context.allowed.allows_template(send.template_id) {
        return Err(Refusal::new(
            "FailedOperation.TemplateIncorrectOrUnapproved",
            format!("The template {:?} is not approved.", send.template_id),
        ));
    }
    let faults: Vec<Option<Fault>> = send
        .numbers
        .iter()
        .map(|number| context.faults.for_number(number))
        .collect();
    // A hang or an outage affects the whole request, not one number.
    if faults.contains(&Some(Fault::Timeout)) {
        return Ok(Handled::refused(Reply::Hang));
    }
    if faults.contains(&Some(Fault::ServerError)) {
        return Ok(Handled::refused(Reply::json(
            503,
            &json!({"Response": {
                "Error": {"Code": "InternalError", "Message": "Service unavailable (simulated)."},
                "RequestId": request_id,
            }}),
        )));
    }
    let mut accepted = None;
    let statuses: Vec<Value> = send
        .numbers
        .iter()
        .zip(faults)
        .map(|(number, fault)| {
            let status = send.status(number, fault);
            // One message per request is filed: the first number that went out.
            if status["Code"] == "Ok" && accepted.is_none() {
                accepted = Some(Accepted {
                    provider: "tencent",
                    to: (*number).to_owned(),
                    sender: send.sign_name.to_owned(),
                    template: send.template_id.to_owned(),
                    text: send.parameters.join(", "),
                    request_id: request_id.to_owned(),
                });
            }
            status
        })
        .collect();
    Ok(Handled {
        reply: Reply::json(
            200,
            &json!({"Response": {"SendStatusSet": statuses, "RequestId": request_id}}),
        ),
        accepted,
    })
}

/// The unsigned `X-TC-*` headers the API requires.
fn check_headers(request: &EmulatorRequest) -> Result<(), Refusal> {
    let action = request.header("x-tc-action").unwrap_or_default();
    if action != ACTION {
        return Err(Refusal::new(
            "InvalidAction",
            format!("The action {action:?} is not valid; the emulator serves {ACTION}."),
        ));
    }
    match request.header("x-tc-version") {
        None | Some("") => {
            return Err(Refusal::new(
                "MissingParameter",
                "The X-TC-Version header is missing.",
            ));
        }
        Some(VERSION) => {}
        Some(other) => {
            return Err(Refusal::new(
                "NoSuchVersion",
                format!("The API version {other:?} does not exist; SendSms is {VERSION}."),
            ));
        }
    }
    if request.header("x-tc-region").is_none_or(str::is_empty) {
        return Err(Refusal::new(
            "MissingParameter",
            "The X-TC-Region header is missing.",
        ));
    }
    Ok(())
}

/// The SendSms parameters the emulator uses.
struct SendSms<'a> {
    numbers: Vec<&'a str>,
    sign_name: &'a str,
    template_id: &'a str,
    parameters: Vec<&'a str>,
    session_context: &'a str,
}

impl<'a> SendSms<'a> {
    fn read(body: &'a Map<String, Value>) -> Result<Self, Refusal> {
        let numbers = strings(body, "PhoneNumberSet")?.ok_or_else(|| missing("PhoneNumberSet"))?;
        if numbers.is_empty() {
            return Err(Refusal::new(
                "MissingParameter.EmptyPhoneNumberSet",
                "PhoneNumberSet is empty.",
            ));
        }
        if numbers.len() > MAX_NUMBERS {
            return Err(Refusal::new(
                "LimitExceeded.PhoneNumberCountLimit",
                format!("At most {MAX_NUMBERS} numbers per request."),
            ));
        }
        let plausible: Vec<String> = numbers.iter().filter_map(|n| normalise(n)).collect();
        let domestic = plausible.iter().filter(|n| n.starts_with("+86")).count();
        if domestic != 0 && domestic != plausible.len() {
            return Err(Refusal::new(
                "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
                "Domestic and international numbers cannot be sent in one request.",
            ));
        }
        let required = |key: &'static str| {
            text(body, key)?
                .filter(|value| !value.is_empty())
                .ok_or_else(|| missing(key))
        };
        // SmsSdkAppId is required but, with one key pair, any application id is ours.
        required("SmsSdkAppId")?;
        Ok(Self {
            sign_name: required("SignName")?,
            template_id: required("TemplateId")?,
            parameters: strings(body, "TemplateParamSet")?.unwrap_or_default(),
            session_context: text(body, "SessionContext")?.unwrap_or_default(),
            numbers,
        })
    }

    /// One `SendStatusSet` entry.
    fn status(&self, number: &str, fault: Option<Fault>) -> Value {
        let failed = |code: &str, message: &str| {
            json!({
                "SerialNo": "", "PhoneNumber": number, "Fee": 0,
                "SessionContext": self.session_context, "Code": code, "Message": message,
                "IsoCode": "",
            })
        };
        let Some(e164) = normalise(number) else {
            return failed(
                "InvalidParameterValue.IncorrectPhoneNumber",
                "The phone number format is incorrect.",
            );
        };
        match fault {
            Some(Fault::RateLimited) => failed(
                "LimitExceeded.PhoneNumberDailyLimit",
                "The number reached its daily sending limit (simulated).",
            ),
            Some(Fault::InvalidNumber) => failed(
                "InvalidParameterValue.IncorrectPhoneNumber",
                "The phone number format is incorrect (simulated).",
            ),
            _ => json!({
                "SerialNo": serial_number(), "PhoneNumber": e164, "Fee": 1,
                "SessionContext": self.session_context, "Code": "Ok", "Message": "send success",
                "IsoCode": if e164.starts_with("+86") { "CN" } else { "DEF" },
            }),
        }
    }
}

fn missing(key: &str) -> Refusal {
    Refusal::new(
        "MissingParameter",
        format!("The request is missing the required parameter `{key}`."),
    )
}

fn wrong_type(key: &str, expected: &str) -> Refusal {
    Refusal::new(
        "InvalidParameter",
        format!("The parameter `{key}` must be {expected}."),
    )
}

/// An optional string parameter.
fn text<'a>(body: &'a Map<String, Value>, key: &'static str) -> Result<Option<&'a str>, Refusal> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value)),
        Some(_) => Err(wrong_type(key, "a string")),
    }
}

/// An optional array-of-strings parameter.
fn strings<'a>(
    body: &'a Map<String, Value>,
    key: &'static str,
) -> Result<Option<Vec<&'a str>>, Refusal> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .ok_or_else(|| wrong_type(key, "an array of strings"))
            })
            .collect::<Result<_, _>>()
            .map(Some),
        Some(_) => Err(wrong_type(key, "an array of strings")),
    }
}

/// The number in E.164 when it is plausible: `+` and 6 to 15 digits, or a mainland mobile
/// number in one of the domestic spellings the gateway accepts (`0086…`, `86…`, 11 bare digits).
fn normalise(number: &str) -> Option<String> {
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let mainland = |text: &str| text.len() == 11 && text.starts_with('1') && digits(text);
    if let Some(international) = number.strip_prefix('+') {
        let plausible = digits(international)
            && (6..=15).contains(&international.len())
            && !international.starts_with('0');
        return plausible.then(|| number.to_owned());
    }
    [
        number.strip_prefix("0086"),
        number.strip_prefix("86"),
        Some(number),
    ]
    .into_iter()
    .flatten()
    .find(|national| mainland(national))
    .map(|national| format!("+86{national}"))
}

/// `5000:` and 28 digits, like the gateway's serial numbers.
fn serial_number() -> String {
    const WIDTH: u64 = 100_000_000_000_000;
    let (high, low): (u64, u64) = rand::random();
    format!("5000:{:014}{:014}", high % WIDTH, low % WIDTH)
}

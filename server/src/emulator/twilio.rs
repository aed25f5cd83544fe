//! Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`): HTTP Basic
//! auth with the Account SID and Auth Token, a form body, 201 and a Message resource when
//! queued, and Twilio's error JSON otherwise.
//!
//! Refusals, with Twilio's error codes:
//! - 404 20404: not the Messages resource; 405 20004: not POST;
//! - 401 20003: missing or wrong credentials, or the path names another account;
//! - 400 21604: no `To`; 21603: neither `From` nor `MessagingServiceSid`; 21602: no `Body`;
//! - 400 21211: `To` is not E.164;
//! - faults: 429 20429 (rate limited), 400 21211 (invalid number), 500 20500, or no answer.

#[cfg(test)]
mod tests;

use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Accepted, Context, EmulatorRequest, Fault, Handled, Reply};
use crate::providers::twilio::request::{API_VERSION, basic_credentials};

/// An error answer.
struct Refusal {
    status: u16,
    code: u32,
    message: String,
}

impl Refusal {
    fn new(status: u16, code: u32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    fn reply(&self) -> Reply {
        Reply::json(
            self.status,
            &json!({
                "code": self.code,
                "message": self.message,
                "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
                "status": self.status,
            }),
        )
    }
}

pub fn handle(request: &EmulatorRequest, context: &Context<'_>) -> Handled {
    judge(request, context).unwrap_or_else(|refusal| Handled::refused(refusal.reply()))
}

fn judge(request: &EmulatorRequest, context: &Context<'_>) -> Result<Handled, Refusal> {
    let account_sid = request
        .path
        .strip_prefix(&format!("/{API_VERSION}/Accounts/"))
        .and_then(|rest| rest.strip_suffix("/Messages.json"))
        .filter(|sid| !sid.is_empty() && !sid.contains('/'))
        .ok_or_else(|| {
            Refusal::new(
                404,
                20404,
                format!("The requested resource {} was not found", request.path),
            )
        })?;
    if request.method != "POST" {
        return Err(Refusal::new(405, 20004, "Method not allowed"));
    }
    authenticate(request, context, account_sid)?;
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    };
    let to =
        field("To").ok_or_else(|| Refusal::new(400, 21604, "A 'To' phone number is required."))?;
    let (from, service) = (field("From"), field("MessagingServiceSid"));
    let sender = from.or(service).ok_or_else(|| {
        Refusal::new(
            400,
            21603,
            "A 'From' phone number or a 'MessagingServiceSid' is required.",
        )
    })?;
    let text =
        field("Body").ok_or_else(|| Refusal::new(400, 21602, "Message body is required."))?;
    let invalid_to = || {
        Refusal::new(
            400,
            21211,
            format!("The 'To' number {to} is not a valid phone number."),
        )
    };
    if !is_e164(to) {
        return Err(invalid_to());
    }
    match context.faults.for_number(to) {
        Some(Fault::Timeout) => return Ok(Handled::refused(Reply::Hang)),
        Some(Fault::ServerError) => {
            return Err(Refusal::new(
                500,
                20500,
                "Internal Server Error (simulated)",
            ));
        }
        Some(Fault::RateLimited) => {
            return Err(Refusal::new(429, 20429, "Too Many Requests (simulated)"));
        }
        Some(Fault::InvalidNumber) => return Err(invalid_to()),
        None => {}
    }
    let sid = format!("SM{}", hex::encode(rand::random::<[u8; 16]>()));
    let date = rfc2822(context.now_ms);
    let uri = format!("/{API_VERSION}/Accounts/{account_sid}/Messages/{sid}");
    let message = json!({
        "account_sid": account_sid,
        "api_version": API_VERSION,
        "body": text,
        "date_created": date,
        "date_sent": null,
        "date_updated": date,
        "direction": "outbound-api",
        "error_code": null,
        "error_message": null,
        "from": from,
        "messaging_service_sid": service,
        "num_media": "0",
        "num_segments": "1",
        "price": null,
        "price_unit": "USD",
        "sid": sid,
        // A Messaging Service first accepts the message, then picks a sender and queues it.
        "status": if from.is_none() { "accepted" } else { "queued" },
        "subresource_uris": {"media": format!("{uri}/Media.json")},
        "to": to,
        "uri": format!("{uri}.json"),
    });
    Ok(Handled {
        reply: Reply::json(201, &message),
        accepted: Some(Accepted {
            provider: "twilio",
            to: to.to_owned(),
            sender: sender.to_owned(),
            template: String::new(),
            text: text.to_owned(),
            request_id: sid,
        }),
    })
}

/// Basic auth with the emulator's Account SID and Auth Token, for that account's resource.
fn authenticate(
    request: &EmulatorRequest,
    context: &Context<'_>,
    account_sid: &str,
) -> Result<(), Refusal> {
    let refused = |why: &str| Refusal::new(401, 20003, format!("Authenticate: {why}"));
    let (sid, token) = request
        .header("authorization")
        .and_then(basic_credentials)
        .ok_or_else(|| {
            refused("HTTP Basic credentials (Account SID and Auth Token) are required")
        })?;
    // Both are checked before answering so the answer does not tell which one was wrong.
    let known = sid == context.credentials.id;
    let token_matches = same_secret(&token, &context.credentials.secret);
    if !(known && token_matches) {
        return Err(refused("the Account SID or the Auth Token is wrong"));
    }
    if account_sid != sid {
        return Err(refused("the URL names another account"));
    }
    Ok(())
}

/// Constant-time equality (hashing first hides the length too).
fn same_secret(given: &str, expected: &str) -> bool {
    let (given, expected) = (Sha256::digest(given), Sha256::digest(expected));
    given
        .iter()
        .zip(expected.iter())
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// `+` then 8 to 15 digits, not starting with 0.
fn is_e164(number: &str) -> bool {
    number.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len())
            && !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// `Thu, 24 Aug 2023 05:01:45 +0000`, as Twilio writes dates.
fn rfc2822(now_ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000))
        .ok()
        .and_then(|moment| {
            moment
                .format(&time::format_description::well_known::Rfc2822)
                .ok()
        })
        .unwrap_or_default()
}

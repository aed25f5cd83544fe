//! Reading Messages API answers: 201 and a Message resource when queued, otherwise an HTTP
//! error with a JSON `{code, message, more_info, status}`.
//!
//! Error table (Twilio error dictionary), by what the user can do about it:
//! - rate limited: HTTP 429, 20429 (too many requests), 14107 (SMS send rate limit exceeded);
//! - invalid number: 21211 (invalid 'To'), 21214 ('To' cannot be reached), 21217 (number does
//!   not appear valid), 21265 ('To' is a short code), 21401 (invalid number), 21407 (number type
//!   does not support SMS), 21408 (sending to that region is not enabled), 21610 (recipient
//!   unsubscribed), 21612 ('To' not reachable by SMS), 21614 ('To' is not a mobile number);
//! - unavailable: HTTP 5xx;
//! - rejected: everything else, notably 20003 (authentication) and HTTP 401/403.

use serde_json::Value;

use crate::providers::{ProviderError, ProviderErrorKind, Receipt};

const RATE_LIMITED: &[u64] = &[20429, 14107];
const INVALID_NUMBER: &[u64] = &[
    21211, 21214, 21217, 21265, 21401, 21407, 21408, 21610, 21612, 21614,
];

pub fn interpret(status: u16, body: &str) -> Result<Receipt, ProviderError> {
    let parsed: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        let request_id = parsed["sid"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("twilio-{status}"));
        return Ok(Receipt {
            request_id,
            keep_text: false,
        });
    }
    let code = parsed["code"].as_u64();
    let kind = kind_of(status, code);
    let message = parsed["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| body.chars().take(200).collect());
    let code = match code {
        Some(code) => format!("twilio.{code}"),
        None => format!("http.{status}"),
    };
    Err(ProviderError::new(kind, code, message))
}

/// The failure kind of an HTTP status and Twilio error code.
pub fn kind_of(status: u16, code: Option<u64>) -> ProviderErrorKind {
    let is = |table: &[u64]| code.is_some_and(|code| table.contains(&code));
    if status == 429 || is(RATE_LIMITED) {
        ProviderErrorKind::RateLimited
    } else if status >= 500 {
        ProviderErrorKind::Unavailable
    } else if is(INVALID_NUMBER) {
        ProviderErrorKind::InvalidNumber
    } else {
        ProviderErrorKind::Rejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProviderErrorKind::*;

    fn failure(status: u16, body: &str) -> (ProviderErrorKind, String, String) {
        let error = interpret(status, body).expect_err("a failure");
        (error.kind, error.code, error.message)
    }

    #[test]
    fn a_created_message_is_a_receipt_with_its_sid() {
        assert_eq!(
            interpret(201, r#"{"sid":"SM0123","status":"queued"}"#),
            Ok(Receipt {
                request_id: "SM0123".into(),
                keep_text: false
            })
        );
    }

    #[test]
    fn errors_keep_the_twilio_code_and_message() {
        let error = |code: u64, status: u16| {
            format!(r#"{{"code":{code},"message":"m{code}","more_info":"","status":{status}}}"#)
        };
        for (status, code, kind) in [
            (400, 21211, InvalidNumber),
            (400, 21614, InvalidNumber),
            (400, 21610, InvalidNumber),
            (400, 21408, InvalidNumber),
            (429, 20429, RateLimited),
            (400, 14107, RateLimited),
            (401, 20003, Rejected),
            (400, 21608, Rejected),
            (400, 21606, Rejected),
            (500, 20500, Unavailable),
        ] {
            assert_eq!(
                failure(status, &error(code, status)),
                (kind, format!("twilio.{code}"), format!("m{code}")),
                "{code}"
            );
        }
    }

    #[test]
    fn bodies_without_a_code_fall_back_to_the_status() {
        assert_eq!(failure(429, "slow down").0, RateLimited);
        assert_eq!(failure(503, "").1, "http.503",);
        assert_eq!(
            failure(403, "[]"),
            (Rejected, "http.403".into(), "[]".into())
        );
        assert_eq!(
            interpret(201, "not json").map(|receipt| receipt.request_id),
            Ok("twilio-201".into())
        );
    }
}

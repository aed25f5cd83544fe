//! The Aliyun Dysmsapi `SendSms` gateway: authenticates the request (V2 or V3, see `auth`),
//! checks the SendSms parameters, applies the configured faults and answers with the vendor's
//! shapes and codes.

mod auth;
mod reply;
#[cfg(test)]
mod tests;

use serde_json::Value;

use self::{auth::Params, reply::Refusal};
use super::{Accepted, Context, EmulatorRequest, Fault, Handled, Reply, request::request_id};

/// Judges one request meant for Aliyun.
pub fn handle(request: &EmulatorRequest, context: &Context<'_>) -> Handled {
    let request_id = request_id();
    let judged = Params::read(request)
        .and_then(|params| {
            auth::authenticate(request, &params, context)?;
            Ok(params)
        })
        .and_then(|params| send_sms(&params, context, &request_id));
    match judged {
        Ok(handled) => handled,
        Err(refusal) => Handled::refused(refusal.reply(&request_id)),
    }
}

/// The SendSms checks of an authentic request, then the faults, then the message.
fn send_sms(params: &Params, context: &Context<'_>, request_id: &str) -> Result<Handled, Refusal> {
    let phone_numbers = params.required("PhoneNumbers")?;
    let sign_name = params.required("SignName")?;
    let template_code = params.required("TemplateCode")?;
    let numbers: Vec<&str> = phone_numbers.split(',').map(str::trim).collect();
    if let Some(bad) = numbers.iter().find(|number| !plausible(number)) {
        return Err(invalid_number(bad));
    }
    let template_param = params.get("TemplateParam").unwrap_or_default();
    if !template_param.is_empty() && !is_object_of_strings(template_param) {
        return Err(Refusal::business(
            "isv.INVALID_JSON_PARAM",
            "JSON参数不合法，只接受字符串值",
        ));
    }
    if !context.allowed.allows_sign_name(sign_name) {
        return Err(Refusal::business(
            "isv.SMS_SIGNATURE_ILLEGAL",
            "该账号下找不到对应签名",
        ));
    }
    if !context.allowed.allows_template(template_code) {
        return Err(Refusal::business(
            "isv.SMS_TEMPLATE_ILLEGAL",
            "该账号下找不到对应模板",
        ));
    }
    let first = numbers.first().copied().unwrap_or_default();
    match context.faults.for_number(first) {
        Some(Fault::RateLimited) => {
            return Err(Refusal::business(
                "isv.BUSINESS_LIMIT_CONTROL",
                "触发分钟级流控Permits:1",
            ));
        }
        Some(Fault::InvalidNumber) => return Err(invalid_number(first)),
        Some(Fault::ServerError) => {
            return Err(Refusal::gateway(
                503,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            ));
        }
        Some(Fault::Timeout) => return Ok(Handled::refused(Reply::Hang)),
        None => {}
    }
    Ok(Handled {
        reply: reply::sent(request_id),
        accepted: Some(Accepted {
            provider: "aliyun",
            to: phone_numbers.to_owned(),
            sender: sign_name.to_owned(),
            template: template_code.to_owned(),
            text: template_param.to_owned(),
            request_id: request_id.to_owned(),
        }),
    })
}

/// Digits after an optional `+` or `00` (country code included or not, e.g. `86…`), of a length
/// some number in the world has.
fn plausible(number: &str) -> bool {
    let digits = number
        .strip_prefix('+')
        .or_else(|| number.strip_prefix("00"))
        .unwrap_or(number);
    (5..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}

fn invalid_number(number: &str) -> Refusal {
    Refusal::business(
        "isv.MOBILE_NUMBER_ILLEGAL",
        format!("{number}invalid mobile number"),
    )
}

/// `TemplateParam` must be a JSON object whose values are all strings.
fn is_object_of_strings(text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|value| {
        value
            .as_object()
            .is_some_and(|object| object.values().all(Value::is_string))
    })
}

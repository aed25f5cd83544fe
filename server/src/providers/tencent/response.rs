//! Reading SendSms answers. Tencent answers HTTP 200 for nearly everything: a request-level
//! failure is `Response.Error`, and a per-number one is `SendStatusSet[i].Code` other than `Ok`.

use serde_json::Value;

use crate::providers::{ProviderError, ProviderErrorKind, Receipt};

/// Turns an HTTP status and body into a receipt or an error for the one number sent.
pub fn interpret(status: u16, body: &str) -> Result<Receipt, ProviderError> {
    if status != 200 {
        let kind = if status >= 500 {
            ProviderErrorKind::Unavailable
        } else {
            ProviderErrorKind::Rejected
        };
        let excerpt: String = body.chars().take(200).collect();
        return Err(ProviderError::new(kind, format!("http.{status}"), excerpt));
    }
    let bad_response = |what: &str| {
        ProviderError::new(
            ProviderErrorKind::Unavailable,
            "tencent.bad_response",
            format!("{what}: {}", body.chars().take(200).collect::<String>()),
        )
    };
    let parsed: Value =
        serde_json::from_str(body).map_err(|_| bad_response("the answer is not JSON"))?;
    let response = &parsed["Response"];
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    if let Some(error) = response.get("Error").filter(|error| !error.is_null()) {
        let code = text(&error["Code"]);
        return Err(vendor_error(&code, text(&error["Message"])));
    }
    let Some(first) = response["SendStatusSet"].get(0) else {
        return Err(bad_response(
            "the answer has neither Error nor SendStatusSet",
        ));
    };
    let code = text(&first["Code"]);
    if code != "Ok" {
        return Err(vendor_error(&code, text(&first["Message"])));
    }
    let request_id = [&response["RequestId"], &first["SerialNo"]]
        .into_iter()
        .map(text)
        .find(|id| !id.is_empty())
        .unwrap_or_else(|| "tencent".to_owned());
    Ok(Receipt {
        request_id,
        keep_text: false,
    })
}

fn vendor_error(code: &str, message: String) -> ProviderError {
    let code = if code.is_empty() {
        "tencent.unknown"
    } else {
        code
    };
    ProviderError::new(kind_of(code), code, message)
}

/// What a Tencent error code means for the user. Unknown codes are refusals: retrying the
/// same request will not help, and the administrator sees the code in the message log.
pub fn kind_of(code: &str) -> ProviderErrorKind {
    const INVALID_NUMBER: &[&str] = &[
        "InvalidParameterValue.IncorrectPhoneNumber",
        "FailedOperation.PhoneNumberInBlacklist",
        "FailedOperation.PhoneNumberParseFail",
        "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
        // (sic) The destination country is not served.
        "UnsupportedOperation.UnsuportedRegion",
    ];
    // The account's daily caps set in the console: no wait helps the user.
    const ACCOUNT_CAPS: &[&str] = &[
        "LimitExceeded.AppDailyLimit",
        "LimitExceeded.DailyLimit",
        "LimitExceeded.PhoneNumberCountLimit",
    ];
    let throttled = code.starts_with("LimitExceeded.") || code.starts_with("RequestLimitExceeded");
    if throttled && !ACCOUNT_CAPS.contains(&code) {
        ProviderErrorKind::RateLimited
    } else if INVALID_NUMBER.contains(&code) {
        ProviderErrorKind::InvalidNumber
    } else if code.starts_with("InternalError") {
        ProviderErrorKind::Unavailable
    } else {
        ProviderErrorKind::Rejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProviderErrorKind::*;

    fn failure(status: u16, body: &str) -> (ProviderErrorKind, String) {
        let error = interpret(status, body).expect_err("a failure");
        (error.kind, error.code)
    }

    #[test]
    fn a_per_number_ok_is_a_receipt_with_the_request_id() {
        let body = r#"{"Response":{"SendStatusSet":[{"SerialNo":"5000:1","PhoneNumber":"+8613800138000","Fee":1,"SessionContext":"","Code":"Ok","Message":"send success","IsoCode":"CN"}],"RequestId":"a0aabda6"}}"#;
        assert_eq!(
            interpret(200, body),
            Ok(Receipt {
                request_id: "a0aabda6".into(),
                keep_text: false
            })
        );
    }

    #[test]
    fn request_level_and_per_number_errors_keep_the_vendor_code_and_message() {
        let error = interpret(
            200,
            r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"r"}}"#,
        )
        .expect_err("a failure");
        assert_eq!(error.kind, Rejected);
        assert_eq!(error.code, "AuthFailure.SignatureFailure");
        assert_eq!(
            error.message,
            "The provided credentials could not be validated."
        );
        assert_eq!(
            failure(
                200,
                r#"{"Response":{"SendStatusSet":[{"Code":"LimitExceeded.PhoneNumberDailyLimit","Message":"daily limit"}],"RequestId":"r"}}"#
            ),
            (RateLimited, "LimitExceeded.PhoneNumberDailyLimit".into())
        );
    }

    #[test]
    fn codes_map_to_kinds() {
        for (code, kind) in [
            ("LimitExceeded.PhoneNumberThirtySecondLimit", RateLimited),
            ("LimitExceeded.PhoneNumberDailyLimit", RateLimited),
            ("LimitExceeded.AppDailyLimit", Rejected),
            ("LimitExceeded.DailyLimit", Rejected),
            ("RequestLimitExceeded", RateLimited),
            ("RequestLimitExceeded.UinLimitExceeded", RateLimited),
            ("InvalidParameterValue.IncorrectPhoneNumber", InvalidNumber),
            ("FailedOperation.PhoneNumberInBlacklist", InvalidNumber),
            (
                "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
                InvalidNumber,
            ),
            ("InternalError", Unavailable),
            ("InternalError.Timeout", Unavailable),
            ("AuthFailure.SecretIdNotFound", Rejected),
            ("FailedOperation.TemplateIncorrectOrUnapproved", Rejected),
            ("FailedOperation.SignatureIncorrectOrUnapproved", Rejected),
            ("InvalidParameterValue.SdkAppIdNotExist", Rejected),
            ("Something.New", Rejected),
        ] {
            assert_eq!(kind_of(code), kind, "{code}");
        }
    }

    #[test]
    fn http_failures_and_odd_bodies_do_not_panic() {
        assert_eq!(failure(503, "busy"), (Unavailable, "http.503".into()));
        assert_eq!(failure(404, ""), (Rejected, "http.404".into()));
        for odd in [
            "",
            "not json",
            "[]",
            "{}",
            r#"{"Response":null}"#,
            r#"{"Response":{"SendStatusSet":[]}}"#,
            r#"{"Response":{"SendStatusSet":"Ok"}}"#,
        ] {
            assert_eq!(
                failure(200, odd),
                (Unavailable, "tencent.bad_response".into()),
                "{odd}"
            );
        }
        assert_eq!(
            failure(200, r#"{"Response":{"Error":{"Code":5}}}"#),
            (Rejected, "tencent.unknown".into())
        );
        assert_eq!(
            failure(200, r#"{"Response":{"SendStatusSet":[{"Code":null}]}}"#).0,
            Rejected
        );
    }
}

//! Reading SendSms answers. Success is `Code == "OK"` whatever the HTTP status says: business
//! errors come with HTTP 200, gateway errors with 4xx/5xx, both as `{Code, Message, RequestId}`.

use serde_json::Value;

use super::errors::kind_of;
use crate::providers::{ProviderError, ProviderErrorKind, Receipt};

/// The receipt or the vendor's error in an answer with HTTP `status` and `body`.
pub fn interpret(status: u16, body: &str) -> Result<Receipt, ProviderError> {
    let json: Option<Value> = serde_json::from_str(body).ok();
    let field = |name: &str| {
        json.as_ref()
            .and_then(|json| json.get(name))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let code = field("Code");
    if code == "OK" {
        return Ok(Receipt {
            request_id: field("RequestId"),
            keep_text: false,
        });
    }
    if code.is_empty() {
        // Not an Aliyun answer (a proxy's error page, an XML body, …): keep an excerpt.
        let kind = match status {
            500.. => ProviderErrorKind::Unavailable,
            _ => ProviderErrorKind::Rejected,
        };
        let excerpt: String = body.chars().take(200).collect();
        return Err(ProviderError::new(kind, format!("http.{status}"), excerpt));
    }
    Err(ProviderError::new(
        kind_of(&code, status),
        code,
        field("Message"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_gives_the_request_id() {
        let body = r#"{"Message":"OK","RequestId":"F655A8D5","BizId":"9006^0","Code":"OK"}"#;
        assert_eq!(
            interpret(200, body),
            Ok(Receipt {
                request_id: "F655A8D5".into(),
                keep_text: false
            })
        );
    }

    #[test]
    fn a_business_error_with_http_200_is_an_error_with_the_vendor_code_and_message() {
        let body = r#"{"Message":"触发分钟级流控Permits:1","RequestId":"r","Code":"isv.BUSINESS_LIMIT_CONTROL"}"#;
        let error = interpret(200, body).expect_err("throttled");
        assert_eq!(
            (error.kind, error.code.as_str(), error.message.as_str()),
            (
                ProviderErrorKind::RateLimited,
                "isv.BUSINESS_LIMIT_CONTROL",
                "触发分钟级流控Permits:1"
            )
        );
    }

    #[test]
    fn bodies_that_are_not_aliyun_json_are_errors_named_by_status() {
        let cases = [
            (
                502,
                "<html>Bad Gateway</html>",
                ProviderErrorKind::Unavailable,
            ),
            (200, "<Response/>", ProviderErrorKind::Rejected),
            (404, "", ProviderErrorKind::Rejected),
            (200, r#"{"Code":7}"#, ProviderErrorKind::Rejected),
        ];
        for (status, body, kind) in cases {
            let error = interpret(status, body).expect_err(body);
            assert_eq!(
                (error.kind, error.code),
                (kind, format!("http.{status}")),
                "{body}"
            );
        }
    }
}

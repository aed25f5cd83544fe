//! What an Aliyun error code means for the user: the vendor's codes mapped to
//! [`ProviderErrorKind`]. Unknown codes are refusals: retrying them would not help.

use crate::providers::ProviderErrorKind;

/// Codes that say the number cannot receive this message.
/// (`isv.DOMESTIC_NUMBER_NOT_SUPPORTED` is no such code: it says an international template was
/// used for a mainland number, the administrator's to fix, so it is a refusal.)
const INVALID_NUMBER: &[&str] = &["isv.MOBILE_NUMBER_ILLEGAL"];

/// Codes that say the number is throttled, so a later try passes: the per-number frequency
/// limits (one a minute, five an hour, ten a day). `isv.DAY_LIMIT_CONTROL` and
/// `isv.MONTH_LIMIT_CONTROL` are the account's volume caps set in the console: no wait helps
/// the user, so they are refusals.
const RATE_LIMITED: &[&str] = &["isv.BUSINESS_LIMIT_CONTROL"];

/// Codes that say the vendor failed on its side and a later try may pass.
const UNAVAILABLE: &[&str] = &["isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError"];

/// The kind of failure an answer with HTTP `status` and vendor `code` reports.
pub fn kind_of(code: &str, status: u16) -> ProviderErrorKind {
    if status >= 500 || UNAVAILABLE.contains(&code) {
        ProviderErrorKind::Unavailable
    } else if INVALID_NUMBER.contains(&code) {
        ProviderErrorKind::InvalidNumber
    } else if RATE_LIMITED.contains(&code) || code.starts_with("Throttling") {
        ProviderErrorKind::RateLimited
    } else {
        ProviderErrorKind::Rejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProviderErrorKind::*;

    #[test]
    fn vendor_codes_map_to_what_the_user_is_told() {
        let cases = [
            ("isv.MOBILE_NUMBER_ILLEGAL", 200, InvalidNumber),
            ("isv.DOMESTIC_NUMBER_NOT_SUPPORTED", 200, Rejected),
            ("isv.BUSINESS_LIMIT_CONTROL", 200, RateLimited),
            ("isv.DAY_LIMIT_CONTROL", 200, Rejected),
            ("isv.MONTH_LIMIT_CONTROL", 200, Rejected),
            ("Throttling.User", 400, RateLimited),
            ("Throttling", 400, RateLimited),
            ("isp.SYSTEM_ERROR", 200, Unavailable),
            ("ServiceUnavailable", 503, Unavailable),
            ("anything", 500, Unavailable),
            ("SignatureDoesNotMatch", 400, Rejected),
            ("InvalidAccessKeyId.NotFound", 404, Rejected),
            ("isv.SMS_SIGNATURE_ILLEGAL", 200, Rejected),
            ("isv.SMS_TEMPLATE_ILLEGAL", 200, Rejected),
            ("isv.SOMETHING_NEW", 200, Rejected),
        ];
        for (code, status, kind) in cases {
            assert_eq!(kind_of(code, status), kind, "{code} {status}");
        }
    }
}

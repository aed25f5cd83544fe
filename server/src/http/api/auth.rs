//! Who is calling the API: the key in `Authorization`, as a bearer secret or as HTTP Basic
//! `SID:secret` (what Twilio's libraries send). Both interfaces use this; each words a refusal
//! in its own format. Cookies are never looked at: a browser's session proves nothing here.

use axum::http::{HeaderMap, header};
use base64::Engine as _;

use crate::domain::api_keys::{ApiCaller, ApiKeyService, Credentials};

/// Longer `Authorization` values are refused unread: no key is that long.
const MAX_AUTHORIZATION_LEN: usize = 1024;

/// Why a request has no caller.
#[derive(Debug)]
pub enum AuthFailure {
    /// No credentials, malformed ones, or ones that name no live key (unknown, wrong secret,
    /// revoked): all look alike to the client.
    Refused,
    /// The keys could not be read.
    Unexpected(anyhow::Error),
}

/// The key the request presents, if it checks out.
pub async fn authenticate(
    keys: &ApiKeyService,
    headers: &HeaderMap,
) -> Result<ApiCaller, AuthFailure> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .filter(|value| value.len() <= MAX_AUTHORIZATION_LEN)
        .ok_or(AuthFailure::Refused)?;
    let (scheme, rest) = value.trim().split_once(' ').ok_or(AuthFailure::Refused)?;
    let rest = rest.trim();
    let basic;
    let credentials = if scheme.eq_ignore_ascii_case("bearer") {
        Credentials::Bearer(rest)
    } else if scheme.eq_ignore_ascii_case("basic") {
        basic = decode_basic(rest).ok_or(AuthFailure::Refused)?;
        Credentials::Basic {
            sid: &basic.0,
            secret: &basic.1,
        }
    } else {
        return Err(AuthFailure::Refused);
    };
    keys.authenticate(credentials)
        .await
        .map_err(AuthFailure::Unexpected)?
        .ok_or(AuthFailure::Refused)
}

/// `base64(user:password)` → `(user, password)`.
fn decode_basic(encoded: &str) -> Option<(String, String)> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    (!user.is_empty() && !password.is_empty()).then(|| (user.to_owned(), password.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::decode_basic;

    #[test]
    fn basic_credentials_are_decoded_and_malformed_ones_refused() {
        assert_eq!(
            decode_basic("U0sxMjM6czNjcmV0"),
            Some(("SK123".to_owned(), "s3cret".to_owned()))
        );
        // "SK123" (no colon), ":s3cret" (no user), and not base64 at all.
        for bad in ["U0sxMjM=", "OnMzY3JldA==", "%%%"] {
            assert_eq!(decode_basic(bad), None, "{bad}");
        }
    }
}

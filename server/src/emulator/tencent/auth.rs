//! Checking a TC3-HMAC-SHA256 signature the way the gateway does (the algorithm is in the Tencent
//! provider's `sign.rs`), plus the two things the official Node SDK does differently: it names
//! the endpoint host's first label as the credential-scope service, and it signs `host` without
//! the port.

use super::Refusal;
use crate::{
    emulator::{Context, EmulatorRequest},
    providers::tencent::sign::{self, Authorization, Signed, UNSIGNED_PAYLOAD},
};

/// How far the request's clock may be from ours.
const WINDOW_SECS: u64 = 300;

/// Accepts the request only if it is signed by the emulator's key within the time window.
pub fn verify(request: &EmulatorRequest, context: &Context<'_>) -> Result<(), Refusal> {
    let authorization = request
        .header("authorization")
        .and_then(Authorization::parse)
        .ok_or_else(|| {
            Refusal::new(
                "AuthFailure.InvalidAuthorization",
                "The Authorization header is malformed; expected `TC3-HMAC-SHA256 \
                 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=…, Signature=…`.",
            )
        })?;
    if authorization.secret_id != context.credentials.id {
        return Err(Refusal::new(
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
        ));
    }
    let timestamp_text = request
        .header("x-tc-timestamp")
        .ok_or_else(|| Refusal::new("MissingParameter", "The X-TC-Timestamp header is missing."))?;
    let timestamp = Some(timestamp_text)
        .filter(|text| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|text| text.parse::<i64>().ok())
        .ok_or_else(|| {
            Refusal::new(
                "InvalidParameter",
                "X-TC-Timestamp must be a Unix time in whole seconds.",
            )
        })?;
    let now = context.now_ms.div_euclid(1000);
    if now.abs_diff(timestamp) > WINDOW_SECS {
        return Err(Refusal::new(
            "AuthFailure.SignatureExpire",
            format!(
                "The signature is expired, please request again. X-TC-Timestamp {timestamp} is \
                 more than five minutes from the server time {now}."
            ),
        ));
    }
    let failure = |why: &str| {
        Refusal::new(
            "AuthFailure.SignatureFailure",
            format!(
                "The provided credentials could not be validated. Please check your signature \
                 is correct. ({why})"
            ),
        )
    };
    if sign::utc_date(timestamp).as_deref() != Some(authorization.date.as_str()) {
        return Err(failure(
            "the credential date is not the UTC date of X-TC-Timestamp",
        ));
    }
    let names: Vec<&str> = authorization.signed_headers.split(';').collect();
    if !names.contains(&"content-type") || !names.contains(&"host") {
        return Err(Refusal::new(
            "AuthFailure.InvalidAuthorization",
            "SignedHeaders must include content-type and host.",
        ));
    }
    let mut headers = Vec::with_capacity(names.len());
    for name in &names {
        let value = request
            .header(name)
            .ok_or_else(|| failure(&format!("the signed header {name} is missing")))?;
        headers.push((*name, value));
    }
    let payload_hash = if request.header("x-tc-content-sha256") == Some(UNSIGNED_PAYLOAD) {
        sign::hash_payload(UNSIGNED_PAYLOAD.as_bytes())
    } else {
        sign::hash_payload(&request.body)
    };
    let key = sign::signing_key(
        &context.credentials.secret,
        &authorization.date,
        &authorization.service,
    );
    let scope = sign::credential_scope(&authorization.date, &authorization.service);
    let signed_over = |headers: &[(&str, &str)]| {
        let canonical = sign::canonical_request(&Signed {
            method: &request.method,
            path: &request.path,
            query: "",
            headers,
            payload_hash: &payload_hash,
        });
        let to_sign = sign::string_to_sign(timestamp_text, &scope, &canonical);
        sign::signature_matches(&key, &to_sign, &authorization.signature)
    };
    if signed_over(&headers) {
        return Ok(());
    }
    // The Node SDK signs the host name alone while sending `Host: name:port`.
    let without_port: Vec<(&str, &str)> = headers
        .iter()
        .map(|&(name, value)| match name {
            "host" => (name, strip_port(value)),
            _ => (name, value),
        })
        .collect();
    if without_port != headers && signed_over(&without_port) {
        return Ok(());
    }
    Err(failure("the signature does not match"))
}

/// `127.0.0.1:3100` → `127.0.0.1`, `[::1]:3100` → `[::1]`; a host without a port is unchanged.
fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port))
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && (!name.contains(':') || name.ends_with(']')) =>
        {
            name
        }
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::strip_port;

    #[test]
    fn ports_are_stripped_from_names_and_bracketed_addresses_only() {
        assert_eq!(strip_port("127.0.0.1:3100"), "127.0.0.1");
        assert_eq!(strip_port("localhost:3100"), "localhost");
        assert_eq!(strip_port("[::1]:3100"), "[::1]");
        assert_eq!(strip_port("[::1]"), "[::1]");
        assert_eq!(
            strip_port("sms.tencentcloudapi.com"),
            "sms.tencentcloudapi.com"
        );
    }
}

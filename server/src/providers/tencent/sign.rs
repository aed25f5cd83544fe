//! TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature, as pure functions of the request
//! and the timestamp. The client signs with them and the emulator verifies with the very same
//! code, so the two cannot drift apart.
//!
//! ```text
//! CanonicalRequest = Method \n URI \n Query \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
//! StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request \n hex(sha256(CanonicalRequest))
//! SigningKey       = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service), "tc3_request")
//! Signature        = hex(HMAC(SigningKey, StringToSign))
//! ```

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// `X-TC-Content-SHA256` value that leaves the body out of the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const TERMINATOR: &str = "tc3_request";

/// The parts of a request the signature covers.
pub struct Signed<'a> {
    /// `POST`.
    pub method: &'a str,
    /// Always `/` for the API.
    pub path: &'a str,
    /// Empty for POST.
    pub query: &'a str,
    /// The signed headers as `(name, value as sent)`, in any order and case.
    pub headers: &'a [(&'a str, &'a str)],
    /// [`hash_payload`] of the body, or of [`UNSIGNED_PAYLOAD`].
    pub payload_hash: &'a str,
}

/// Lowercase hex SHA-256 of the exact bytes.
pub fn hash_payload(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `content-type;host`: lowercase names, sorted, `;`-joined.
pub fn signed_headers(headers: &[(&str, &str)]) -> String {
    sorted_lowercase(headers)
        .into_iter()
        .map(|(name, _)| name)
        .collect::<Vec<_>>()
        .join(";")
}

pub fn canonical_request(request: &Signed<'_>) -> String {
    // The documented rule lowercases values too (`x-tc-action:sendsms` in the official vector).
    let canonical_headers: String = sorted_lowercase(request.headers)
        .into_iter()
        .map(|(name, value)| format!("{name}:{}\n", value.trim().to_lowercase()))
        .collect();
    format!(
        "{}\n{}\n{}\n{canonical_headers}\n{}\n{}",
        request.method,
        request.path,
        request.query,
        signed_headers(request.headers),
        request.payload_hash
    )
}

fn sorted_lowercase<'a>(headers: &[(&str, &'a str)]) -> Vec<(String, &'a str)> {
    let mut headers: Vec<(String, &str)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), *value))
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    headers
}

/// The UTC date (`YYYY-MM-DD`) of a Unix timestamp: the credential date. Not the local date,
/// which in China is a day ahead for eight hours a day.
pub fn utc_date(timestamp: i64) -> Option<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::from_unix_timestamp(timestamp)
        .ok()?
        .format(&format)
        .ok()
}

/// `2019-02-25/sms/tc3_request`.
pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/{TERMINATOR}")
}

/// `timestamp` is the `X-TC-Timestamp` header text, signed as written.
pub fn string_to_sign(timestamp: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{timestamp}\n{scope}\n{}",
        hash_payload(canonical_request.as_bytes())
    )
}

/// The key derived from the secret for one date and service.
pub fn signing_key(secret_key: &str, date: &str, service: &str) -> Vec<u8> {
    let secret_date = hmac(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let secret_service = hmac(&secret_date, service.as_bytes());
    hmac(&secret_service, TERMINATOR.as_bytes())
}

/// Lowercase hex signature.
pub fn signature(signing_key: &[u8], string_to_sign: &str) -> String {
    hex::encode(hmac(signing_key, string_to_sign.as_bytes()))
}

/// Whether `claimed` (hex) is the signature, compared in constant time.
pub fn signature_matches(signing_key: &[u8], string_to_sign: &str, claimed: &str) -> bool {
    let Ok(claimed) = hex::decode(claimed) else {
        return false;
    };
    keyed(signing_key, string_to_sign.as_bytes())
        .verify_slice(&claimed)
        .is_ok()
}

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    keyed(key, message).finalize().into_bytes().to_vec()
}

fn keyed(key: &[u8], message: &[u8]) -> Hmac<Sha256> {
    let mut mac = crate::mac::hmac_sha256(key);
    mac.update(message);
    mac
}

/// The `Authorization` header: what it names, to build it or to read it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub secret_id: String,
    pub date: String,
    /// `sms` by the documentation; the Node SDK sends the endpoint host's first label
    /// (`127`, `localhost:3100`), so a verifier must accept whatever is named here.
    pub service: String,
    pub signed_headers: String,
    pub signature: String,
}

impl Authorization {
    /// `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=…, Signature=…`.
    pub fn header(&self) -> String {
        format!(
            "{ALGORITHM} Credential={}/{}, SignedHeaders={}, Signature={}",
            self.secret_id,
            credential_scope(&self.date, &self.service),
            self.signed_headers,
            self.signature
        )
    }

    /// Reads the header; `None` when it is not in the documented shape. The separators may be
    /// `,` or `, ` as the documented pattern allows.
    pub fn parse(header: &str) -> Option<Self> {
        let rest = header.strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
        let mut parts = rest.split(',').map(|part| part.trim_start_matches(' '));
        let credential = parts.next()?.strip_prefix("Credential=")?;
        let signed_headers = parts.next()?.strip_prefix("SignedHeaders=")?;
        let signature = parts.next()?.strip_prefix("Signature=")?;
        if parts.next().is_some() {
            return None;
        }
        let mut scope = credential.split('/');
        let (secret_id, date, service, terminator) =
            (scope.next()?, scope.next()?, scope.next()?, scope.next()?);
        let well_formed = scope.next().is_none()
            && terminator == TERMINATOR
            && !secret_id.is_empty()
            && !service.is_empty()
            && is_date(date)
            && !signed_headers.is_empty()
            && signed_headers
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b';' || b == b'-')
            && signature.len() == 64
            && signature
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| Self {
            secret_id: secret_id.to_owned(),
            date: date.to_owned(),
            service: service.to_owned(),
            signed_headers: signed_headers.to_owned(),
            signature: signature.to_owned(),
        })
    }
}

/// `\d{4}-\d{2}-\d{2}`.
fn is_date(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        })
}

/// Everything the client needs to sign one request.
pub struct Credentials<'a> {
    pub secret_id: &'a str,
    pub secret_key: &'a str,
}

/// Signs `request` at `timestamp` for `service` and returns the `Authorization` header.
pub fn authorize(
    credentials: &Credentials<'_>,
    service: &str,
    timestamp: i64,
    request: &Signed<'_>,
) -> Option<String> {
    let date = utc_date(timestamp)?;
    let scope = credential_scope(&date, service);
    let to_sign = string_to_sign(&timestamp.to_string(), &scope, &canonical_request(request));
    let key = signing_key(credentials.secret_key, &date, service);
    Some(
        Authorization {
            secret_id: credentials.secret_id.to_owned(),
            date,
            service: service.to_owned(),
            signed_headers: signed_headers(request.headers),
            signature: signature(&key, &to_sign),
        }
        .header(),
    )
}

#[cfg(test)]
mod tests {
    use crate::providers::signature_vectors::{text, vector};

    use super::*;

    /// The documented inputs of the SendSms vectors in `signature-vectors.json` (the file holds
    /// the expected outputs).
    const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    const TIMESTAMP: i64 = 1_551_113_065;
    const HOST: &str = "sms.tencentcloudapi.com";

    fn reproduces(name: &str, headers: &[(&str, &str)]) {
        let vector = vector(name);
        let body = text(&vector, "body").as_bytes();
        let payload_hash = hash_payload(body);
        assert_eq!(payload_hash, text(&vector, "hashed_payload"), "{name}");
        let request = Signed {
            method: "POST",
            path: "/",
            query: "",
            headers,
            payload_hash: &payload_hash,
        };
        let canonical = canonical_request(&request);
        assert_eq!(canonical, text(&vector, "canonical_request"), "{name}");
        let date = utc_date(TIMESTAMP).expect("a date");
        let scope = credential_scope(&date, "sms");
        let to_sign = string_to_sign(&TIMESTAMP.to_string(), &scope, &canonical);
        assert_eq!(to_sign, text(&vector, "string_to_sign"), "{name}");
        let key = signing_key(SECRET_KEY, &date, "sms");
        assert_eq!(
            signature(&key, &to_sign),
            text(&vector, "signature"),
            "{name}"
        );
        assert!(signature_matches(
            &key,
            &to_sign,
            text(&vector, "signature")
        ));
        let credentials = Credentials {
            secret_id: SECRET_ID,
            secret_key: SECRET_KEY,
        };
        let header = authorize(&credentials, "sms", TIMESTAMP, &request).expect("signed");
        assert_eq!(header, text(&vector, "authorization"), "{name}");
        let parsed = Authorization::parse(&header).expect("parses back");
        assert_eq!(parsed.header(), header);
    }

    #[test]
    fn the_sdk_style_sendsms_vector_is_reproduced() {
        reproduces(
            "tc3_sdk_style",
            &[("Host", HOST), ("Content-Type", "application/json")],
        );
    }

    #[test]
    fn the_doc_style_sendsms_vector_is_reproduced() {
        reproduces(
            "tc3_doc_style",
            &[
                ("X-TC-Action", "SendSms"),
                ("Content-Type", "application/json; charset=utf-8"),
                ("Host", HOST),
            ],
        );
    }

    #[test]
    fn the_official_derived_keys_are_reproduced() {
        // Rev D of the TC3 documentation publishes the intermediate keys for a masked secret.
        let secret = "*".repeat(32);
        let date_key = hmac(format!("TC3{secret}").as_bytes(), b"2019-02-25");
        assert_eq!(
            hex::encode(&date_key),
            "da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0"
        );
        assert_eq!(
            hex::encode(signing_key(&secret, "2019-02-25", "cvm")),
            "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af"
        );
    }

    #[test]
    fn the_credential_date_is_the_utc_date() {
        // 00:44 on the 26th in Beijing, still the 25th in UTC.
        assert_eq!(utc_date(TIMESTAMP).as_deref(), Some("2019-02-25"));
    }

    #[test]
    fn malformed_authorization_headers_are_refused() {
        let good = vector("tc3_sdk_style");
        let good = text(&good, "authorization");
        assert!(Authorization::parse(good).is_some());
        let compact = good.replace(", ", ",");
        assert!(
            Authorization::parse(&compact).is_some(),
            "`,` alone is allowed"
        );
        let node = good.replace("/sms/", "/localhost:3100/");
        assert_eq!(
            Authorization::parse(&node).map(|a| a.service).as_deref(),
            Some("localhost:3100"),
            "the Node SDK's service is accepted"
        );
        for bad in [
            "",
            "Basic abc",
            &good.replace("TC3-HMAC-SHA256 ", "TC3-HMAC-SHA1 "),
            &good.replace("/tc3_request", "/tc4_request"),
            &good.replace("2019-02-25", "2019-2-25"),
            &good.replace(
                "SignedHeaders=content-type;host",
                "SignedHeaders=Content-Type;host",
            ),
            &good[..good.len() - 1],
            &format!("{good}, Extra=1"),
            &good.replace(
                "Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/",
                "Credential=/",
            ),
        ] {
            assert_eq!(Authorization::parse(bad), None, "{bad}");
        }
    }
}

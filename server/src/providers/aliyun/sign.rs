//! Aliyun request signing, pure: the canonical forms, strings to sign and signatures of V2
//! (HMAC-SHA1, `Signature` parameter) and V3 (`ACS3-HMAC-SHA256`, `Authorization` header).
//! Time and nonce are arguments, so the vendor's vectors are reproduced exactly. The client
//! signs with these functions and the emulator verifies with the same ones.

use std::collections::BTreeMap;

use base64::{Engine as _, engine::general_purpose::STANDARD as BASE64};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use time::{
    OffsetDateTime, PrimitiveDateTime, format_description::FormatItem, macros::format_description,
};

use crate::providers::percent;

/// The V3 algorithm name, first word of `Authorization` and first line of the string to sign.
pub const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// `Timestamp` (V2) and `x-acs-date` (V3): UTC, whole seconds, literal `Z`.
const TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// `name=value` pairs RFC 3986-encoded, sorted by name (then value, so duplicates are stable),
/// joined with `&`; an empty value gives `name=`. V2 and V3 canonicalise parameters alike.
pub fn canonical_query(params: &[(&str, &str)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(name, value)| (percent::encode(name), percent::encode(value)))
        .collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// V2: `METHOD&%2F&<encoded canonical query>`. The method is signed, so GET and POST differ.
pub fn v2_string_to_sign(method: &str, canonical_query: &str) -> String {
    format!(
        "{method}&{}&{}",
        percent::encode("/"),
        percent::encode(canonical_query)
    )
}

/// V2: base64 HMAC-SHA1 keyed with `secret&`.
pub fn v2_signature(secret: &str, string_to_sign: &str) -> String {
    BASE64.encode(v2_mac(secret, string_to_sign).finalize().into_bytes())
}

/// V2: whether `claimed` (base64, already URL-decoded) is the signature, compared in constant
/// time.
pub fn v2_signature_matches(secret: &str, string_to_sign: &str, claimed: &str) -> bool {
    BASE64.decode(claimed).is_ok_and(|claimed| {
        v2_mac(secret, string_to_sign)
            .verify_slice(&claimed)
            .is_ok()
    })
}

fn v2_mac(secret: &str, string_to_sign: &str) -> Hmac<Sha1> {
    let mut mac = crate::mac::hmac_sha1(format!("{secret}&").as_bytes());
    mac.update(string_to_sign.as_bytes());
    mac
}

/// Lower-case hex SHA-256: the V3 payload hash (`x-acs-content-sha256`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// V3: the signed header names, lower-cased, sorted, without repeats, joined with `;`.
pub fn signed_headers(headers: &[(&str, &str)]) -> String {
    grouped(headers).into_keys().collect::<Vec<_>>().join(";")
}

/// V3: `name:value\n` per signed header, sorted by lower-cased name, values trimmed; a header
/// sent twice has its sorted values joined with `,` (as the SDK does).
fn canonical_headers(headers: &[(&str, &str)]) -> String {
    grouped(headers)
        .into_iter()
        .map(|(name, mut values)| {
            values.sort_unstable();
            format!("{name}:{}\n", values.join(","))
        })
        .collect()
}

fn grouped<'a>(headers: &[(&str, &'a str)]) -> BTreeMap<String, Vec<&'a str>> {
    let mut grouped: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, value) in headers {
        grouped
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(value.trim());
    }
    grouped
}

/// What a V3 signature covers.
#[derive(Debug, Clone, Copy)]
pub struct V3Request<'a> {
    pub method: &'a str,
    /// Always `/` for RPC-style APIs such as SendSms.
    pub path: &'a str,
    /// Query parameters, decoded (the body's form parameters are not part of it).
    pub query: &'a [(&'a str, &'a str)],
    /// Exactly the signed headers, names in any case.
    pub headers: &'a [(&'a str, &'a str)],
    /// `sha256_hex` of the raw body.
    pub payload_sha256: &'a str,
}

/// V3: method, path, canonical query, canonical headers, signed headers and payload hash, one
/// per line (the canonical headers end in a newline, so a blank line precedes the names).
pub fn v3_canonical_request(request: &V3Request<'_>) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        request.path,
        canonical_query(request.query),
        canonical_headers(request.headers),
        signed_headers(request.headers),
        request.payload_sha256
    )
}

/// V3: the algorithm and the hex SHA-256 of the canonical request.
pub fn v3_string_to_sign(canonical_request: &str) -> String {
    format!(
        "{V3_ALGORITHM}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// V3: lower-case hex HMAC-SHA256 keyed with the raw secret.
pub fn v3_signature(secret: &str, string_to_sign: &str) -> String {
    hex::encode(v3_mac(secret, string_to_sign).finalize().into_bytes())
}

/// V3: whether `claimed` (hex) is the signature, compared in constant time.
pub fn v3_signature_matches(secret: &str, string_to_sign: &str, claimed: &str) -> bool {
    hex::decode(claimed).is_ok_and(|claimed| {
        v3_mac(secret, string_to_sign)
            .verify_slice(&claimed)
            .is_ok()
    })
}

fn v3_mac(secret: &str, string_to_sign: &str) -> Hmac<Sha256> {
    let mut mac = crate::mac::hmac_sha256(secret.as_bytes());
    mac.update(string_to_sign.as_bytes());
    mac
}

/// V3: the `Authorization` value (no space after the commas, unlike TC3 and SigV4).
pub fn v3_authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!(
        "{V3_ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"
    )
}

/// Unix seconds as `2023-03-13T08:34:30Z`; `None` outside the representable years.
pub fn format_timestamp(unix_secs: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(unix_secs)
        .ok()?
        .format(TIMESTAMP)
        .ok()
}

/// `2023-03-13T08:34:30Z` as Unix seconds; `None` for any other shape.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    PrimitiveDateTime::parse(text, TIMESTAMP)
        .ok()
        .map(|moment| moment.assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use crate::providers::signature_vectors::{text, vector};

    use super::*;

    const SIGN_NAME: &str = "阿里云短信测试";
    const TEMPLATE_PARAM: &str = r#"{"code":"1234"}"#;

    /// The SendSms parameters of the derived vectors in `server/testdata/signature-vectors.json`.
    fn v2_send_sms_params() -> Vec<(&'static str, &'static str)> {
        vec![
            ("AccessKeyId", "testid"),
            ("Action", "SendSms"),
            ("Format", "JSON"),
            ("OutId", "order-42"),
            ("PhoneNumbers", "13800138000"),
            ("SignName", SIGN_NAME),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_154950909"),
            ("TemplateParam", TEMPLATE_PARAM),
            ("Timestamp", "2023-03-13T08:34:30Z"),
            ("Version", "2017-05-25"),
        ]
    }

    fn v3_send_sms_params() -> Vec<(&'static str, &'static str)> {
        vec![
            ("TemplateParam", TEMPLATE_PARAM),
            ("PhoneNumbers", "13800138000"),
            ("OutId", "order-42"),
            ("TemplateCode", "SMS_154950909"),
            ("SignName", SIGN_NAME),
        ]
    }

    #[test]
    fn the_v2_send_sms_vectors_are_reproduced_for_post_and_get() {
        for (name, method) in [("aliyun_v2_POST", "POST"), ("aliyun_v2_GET", "GET")] {
            let expected = vector(name);
            let mut params = v2_send_sms_params();
            params.reverse();

            let query = canonical_query(&params);
            let string_to_sign = v2_string_to_sign(method, &query);
            let signature = v2_signature("testsecret", &string_to_sign);

            assert_eq!(query, text(&expected, "canonical_query"), "{name}");
            assert_eq!(string_to_sign, text(&expected, "string_to_sign"), "{name}");
            assert_eq!(signature, text(&expected, "signature"), "{name}");
            assert_eq!(
                percent::encode(&signature),
                text(&expected, "signature_urlencoded"),
                "{name}"
            );
            assert!(v2_signature_matches(
                "testsecret",
                &string_to_sign,
                &signature
            ));
            assert!(!v2_signature_matches("other", &string_to_sign, &signature));
        }
    }

    fn v3_send_sms_headers(payload_sha256: &str) -> Vec<(&'static str, String)> {
        vec![
            ("x-acs-version", "2017-05-25".into()),
            ("Host", "dysmsapi.aliyuncs.com".into()),
            ("x-acs-action", "SendSms".into()),
            ("x-acs-date", "2023-10-26T10:22:32Z".into()),
            (
                "x-acs-signature-nonce",
                "3156853299f313e23d1673dc12e1703d".into(),
            ),
            ("x-acs-content-sha256", payload_sha256.into()),
        ]
    }

    fn sign_v3(vector_name: &str, query: &[(&str, &str)], headers: &[(&str, &str)], body: &str) {
        let expected = vector(vector_name);
        let payload_sha256 = sha256_hex(body.as_bytes());
        let request = V3Request {
            method: "POST",
            path: "/",
            query,
            headers,
            payload_sha256: &payload_sha256,
        };

        let canonical = v3_canonical_request(&request);
        let string_to_sign = v3_string_to_sign(&canonical);
        let signature = v3_signature("YourAccessKeySecret", &string_to_sign);

        assert_eq!(
            canonical,
            text(&expected, "canonical_request"),
            "{vector_name}"
        );
        assert_eq!(
            string_to_sign,
            text(&expected, "string_to_sign"),
            "{vector_name}"
        );
        assert_eq!(signature, text(&expected, "signature"), "{vector_name}");
        assert_eq!(
            v3_authorization("YourAccessKeyId", &signed_headers(headers), &signature),
            text(&expected, "authorization"),
            "{vector_name}"
        );
        assert!(v3_signature_matches(
            "YourAccessKeySecret",
            &string_to_sign,
            &signature
        ));
        assert!(!v3_signature_matches("other", &string_to_sign, &signature));
    }

    #[test]
    fn the_v3_send_sms_vector_with_parameters_in_the_query_is_reproduced() {
        let expected = vector("aliyun_v3_query");
        let params = v3_send_sms_params();
        assert_eq!(canonical_query(&params), text(&expected, "canonical_query"));
        let headers = v3_send_sms_headers(&sha256_hex(b""));
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();

        sign_v3("aliyun_v3_query", &params, &headers, "");
    }

    #[test]
    fn the_v3_send_sms_vector_with_parameters_in_a_form_body_is_reproduced() {
        let expected = vector("aliyun_v3_formbody");
        let body = text(&expected, "body");
        assert_eq!(
            sha256_hex(body.as_bytes()),
            text(&expected, "content_sha256")
        );
        let mut headers = v3_send_sms_headers(&sha256_hex(body.as_bytes()));
        headers.push(("Content-Type", "application/x-www-form-urlencoded".into()));
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();

        sign_v3("aliyun_v3_formbody", &[], &headers, body);
    }

    #[test]
    fn the_official_v2_documentation_examples_are_reproduced() {
        let describe_regions = |timestamp_name| {
            vec![
                ("AccessKeyId", "testid"),
                ("Action", "DescribeRegions"),
                ("Format", "XML"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
                ("SignatureVersion", "1.0"),
                (timestamp_name, "2016-02-23T12:46:24Z"),
                ("Version", "2014-05-26"),
            ]
        };
        let dedicated_hosts = vec![
            ("AccessKeyId", "testid"),
            ("Action", "DescribeDedicatedHosts"),
            ("Format", "JSON"),
            ("RegionId", "cn-beijing"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2023-03-13T08:34:30Z"),
            ("Version", "2014-05-26"),
        ];
        // (parameters, method, signature): Aliyun's own published examples for the V2
        // signature (DescribeRegions, the documentation's test key `testsecret`).
        let cases = [
            (
                describe_regions("Timestamp"),
                "GET",
                "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
            ),
            (
                describe_regions("Timestamp"),
                "POST",
                "MxbnVAM4w6sft9xjVpe/GCKueuk=",
            ),
            (
                describe_regions("TimeStamp"),
                "GET",
                "CT9X0VtwR86fNWSnsc6v8YGOjuE=",
            ),
            (
                dedicated_hosts.clone(),
                "GET",
                "9NaGiOspFP5UPcwX8Iwt2YJXXuk=",
            ),
            (dedicated_hosts, "POST", "ZvQ9xGiFnquSJRvj+WE6kdSpTwU="),
        ];
        for (params, method, signature) in cases {
            let string_to_sign = v2_string_to_sign(method, &canonical_query(&params));
            assert_eq!(v2_signature("testsecret", &string_to_sign), signature);
        }
    }

    #[test]
    fn the_official_v3_documentation_example_is_reproduced() {
        let headers = [
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-version", "2014-05-26"),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-content-sha256", &sha256_hex(b"")),
        ];
        let query = [
            (
                "ImageId",
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            ),
            ("RegionId", "cn-shanghai"),
        ];
        let payload_sha256 = sha256_hex(b"");
        let string_to_sign = v3_string_to_sign(&v3_canonical_request(&V3Request {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            payload_sha256: &payload_sha256,
        }));

        assert_eq!(
            string_to_sign,
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        assert_eq!(
            v3_signature("YourAccessKeySecret", &string_to_sign),
            "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
    }

    #[test]
    fn repeated_headers_are_joined_sorted_and_trimmed() {
        let headers = [("X-Acs-B", " 2 "), ("x-acs-a", "z"), ("x-acs-b", "1")];
        assert_eq!(signed_headers(&headers), "x-acs-a;x-acs-b");
        assert_eq!(canonical_headers(&headers), "x-acs-a:z\nx-acs-b:1,2\n");
    }

    #[test]
    fn malformed_signatures_never_match() {
        assert!(!v2_signature_matches("s", "x", "not base64!"));
        assert!(!v3_signature_matches("s", "x", "zz"));
        assert!(!v3_signature_matches("s", "x", ""));
    }

    #[test]
    fn timestamps_are_utc_whole_seconds_with_a_literal_z() {
        assert_eq!(
            format_timestamp(1_678_696_470).as_deref(),
            Some("2023-03-13T08:34:30Z")
        );
        assert_eq!(parse_timestamp("2023-03-13T08:34:30Z"), Some(1_678_696_470));
        for bad in [
            "2023-03-13 08:34:30",
            "2023-03-13T08:34:30.5Z",
            "2023-03-13T08:34:30+08:00",
            "",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }
}

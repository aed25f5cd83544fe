//! The Aliyun emulator against requests captured from the official SDKs, tampered copies of
//! them, and the requests our own client builds.

use std::sync::Arc;

use serde_json::Value;

use super::handle;
use app::types::OtpCode;

use crate::{
    clock::Clock,
    emulator::{
        AllowList, EmulatorRequest, Fault, Handled, KeyPair, Reply,
        test_gateway::{Gateway, captured},
    },
    providers::{
        Aliyun, Destinations, Http, Outgoing,
        aliyun::{request::Config, sign},
        endpoint, percent,
    },
};

/// The emulator with its default credentials, no faults, any sign name and template.
fn default_gateway() -> Gateway {
    Gateway::new(handle, default_keys())
}

fn default_keys() -> KeyPair {
    KeyPair {
        id: "LTAIemulatorAccessKey".into(),
        secret: "emulator-aliyun-access-key-secret".into(),
    }
}

/// The HTTP status and `Code` of an answer.
fn outcome(handled: &Handled) -> (u16, String) {
    match &handled.reply {
        Reply::Respond { status, body, .. } => {
            let body: Value = serde_json::from_slice(body).expect("a JSON answer");
            (
                *status,
                body["Code"].as_str().unwrap_or_default().to_owned(),
            )
        }
        Reply::Hang => (0, "hang".into()),
    }
}

fn message(handled: &Handled) -> String {
    match &handled.reply {
        Reply::Respond { body, .. } => {
            let body: Value = serde_json::from_slice(body).expect("a JSON answer");
            body["Message"].as_str().unwrap_or_default().to_owned()
        }
        Reply::Hang => String::new(),
    }
}

/// A request captured from an official SDK, with its credentials and the time it was made.
struct Captured {
    name: &'static str,
    credentials: KeyPair,
    request: EmulatorRequest,
    now_ms: i64,
}

impl Captured {
    fn is_v3(&self) -> bool {
        self.request.header("authorization").is_some()
    }
}

fn captures() -> Vec<Captured> {
    [
        (
            "aliyun",
            include_str!("../../../testdata/captured/aliyun.json"),
        ),
        (
            "aliyun-sdk4",
            include_str!("../../../testdata/captured/aliyun-sdk4.json"),
        ),
        (
            "aliyun-special-chars",
            include_str!("../../../testdata/captured/aliyun-special-chars.json"),
        ),
        (
            "aliyun-v2",
            include_str!("../../../testdata/captured/aliyun-v2.json"),
        ),
        (
            "aliyun-v2-sdk4",
            include_str!("../../../testdata/captured/aliyun-v2-sdk4.json"),
        ),
        (
            "aliyun-v2-special-chars",
            include_str!("../../../testdata/captured/aliyun-v2-special-chars.json"),
        ),
    ]
    .into_iter()
    .map(|(name, text)| {
        let (request, credentials) = captured(text);
        let signed_at = request
            .header("x-acs-date")
            .map(str::to_owned)
            .or_else(|| {
                percent::decode_pairs(&request.query)
                    .expect("a valid query")
                    .into_iter()
                    .find(|(name, _)| name == "Timestamp")
                    .map(|(_, value)| value)
            })
            .and_then(|stamp| sign::parse_timestamp(&stamp))
            .expect("a timestamp");
        Captured {
            name,
            credentials,
            request,
            now_ms: signed_at * 1000,
        }
    })
    .collect()
}

#[test]
fn every_captured_official_sdk_request_is_accepted_at_its_own_time() {
    for capture in captures() {
        let gateway = Gateway::new(handle, capture.credentials.clone());

        let handled = gateway.judge(&capture.request, capture.now_ms);

        assert_eq!(
            outcome(&handled),
            (200, "OK".into()),
            "{}: {}",
            capture.name,
            message(&handled)
        );
        let accepted = handled.accepted.expect("a message");
        assert_eq!(accepted.to, "+8613800138000", "{}", capture.name);
        assert_eq!(accepted.template, "SMS_154950909", "{}", capture.name);
        assert_eq!(accepted.text, r#"{"code":"123456"}"#, "{}", capture.name);
    }
}

/// `text` with one character changed: its last digit or else its last ASCII letter moved on by
/// one (so dates and hex stay well formed), or else its last character replaced.
fn changed(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let position = chars
        .iter()
        .rposition(char::is_ascii_digit)
        .or_else(|| chars.iter().rposition(char::is_ascii_alphabetic));
    match position {
        Some(at) => {
            chars[at] = match chars[at] {
                '9' => '0',
                'z' => 'a',
                'Z' => 'A',
                other => char::from(u8::try_from(other).expect("ASCII") + 1),
            }
        }
        None => {
            chars.pop();
            chars.push('X');
        }
    }
    let changed: String = chars.into_iter().collect();
    assert_ne!(changed, text);
    changed
}

/// Copies of `capture` with one signed byte changed, each named, with the codes that may refuse
/// it (changing the action or version names another API; the key id, an unknown key; …).
fn tampered(capture: &Captured) -> Vec<(String, EmulatorRequest, &'static [&'static str])> {
    const MISMATCH: &[&str] = &["SignatureDoesNotMatch"];
    let mut copies = Vec::new();
    let pairs = percent::decode_pairs(&capture.request.query).expect("a valid query");
    for index in 0..pairs.len() {
        let mut request = capture.request.clone();
        request.query = pairs
            .iter()
            .enumerate()
            .map(|(at, (name, value))| {
                let value = if at == index {
                    changed(value)
                } else {
                    value.clone()
                };
                format!("{}={}", percent::encode(name), percent::encode(&value))
            })
            .collect::<Vec<_>>()
            .join("&");
        let codes: &'static [&'static str] = match pairs[index].0.as_str() {
            "Action" | "Version" => &["InvalidApi.NotFound"],
            "AccessKeyId" => &["InvalidAccessKeyId.NotFound"],
            "SignatureMethod" => &["InvalidSignatureMethod"],
            "SignatureVersion" => &["InvalidParameter"],
            _ => MISMATCH,
        };
        copies.push((format!("query {}", pairs[index].0), request, codes));
    }
    if let Some(authorization) = capture.request.header("authorization") {
        let signed: Vec<String> = authorization
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .expect("SignedHeaders")
            .split(';')
            .map(str::to_owned)
            .collect();
        for name in signed.iter().chain([&"authorization".to_owned()]) {
            let mut request = capture.request.clone();
            for (key, value) in &mut request.headers {
                if key == name {
                    *value = changed(value);
                }
            }
            let codes: &'static [&'static str] = match name.as_str() {
                "x-acs-action" | "x-acs-version" => &["InvalidApi.NotFound"],
                _ => MISMATCH,
            };
            copies.push((format!("header {name}"), request, codes));
        }
    }
    copies
}

#[test]
fn every_captured_request_is_refused_once_any_signed_byte_changes() {
    for capture in captures() {
        let copies = tampered(&capture);
        assert!(
            copies.len() >= 8,
            "{}: {} tampered copies",
            capture.name,
            copies.len()
        );
        for (what, request, codes) in copies {
            // A fresh gateway each time: the nonce is not what refuses the copy.
            let gateway = Gateway::new(handle, capture.credentials.clone());

            let handled = gateway.judge(&request, capture.now_ms);

            let (status, code) = outcome(&handled);
            assert!(handled.accepted.is_none(), "{} {what}", capture.name);
            assert!(
                status >= 400 && codes.contains(&code.as_str()),
                "{} {what}: {status} {code}",
                capture.name
            );
        }
    }
}

#[test]
fn a_captured_request_is_refused_with_another_secret() {
    for capture in captures() {
        let gateway = Gateway::new(
            handle,
            KeyPair {
                secret: "another-secret".into(),
                ..capture.credentials.clone()
            },
        );

        let handled = gateway.judge(&capture.request, capture.now_ms);

        assert_eq!(
            outcome(&handled),
            (400, "SignatureDoesNotMatch".into()),
            "{}",
            capture.name
        );
        let expected_start = match capture.is_v3() {
            true => "server string to sign is:ACS3-HMAC-SHA256\n",
            false => "server string to sign is:POST&%2F&AccessKeyId%3D",
        };
        assert!(
            message(&handled).contains(expected_start),
            "{}: {}",
            capture.name,
            message(&handled)
        );
    }
}

#[test]
fn a_replayed_nonce_is_refused() {
    for capture in captures() {
        let gateway = Gateway::new(handle, capture.credentials.clone());
        assert_eq!(
            outcome(&gateway.judge(&capture.request, capture.now_ms)).1,
            "OK"
        );

        let again = gateway.judge(&capture.request, capture.now_ms + 60_000);

        assert_eq!(
            outcome(&again),
            (400, "SignatureNonceUsed".into()),
            "{}",
            capture.name
        );
        assert!(again.accepted.is_none());
    }
}

#[test]
fn timestamps_more_than_15_minutes_off_are_refused() {
    for capture in captures() {
        for skew_ms in [15 * 60_000 + 1_000, -(15 * 60_000 + 1_000)] {
            let gateway = Gateway::new(handle, capture.credentials.clone());

            let handled = gateway.judge(&capture.request, capture.now_ms + skew_ms);

            assert_eq!(
                outcome(&handled),
                (400, "InvalidTimeStamp.Expired".into()),
                "{}",
                capture.name
            );
        }
        let gateway = Gateway::new(handle, capture.credentials.clone());
        let within = gateway.judge(&capture.request, capture.now_ms + 14 * 60_000);
        assert_eq!(
            outcome(&within).1,
            "OK",
            "{} within the window",
            capture.name
        );
    }
}

#[test]
fn an_unknown_access_key_is_not_found() {
    for capture in captures() {
        let gateway = Gateway::new(
            handle,
            KeyPair {
                id: "LTAIsomeoneElse".into(),
                ..capture.credentials.clone()
            },
        );

        let handled = gateway.judge(&capture.request, capture.now_ms);

        assert_eq!(
            outcome(&handled),
            (404, "InvalidAccessKeyId.NotFound".into()),
            "{}",
            capture.name
        );
    }
}

/// A clock that always reads the same time.
struct Fixed(i64);

impl Clock for Fixed {
    fn now_ms(&self) -> i64 {
        self.0
    }
}

const NOW_MS: i64 = 1_764_000_000_000;

fn config(signature_version: &str, endpoint: &str) -> Config {
    let credentials = default_keys();
    let settings = serde_json::json!({
        "access_key_id": credentials.id,
        "access_key_secret": credentials.secret,
        "endpoint": endpoint,
        "sign_name": "Verigate 测试",
        "template_code": "SMS_154950909",
        "signature_version": signature_version,
    });
    Config::from_settings(settings.as_object().expect("an object")).expect("valid settings")
}

/// The request `Aliyun::send` would make, as the emulator would receive it.
fn our_request(config: &Config, to: &str, nonce: &str) -> EmulatorRequest {
    let aliyun = Aliyun::new(
        Http::new(Arc::new(Fixed(NOW_MS)), Destinations::AnyIncludingPrivate)
            .expect("an HTTP client"),
    );
    let code = OtpCode::typed("123456").expect("a code");
    let message = Outgoing {
        to,
        code: &code,
        text: "",
        verifier_uid: "v_sms",
        scene: "test",
        locale: app::i18n::Locale::en,
    };
    let signed = aliyun.request(config, &message, nonce).expect("a request");
    let url = reqwest::Url::parse(&signed.url).expect("a URL");
    let mut headers = vec![("host".to_owned(), endpoint::host_header(&url))];
    headers.extend(
        signed
            .headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone())),
    );
    EmulatorRequest {
        method: "POST".into(),
        path: url.path().to_owned(),
        query: url.query().unwrap_or_default().to_owned(),
        headers,
        body: Vec::new(),
    }
}

#[test]
fn our_own_v2_and_v3_requests_are_accepted() {
    for version in ["v3", "v2"] {
        for endpoint in ["http://127.0.0.1:3100", ""] {
            let gateway = default_gateway();
            let request = our_request(
                &config(version, endpoint),
                "+8613800138000",
                "0123456789abcdef0123456789abcdef",
            );

            let handled = gateway.judge(&request, NOW_MS);

            assert_eq!(
                outcome(&handled),
                (200, "OK".into()),
                "{version} {endpoint:?}: {}",
                message(&handled)
            );
            let accepted = handled.accepted.expect("a message");
            assert_eq!(
                (
                    accepted.to.as_str(),
                    accepted.sender.as_str(),
                    accepted.text.as_str()
                ),
                ("+8613800138000", "Verigate 测试", r#"{"code":"123456"}"#)
            );
        }
    }
}

#[test]
fn faults_answer_like_the_vendor() {
    let cases = [
        (Fault::RateLimited, (200, "isv.BUSINESS_LIMIT_CONTROL")),
        (Fault::InvalidNumber, (200, "isv.MOBILE_NUMBER_ILLEGAL")),
        (Fault::ServerError, (503, "ServiceUnavailable")),
        (Fault::Timeout, (0, "hang")),
    ];
    for (fault, expected) in cases {
        let gateway = default_gateway();
        gateway.faults.set("+86139", fault);
        let request = our_request(&config("v3", ""), "+8613900001111", "n");

        let handled = gateway.judge(&request, NOW_MS);

        assert_eq!(
            outcome(&handled),
            (expected.0, expected.1.to_owned()),
            "{fault:?}"
        );
        assert!(handled.accepted.is_none());
    }
}

/// A V2 request with the given SendSms parameters, signed with the default credentials.
fn v2_request(business: &[(&str, &str)]) -> EmulatorRequest {
    let credentials = default_keys();
    let timestamp = sign::format_timestamp(NOW_MS / 1000).expect("a timestamp");
    let mut params = vec![
        ("AccessKeyId", credentials.id.as_str()),
        ("Action", "SendSms"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "nonce"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", timestamp.as_str()),
        ("Version", "2017-05-25"),
    ];
    params.extend_from_slice(business);
    let query = sign::canonical_query(&params);
    let signature = sign::v2_signature(
        &credentials.secret,
        &sign::v2_string_to_sign("POST", &query),
    );
    EmulatorRequest {
        method: "POST".into(),
        path: "/".into(),
        query: format!("{query}&Signature={}", percent::encode(&signature)),
        ..EmulatorRequest::default()
    }
}

/// SendSms parameters and the HTTP status and `Code` they get.
type ParameterCase = (Vec<(&'static str, &'static str)>, (u16, &'static str));

#[test]
fn send_sms_parameters_are_checked() {
    let phone = ("PhoneNumbers", "13800138000");
    let sign = ("SignName", "Verigate");
    let template = ("TemplateCode", "SMS_1");
    let cases: Vec<ParameterCase> = vec![
        (vec![sign, template], (400, "MissingPhoneNumbers")),
        (vec![phone, template], (400, "MissingSignName")),
        (vec![phone, sign], (400, "MissingTemplateCode")),
        (
            vec![("PhoneNumbers", "138-0013"), sign, template],
            (200, "isv.MOBILE_NUMBER_ILLEGAL"),
        ),
        (
            vec![("PhoneNumbers", "+86abc"), sign, template],
            (200, "isv.MOBILE_NUMBER_ILLEGAL"),
        ),
        (
            vec![phone, sign, template, ("TemplateParam", "{code:1}")],
            (200, "isv.INVALID_JSON_PARAM"),
        ),
        (
            vec![phone, sign, template, ("TemplateParam", r#"{"code":1234}"#)],
            (200, "isv.INVALID_JSON_PARAM"),
        ),
        (
            vec![phone, sign, template, ("TemplateParam", r#"["1234"]"#)],
            (200, "isv.INVALID_JSON_PARAM"),
        ),
        (
            vec![phone, ("SignName", "Unknown"), template],
            (200, "isv.SMS_SIGNATURE_ILLEGAL"),
        ),
        (
            vec![phone, sign, ("TemplateCode", "SMS_9")],
            (200, "isv.SMS_TEMPLATE_ILLEGAL"),
        ),
        (
            vec![("PhoneNumbers", "008613800138000"), sign, template],
            (200, "OK"),
        ),
        (
            vec![
                phone,
                sign,
                template,
                ("TemplateParam", r#"{"code":"1234"}"#),
            ],
            (200, "OK"),
        ),
    ];
    for (business, expected) in cases {
        let mut gateway = default_gateway();
        gateway.allowed = AllowList {
            sign_names: vec!["Verigate".into()],
            templates: vec!["SMS_1".into()],
        };

        let handled = gateway.judge(&v2_request(&business), NOW_MS);

        assert_eq!(
            outcome(&handled),
            (expected.0, expected.1.to_owned()),
            "{business:?}"
        );
        assert_eq!(
            handled.accepted.is_some(),
            expected.1 == "OK",
            "{business:?}"
        );
    }
}

#[test]
fn parameters_in_a_form_body_are_signed_and_read_like_query_parameters() {
    let gateway = default_gateway();
    let mut request = v2_request(&[
        ("PhoneNumbers", "13800138000"),
        ("SignName", "Verigate"),
        ("TemplateCode", "SMS_1"),
    ]);
    // Move everything but the signature into the body.
    let (signature, rest): (Vec<&str>, Vec<&str>) = request
        .query
        .split('&')
        .partition(|pair| pair.starts_with("Signature="));
    request.body = rest.join("&").into_bytes();
    request.query = signature.join("&");
    request.headers = vec![(
        "content-type".into(),
        "application/x-www-form-urlencoded".into(),
    )];

    let handled = gateway.judge(&request, NOW_MS);

    assert_eq!(
        outcome(&handled),
        (200, "OK".into()),
        "{}",
        message(&handled)
    );
}

#[test]
fn requests_that_are_not_signed_or_not_send_sms_are_refused() {
    let gateway = default_gateway();
    let mut unsigned = v2_request(&[]);
    unsigned.query = "Action=SendSms&PhoneNumbers=13800138000".into();
    assert_eq!(
        outcome(&gateway.judge(&unsigned, NOW_MS)),
        (400, "MissingVersion".into())
    );

    let mut other_scheme = v2_request(&[]);
    other_scheme.headers = vec![("authorization".into(), "Bearer x".into())];
    assert_eq!(
        outcome(&gateway.judge(&other_scheme, NOW_MS)),
        (400, "IncompleteSignature".into())
    );

    let mut malformed = v2_request(&[]);
    malformed.query.push_str("&x=%zz");
    assert_eq!(
        outcome(&gateway.judge(&malformed, NOW_MS)),
        (400, "InvalidParameter".into())
    );

    let mut v3 = our_request(&config("v3", ""), "+8613800138000", "n2");
    v3.headers.push(("x-acs-unsigned".into(), "1".into()));
    assert_eq!(
        outcome(&gateway.judge(&v3, NOW_MS)),
        (400, "IncompleteSignature".into())
    );
}

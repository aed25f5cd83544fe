//! The Tencent emulator against the official SDK's captured requests, our own client's requests,
//! and every refusal it documents.

use serde_json::{Map, Value, json};

use super::handle;
use crate::{
    emulator::{
        AllowList, EmulatorRequest, Handled, KeyPair, Reply,
        test_gateway::{Gateway, captured},
    },
    providers::tencent::{request, sign},
};

const CAPTURED: [(&str, &str); 3] = [
    (
        "tencent.json",
        include_str!("../../../testdata/captured/tencent.json"),
    ),
    (
        "tencent-hostname.json",
        include_str!("../../../testdata/captured/tencent-hostname.json"),
    ),
    (
        "tencent-localhost.json",
        include_str!("../../../testdata/captured/tencent-localhost.json"),
    ),
];

const SECRET_ID: &str = "AKIDemulatorSecretId";
const SECRET_KEY: &str = "emulator-tencent-secret-key";
const NOW: i64 = 1_795_626_457;

/// The emulator with credentials `id` and `secret`.
fn gateway_with(id: &str, secret: &str) -> Gateway {
    Gateway::new(
        handle,
        KeyPair {
            id: id.to_owned(),
            secret: secret.to_owned(),
        },
    )
}

fn ours() -> Gateway {
    gateway_with(SECRET_ID, SECRET_KEY)
}

/// A captured request, the emulator with the credentials that signed it, and its timestamp.
fn captured_tencent(json: &str) -> (EmulatorRequest, Gateway, i64) {
    let (request, credentials) = captured(json);
    let timestamp = request
        .header("x-tc-timestamp")
        .expect("a timestamp")
        .parse()
        .expect("seconds");
    (request, Gateway::new(handle, credentials), timestamp)
}

/// The request our client sends, built by the same code as `Tencent::send`.
fn client_request(endpoint: &str, to: &str, timestamp: i64) -> EmulatorRequest {
    let settings: Map<String, Value> = [
        ("secret_id", SECRET_ID),
        ("secret_key", SECRET_KEY),
        ("region", ""),
        ("endpoint", endpoint),
        ("sdk_app_id", "1400006666"),
        ("sign_name", "腾讯云"),
        ("template_id", "1110"),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), Value::from(value)))
    .collect();
    let signed = request::build(&settings, to, "123456", timestamp).expect("a signed request");
    let mut headers = vec![("host".to_owned(), signed.host)];
    headers.extend(
        signed
            .headers
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value)),
    );
    EmulatorRequest {
        method: "POST".into(),
        path: signed.url.path().to_owned(),
        query: String::new(),
        headers,
        body: signed.body,
    }
}

/// `request` with `name` set to `value` (added when absent).
fn with_header(mut request: EmulatorRequest, name: &str, value: &str) -> EmulatorRequest {
    request.headers.retain(|(key, _)| key != name);
    request.headers.push((name.to_owned(), value.to_owned()));
    request
}

/// `request` with another body, signed again with our key at `timestamp`.
fn resigned(mut request: EmulatorRequest, body: Value, timestamp: i64) -> EmulatorRequest {
    request.body = serde_json::to_vec(&body).expect("JSON");
    sign_again(request, timestamp)
}

fn sign_again(request: EmulatorRequest, timestamp: i64) -> EmulatorRequest {
    let payload_hash = if request.header("x-tc-content-sha256") == Some(sign::UNSIGNED_PAYLOAD) {
        sign::hash_payload(sign::UNSIGNED_PAYLOAD.as_bytes())
    } else {
        sign::hash_payload(&request.body)
    };
    let authorization = sign::authorize(
        &sign::Credentials {
            secret_id: SECRET_ID,
            secret_key: SECRET_KEY,
        },
        "sms",
        timestamp,
        &sign::Signed {
            method: "POST",
            path: "/",
            query: "",
            headers: &[
                (
                    "content-type",
                    request.header("content-type").unwrap_or_default(),
                ),
                ("host", request.header("host").unwrap_or_default()),
            ],
            payload_hash: &payload_hash,
        },
    )
    .expect("signed");
    with_header(request, "authorization", &authorization)
}

fn answer(handled: &Handled) -> (u16, Value) {
    match &handled.reply {
        Reply::Respond { status, body, .. } => (
            *status,
            serde_json::from_slice(body).expect("a JSON answer"),
        ),
        Reply::Hang => panic!("the emulator hung"),
    }
}

/// `Response.Error.Code`, asserting the gateway's HTTP 200 and that nothing was accepted.
fn error_code(handled: &Handled) -> String {
    let (status, body) = answer(handled);
    assert_eq!(status, 200, "errors are HTTP 200: {body}");
    assert_eq!(handled.accepted, None);
    body["Response"]["Error"]["Code"]
        .as_str()
        .unwrap_or_else(|| panic!("an error: {body}"))
        .to_owned()
}

/// The `Code` of each `SendStatusSet` entry.
fn status_codes(handled: &Handled) -> Vec<String> {
    let (status, body) = answer(handled);
    assert_eq!(status, 200, "{body}");
    body["Response"]["SendStatusSet"]
        .as_array()
        .unwrap_or_else(|| panic!("a SendStatusSet: {body}"))
        .iter()
        .map(|entry| entry["Code"].as_str().expect("a code").to_owned())
        .collect()
}

#[test]
fn every_captured_sdk_request_is_accepted_with_its_credentials_at_its_time() {
    for (name, json) in CAPTURED {
        let (request, world, timestamp) = captured_tencent(json);
        let handled = world.judge(&request, timestamp * 1000);
        assert_eq!(status_codes(&handled), ["Ok"], "{name}");
        let (_, body) = answer(&handled);
        let entry = &body["Response"]["SendStatusSet"][0];
        assert_eq!(
            (&entry["PhoneNumber"], &entry["Fee"], &entry["IsoCode"]),
            (&json!("+8613800138000"), &json!(1), &json!("CN")),
            "{name}"
        );
        let accepted = handled.accepted.expect("a message");
        assert_eq!(accepted.provider, "tencent");
        assert_eq!(accepted.to, "+8613800138000");
        assert_eq!(accepted.sender, "腾讯云");
        assert_eq!(accepted.template, "1110");
        assert_eq!(accepted.text, "123456");
        assert_eq!(
            Some(accepted.request_id.as_str()),
            body["Response"]["RequestId"].as_str()
        );
    }
}

#[test]
fn a_captured_request_fails_after_any_signed_byte_changes() {
    for (name, json) in CAPTURED {
        let (request, world, timestamp) = captured_tencent(json);
        let refused = |changed: &EmulatorRequest, what: &str| {
            assert_eq!(
                error_code(&world.judge(changed, timestamp * 1000)),
                "AuthFailure.SignatureFailure",
                "{name}: {what}"
            );
        };
        for position in [
            0,
            1,
            17,
            40,
            64,
            100,
            request.body.len() - 2,
            request.body.len() - 1,
        ] {
            let mut changed = request.clone();
            changed.body[position] ^= 0x01;
            refused(&changed, &format!("body byte {position}"));
        }
        let host = request.header("host").expect("a host").to_owned();
        for (header, value) in [
            ("content-type", "application/jsom".to_owned()),
            ("content-type", "application/json; charset=utf-8".to_owned()),
            ("host", format!("x{host}")),
            (
                "host",
                host.replacen(|c: char| c.is_ascii_alphanumeric(), "9", 1),
            ),
            ("x-tc-timestamp", (timestamp + 1).to_string()),
        ] {
            refused(
                &with_header(request.clone(), header, &value),
                &format!("{header}: {value}"),
            );
        }
        let authorization = request.header("authorization").expect("signed").to_owned();
        let signature_at = authorization.len() - 64;
        for offset in [0, 1, 31, 62, 63] {
            let mut changed = authorization.clone().into_bytes();
            let at = signature_at + offset;
            changed[at] = if changed[at] == b'0' { b'1' } else { b'0' };
            let changed = String::from_utf8(changed).expect("text");
            refused(
                &with_header(request.clone(), "authorization", &changed),
                &format!("signature character {offset}"),
            );
        }
        let other_service = authorization.replace("/tc3_request", "x/tc3_request");
        refused(
            &with_header(request.clone(), "authorization", &other_service),
            "credential service",
        );
        let other_date = authorization.replace("2026-11-25", "2026-11-24");
        refused(
            &with_header(request.clone(), "authorization", &other_date),
            "credential date",
        );
        let other_secret = gateway_with(&world.credentials.id, "another-secret");
        assert_eq!(
            error_code(&other_secret.judge(&request, timestamp * 1000)),
            "AuthFailure.SignatureFailure",
            "{name}: another secret"
        );
    }
}

#[test]
fn a_request_outside_five_minutes_of_the_clock_has_an_expired_signature() {
    let (request, world, timestamp) = captured_tencent(CAPTURED[0].1);
    for now in [timestamp - 300, timestamp + 300] {
        assert_eq!(
            status_codes(&world.judge(&request, now * 1000)),
            ["Ok"],
            "{now}"
        );
    }
    for now in [timestamp - 301, timestamp + 301, timestamp + 86_400] {
        assert_eq!(
            error_code(&world.judge(&request, now * 1000)),
            "AuthFailure.SignatureExpire",
            "{now}"
        );
    }
}

#[test]
fn an_unknown_secret_id_is_not_found() {
    let (request, world, timestamp) = captured_tencent(CAPTURED[0].1);
    let stranger = gateway_with("AKIDsomeoneElse", &world.credentials.secret);
    assert_eq!(
        error_code(&stranger.judge(&request, timestamp * 1000)),
        "AuthFailure.SecretIdNotFound"
    );
}

#[test]
fn malformed_or_incomplete_authorization_is_refused() {
    let request = client_request("http://127.0.0.1:3100", "+8613800138000", NOW);
    let world = ours();
    let authorization = request.header("authorization").expect("signed").to_owned();
    for bad in [
        "".to_owned(),
        "Basic QUtJRDpzZWNyZXQ=".to_owned(),
        authorization.replace(", Signature=", ", Sig="),
        authorization.replace("SignedHeaders=content-type;host", "SignedHeaders=host"),
    ] {
        assert_eq!(
            error_code(&world.judge(
                &with_header(request.clone(), "authorization", &bad),
                NOW * 1000
            )),
            "AuthFailure.InvalidAuthorization",
            "{bad}"
        );
    }
    let mut unsigned = request.clone();
    unsigned.headers.retain(|(name, _)| name != "authorization");
    assert_eq!(
        error_code(&world.judge(&unsigned, NOW * 1000)),
        "AuthFailure.InvalidAuthorization"
    );
    let mut no_content_type = request;
    no_content_type
        .headers
        .retain(|(name, _)| name != "content-type");
    assert_eq!(
        error_code(&world.judge(&no_content_type, NOW * 1000)),
        "AuthFailure.SignatureFailure"
    );
}

#[test]
fn our_clients_request_is_accepted_with_and_without_a_port() {
    let world = ours();
    for endpoint in [
        "http://127.0.0.1:3100",
        "",
        "sms.ap-guangzhou.tencentcloudapi.com",
    ] {
        let request = client_request(endpoint, "+8613800138000", NOW);
        let handled = world.judge(&request, NOW * 1000);
        assert_eq!(status_codes(&handled), ["Ok"], "{endpoint:?}");
        let accepted = handled.accepted.expect("a message");
        assert_eq!(
            (accepted.to.as_str(), accepted.text.as_str()),
            ("+8613800138000", "123456")
        );
    }
    let request = client_request("http://127.0.0.1:3100", "+8613800138000", NOW);
    assert_eq!(request.header("host"), Some("127.0.0.1:3100"));
    assert_eq!(request.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(request.header("content-type"), Some("application/json"));
}

#[test]
fn an_unsigned_payload_leaves_the_body_out_of_the_signature() {
    let world = ours();
    let request = with_header(
        client_request("http://127.0.0.1:3100", "+8613800138000", NOW),
        "x-tc-content-sha256",
        sign::UNSIGNED_PAYLOAD,
    );
    let request = sign_again(request, NOW);
    let mut changed = request.clone();
    changed.body = br#"{"PhoneNumberSet":["+8613900001111"],"SmsSdkAppId":"1","SignName":"s","TemplateId":"2","TemplateParamSet":["9"]}"#.to_vec();
    let handled = world.judge(&changed, NOW * 1000);
    assert_eq!(status_codes(&handled), ["Ok"]);
    assert_eq!(handled.accepted.expect("a message").to, "+8613900001111");
}

#[test]
fn action_version_and_region_are_checked_after_the_signature() {
    let world = ours();
    let request = client_request("http://127.0.0.1:3100", "+8613800138000", NOW);
    for (header, value, code) in [
        ("x-tc-action", "SendSmsX", "InvalidAction"),
        ("x-tc-version", "2019-07-11", "NoSuchVersion"),
        ("x-tc-version", "", "MissingParameter"),
        ("x-tc-region", "", "MissingParameter"),
    ] {
        assert_eq!(
            error_code(&world.judge(&with_header(request.clone(), header, value), NOW * 1000)),
            code,
            "{header}: {value}"
        );
    }
    let mut get = request;
    get.method = "GET".into();
    assert_eq!(
        error_code(&world.judge(&get, NOW * 1000)),
        "InvalidParameter"
    );
}

#[test]
fn the_body_is_checked_parameter_by_parameter() {
    let world = ours();
    let request = client_request("http://127.0.0.1:3100", "+8613800138000", NOW);
    let good = json!({
        "PhoneNumberSet": ["+8613800138000"], "SmsSdkAppId": "1400006666",
        "SignName": "腾讯云", "TemplateId": "1110", "TemplateParamSet": ["123456"],
    });
    let without = |key: &str| {
        let mut body = good.clone();
        body.as_object_mut().expect("an object").remove(key);
        body
    };
    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let too_many: Vec<String> = (0..201).map(|i| format!("+86138{i:08}")).collect();
    for (body, code) in [
        (without("PhoneNumberSet"), "MissingParameter"),
        (
            with("PhoneNumberSet", json!([])),
            "MissingParameter.EmptyPhoneNumberSet",
        ),
        (
            with("PhoneNumberSet", json!("+8613800138000")),
            "InvalidParameter",
        ),
        (
            with("PhoneNumberSet", json!(too_many)),
            "LimitExceeded.PhoneNumberCountLimit",
        ),
        (
            with("PhoneNumberSet", json!(["+8613800138000", "+31612345678"])),
            "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
        ),
        (without("SmsSdkAppId"), "MissingParameter"),
        (without("SignName"), "MissingParameter"),
        (with("SignName", json!("")), "MissingParameter"),
        (without("TemplateId"), "MissingParameter"),
        (with("TemplateId", json!(1110)), "InvalidParameter"),
        (
            with("TemplateParamSet", json!([123456])),
            "InvalidParameter",
        ),
    ] {
        assert_eq!(
            error_code(&world.judge(&resigned(request.clone(), body.clone(), NOW), NOW * 1000)),
            code,
            "{body}"
        );
    }
    let mut not_json = request.clone();
    not_json.body = b"{\"PhoneNumberSet\":".to_vec();
    assert_eq!(
        error_code(&world.judge(&sign_again(not_json, NOW), NOW * 1000)),
        "FailedOperation.JsonParseFail"
    );
    let handled = world.judge(
        &resigned(
            request,
            with(
                "PhoneNumberSet",
                json!(["+86", "13800138000", "+8613900001111"]),
            ),
            NOW,
        ),
        NOW * 1000,
    );
    assert_eq!(
        status_codes(&handled),
        ["InvalidParameterValue.IncorrectPhoneNumber", "Ok", "Ok"]
    );
    assert_eq!(handled.accepted.expect("the first sent").to, "13800138000");
}

#[test]
fn only_allowed_sign_names_and_templates_are_accepted() {
    let mut world = ours();
    world.allowed = AllowList {
        sign_names: vec!["腾讯云".into()],
        templates: vec!["1110".into()],
    };
    let request = client_request("http://127.0.0.1:3100", "+8613800138000", NOW);
    assert_eq!(status_codes(&world.judge(&request, NOW * 1000)), ["Ok"]);
    world.allowed.sign_names = vec!["Other".into()];
    assert_eq!(
        error_code(&world.judge(&request, NOW * 1000)),
        "FailedOperation.SignatureIncorrectOrUnapproved"
    );
    world.allowed.sign_names.clear();
    world.allowed.templates = vec!["2220".into()];
    assert_eq!(
        error_code(&world.judge(&request, NOW * 1000)),
        "FailedOperation.TemplateIncorrectOrUnapproved"
    );
}

#[test]
fn faults_answer_per_number_or_for_the_whole_request() {
    let world = ours();
    world.fault_per_prefix();
    let judge = |to: &str| {
        world.judge(
            &client_request("http://127.0.0.1:3100", to, NOW),
            NOW * 1000,
        )
    };

    let limited = judge("+8613900001111");
    assert_eq!(
        status_codes(&limited),
        ["LimitExceeded.PhoneNumberDailyLimit"]
    );
    assert_eq!(limited.accepted, None);
    let invalid = judge("+8613700001111");
    assert_eq!(
        status_codes(&invalid),
        ["InvalidParameterValue.IncorrectPhoneNumber"]
    );
    assert_eq!(invalid.accepted, None);
    let outage = judge("+8613600001111");
    assert_eq!((answer(&outage).0, outage.accepted), (503, None));
    assert_eq!(judge("+8613500001111"), Handled::refused(Reply::Hang));
}

//! The Twilio emulator against our own client's requests and every refusal it documents.

use serde_json::{Map, Value};

use super::handle;
use crate::{
    emulator::{EmulatorRequest, Handled, KeyPair, Reply, test_gateway::Gateway},
    providers::twilio::request::{self, basic_authorization},
};

const SID: &str = "AC00000000000000000000000000000000";
const TOKEN: &str = "emulator-twilio-auth-token";
const NOW_MS: i64 = 1_795_626_457_000;

/// The emulator with our test credentials.
fn gateway() -> Gateway {
    Gateway::new(
        handle,
        KeyPair {
            id: SID.into(),
            secret: TOKEN.into(),
        },
    )
}

/// The request our client sends, built by the same code as `Twilio::send`.
fn client_request(from: &str, token: &str, to: &str) -> EmulatorRequest {
    let settings: Map<String, Value> = [
        ("account_sid", SID),
        ("auth_token", token),
        ("from", from),
        ("endpoint", "http://127.0.0.1:3100"),
        ("message_template", "Your code is {code}"),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), Value::from(value)))
    .collect();
    let prepared =
        request::build(&settings, to, "123456", "unused: the template applies").expect("a request");
    EmulatorRequest {
        method: "POST".into(),
        path: prepared.url.path().to_owned(),
        query: String::new(),
        headers: vec![
            ("host".into(), prepared.host),
            ("authorization".into(), prepared.authorization),
            ("content-type".into(), request::FORM.into()),
        ],
        body: prepared.body,
    }
}

fn ours(to: &str) -> EmulatorRequest {
    client_request("+15017122661", TOKEN, to)
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

/// `(HTTP status, Twilio code)` of a refusal, asserting nothing was accepted.
fn refusal(handled: &Handled) -> (u16, u64) {
    let (status, body) = answer(handled);
    assert_eq!(handled.accepted, None, "{body}");
    assert_eq!(body["status"].as_u64(), Some(u64::from(status)), "{body}");
    (status, body["code"].as_u64().expect("a code"))
}

#[test]
fn our_clients_request_is_queued_and_filed() {
    let world = gateway();
    let handled = world.judge(&ours("+8613800138000"), NOW_MS);
    let (status, body) = answer(&handled);
    assert_eq!(status, 201, "{body}");
    let sid = body["sid"].as_str().expect("a sid");
    assert!(
        sid.len() == 34 && sid.starts_with("SM") && sid[2..].bytes().all(|b| b.is_ascii_hexdigit()),
        "{sid}"
    );
    assert_eq!(body["status"], "queued");
    assert_eq!(body["to"], "+8613800138000");
    assert_eq!(body["from"], "+15017122661");
    assert_eq!(body["body"], "Your code is 123456");
    assert_eq!(body["account_sid"], SID);
    let accepted = handled.accepted.expect("a message");
    assert_eq!(
        (
            accepted.provider,
            accepted.to.as_str(),
            accepted.sender.as_str(),
            accepted.template.as_str(),
            accepted.text.as_str(),
            accepted.request_id.as_str()
        ),
        (
            "twilio",
            "+8613800138000",
            "+15017122661",
            "",
            "Your code is 123456",
            sid
        )
    );
}

#[test]
fn a_messaging_service_is_the_sender_when_configured() {
    let world = gateway();
    let service = "MG0123456789abcdef0123456789abcdef";
    let handled = world.judge(&client_request(service, TOKEN, "+8613800138000"), NOW_MS);
    let (status, body) = answer(&handled);
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["messaging_service_sid"], service);
    assert_eq!(body["from"], Value::Null);
    assert_eq!(handled.accepted.expect("a message").sender, service);
}

#[test]
fn wrong_or_missing_credentials_are_401_20003() {
    let world = gateway();
    assert_eq!(
        refusal(&world.judge(
            &client_request("+15017122661", "wrong", "+8613800138000"),
            NOW_MS
        )),
        (401, 20003)
    );
    for authorization in [
        None,
        Some("Bearer abc".to_owned()),
        Some(basic_authorization(
            "AC11111111111111111111111111111111",
            TOKEN,
        )),
    ] {
        let mut request = ours("+8613800138000");
        request.headers.retain(|(name, _)| name != "authorization");
        if let Some(authorization) = authorization {
            request
                .headers
                .push(("authorization".into(), authorization));
        }
        assert_eq!(refusal(&world.judge(&request, NOW_MS)), (401, 20003));
    }
    let mut other_account = ours("+8613800138000");
    other_account.path = other_account
        .path
        .replace(SID, "AC11111111111111111111111111111111");
    assert_eq!(refusal(&world.judge(&other_account, NOW_MS)), (401, 20003));
}

#[test]
fn the_resource_and_method_are_checked() {
    let world = gateway();
    let mut elsewhere = ours("+8613800138000");
    elsewhere.path = format!("/2010-04-01/Accounts/{SID}/Calls.json");
    assert_eq!(refusal(&world.judge(&elsewhere, NOW_MS)), (404, 20404));
    let mut get = ours("+8613800138000");
    get.method = "GET".into();
    assert_eq!(refusal(&world.judge(&get, NOW_MS)), (405, 20004));
}

#[test]
fn the_form_is_checked_field_by_field() {
    let world = gateway();
    for (body, expected) in [
        ("From=%2B15017122661&Body=hi", (400, 21604)),
        ("To=&From=%2B15017122661&Body=hi", (400, 21604)),
        ("To=%2B8613800138000&Body=hi", (400, 21603)),
        ("To=%2B8613800138000&From=%2B15017122661", (400, 21602)),
        ("To=8613800138000&From=%2B15017122661&Body=hi", (400, 21211)),
        ("To=%2B86abc&From=%2B15017122661&Body=hi", (400, 21211)),
        // An unencoded `+` is a space: the classic client bug, refused like Twilio does.
        (
            "To=+8613800138000&From=%2B15017122661&Body=hi",
            (400, 21211),
        ),
    ] {
        let mut request = ours("+8613800138000");
        request.body = body.as_bytes().to_vec();
        assert_eq!(refusal(&world.judge(&request, NOW_MS)), expected, "{body}");
    }
}

#[test]
fn faults_are_twilio_errors_or_silence() {
    let world = gateway();
    world.fault_per_prefix();
    assert_eq!(
        refusal(&world.judge(&ours("+8613900001111"), NOW_MS)),
        (429, 20429)
    );
    assert_eq!(
        refusal(&world.judge(&ours("+8613700001111"), NOW_MS)),
        (400, 21211)
    );
    assert_eq!(
        refusal(&world.judge(&ours("+8613600001111"), NOW_MS)),
        (500, 20500)
    );
    assert_eq!(
        world.judge(&ours("+8613500001111"), NOW_MS),
        Handled::refused(Reply::Hang)
    );
}

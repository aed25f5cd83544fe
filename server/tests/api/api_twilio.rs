//! The Twilio Verify compatible API, `/v2`: the requests Twilio's libraries send, answered with
//! Twilio's resources and error codes.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    api_auth::messages,
    helpers::{ApiSetup, Backend, Reply},
    on_both_databases,
};

const TO: &str = "+8613800138000";

fn wrong(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c == '9' {
                '0'
            } else {
                char::from(c as u8 + 1)
            }
        })
        .collect()
}

/// The field names of a JSON object, sorted.
fn fields(value: &Value) -> Vec<String> {
    let mut names: Vec<String> = value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

/// `2015-07-30T20:00:00Z`: UTC, whole seconds.
fn is_twilio_time(value: &Value) -> bool {
    value.as_str().is_some_and(|text| {
        text.len() == 20
            && text.ends_with('Z')
            && !text.contains('.')
            && text.as_bytes()[10] == b'T'
    })
}

fn status_of(reply: &Reply) -> (u16, String, bool) {
    let body = reply.json();
    (
        reply.status.as_u16(),
        body["status"].as_str().unwrap_or_default().to_owned(),
        body["valid"].as_bool().unwrap_or_default(),
    )
}

async fn a_library_s_start_and_checks_get_twilio_s_answers(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key, service) = (&setup.app, setup.key.basic(), setup.service_sid.as_str());

    let started = app
        .twilio_start(key, service, &[("To", TO), ("Channel", "sms")])
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let verification = started.json();
    assert_eq!(
        fields(&verification),
        [
            "account_sid",
            "amount",
            "channel",
            "date_created",
            "date_updated",
            "lookup",
            "payee",
            "send_code_attempts",
            "service_sid",
            "sid",
            "sna",
            "status",
            "to",
            "url",
            "valid"
        ]
    );
    let sid = verification["sid"].as_str().expect("a sid").to_owned();
    assert!(sid.starts_with("VE") && sid.len() == 34);
    assert_eq!(verification["account_sid"], app.account_sid());
    assert!(app.account_sid().starts_with("AC") && app.account_sid().len() == 34);
    assert_eq!(
        (
            &verification["service_sid"],
            &verification["to"],
            &verification["channel"]
        ),
        (&json!(service), &json!(TO), &json!("sms"))
    );
    assert_eq!(
        (&verification["status"], &verification["valid"]),
        (&json!("pending"), &json!(false))
    );
    assert_eq!(
        (
            &verification["lookup"],
            &verification["amount"],
            &verification["payee"],
            &verification["sna"]
        ),
        (&json!({}), &Value::Null, &Value::Null, &Value::Null)
    );
    assert!(
        is_twilio_time(&verification["date_created"])
            && is_twilio_time(&verification["date_updated"])
    );
    let attempts = verification["send_code_attempts"]
        .as_array()
        .expect("attempts");
    assert_eq!(attempts.len(), 1);
    assert!(
        attempts[0]["attempt_sid"]
            .as_str()
            .is_some_and(|sid| sid.starts_with("VL") && sid.len() == 34)
    );
    assert!(is_twilio_time(&attempts[0]["time"]));
    // Absolute, from the Host the request was sent to.
    assert_eq!(
        verification["url"],
        format!("{}/v2/Services/{service}/Verifications/{sid}", app.address)
    );
    assert_eq!(app.newest_log_entry(&setup.admin).await.scene, "api");

    let code = app.newest_sandbox_code().await;
    let wrong_check = app
        .twilio_check(key, service, &[("Code", &wrong(&code)), ("To", TO)])
        .await;
    assert_eq!(status_of(&wrong_check), (200, "pending".into(), false));
    let check = wrong_check.json();
    assert_eq!(
        fields(&check),
        [
            "account_sid",
            "amount",
            "channel",
            "date_created",
            "date_updated",
            "payee",
            "service_sid",
            "sid",
            "sna_attempts_error_codes",
            "status",
            "to",
            "valid"
        ]
    );
    assert_eq!(
        (&check["sid"], &check["sna_attempts_error_codes"]),
        (&json!(sid), &json!([]))
    );

    let right = app
        .twilio_check(key, service, &[("Code", &code), ("To", TO)])
        .await;
    assert_eq!(status_of(&right), (200, "approved".into(), true));

    // Approved: soft-deleted, as Twilio does; nothing is pending for the number any more.
    assert_eq!(
        app.twilio_fetch(key, service, &sid).await.twilio_error(),
        (404, 20404)
    );
    let after = app
        .twilio_check(key, service, &[("Code", &code), ("To", TO)])
        .await;
    assert_eq!(after.twilio_error(), (404, 20404));
    assert_eq!(
        after.json()["message"],
        format!("The requested resource /v2/Services/{service}/VerificationCheck was not found")
    );
}

async fn a_verification_is_fetched_canceled_or_approved_by_sid(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key, service) = (&setup.app, setup.key.basic(), setup.service_sid.as_str());
    let start = || {
        app.twilio_start(
            key,
            service,
            &[("To", TO), ("Channel", "sms"), ("Locale", "en")],
        )
    };

    let sid = start().await.json()["sid"]
        .as_str()
        .expect("sid")
        .to_owned();
    assert_eq!(
        status_of(&app.twilio_fetch(key, service, &sid).await),
        (200, "pending".into(), false)
    );
    let canceled = app.twilio_update(key, service, &sid, "canceled").await;
    assert_eq!(status_of(&canceled), (200, "canceled".into(), false));
    // A canceled verification can still be fetched; it cannot be closed again.
    assert_eq!(
        status_of(&app.twilio_fetch(key, service, &sid).await),
        (200, "canceled".into(), false)
    );
    assert_eq!(
        app.twilio_update(key, service, &sid, "approved")
            .await
            .twilio_error(),
        (404, 20404)
    );

    app.advance(Duration::from_secs(60));
    let sid = start().await.json()["sid"]
        .as_str()
        .expect("sid")
        .to_owned();
    let approved = app.twilio_update(key, service, &sid, "approved").await;
    assert_eq!(status_of(&approved), (200, "approved".into(), true));
    assert_eq!(
        app.twilio_update(key, service, &sid, "paused")
            .await
            .twilio_error(),
        (400, 60200)
    );

    app.advance(Duration::from_secs(60));
    let sid = start().await.json()["sid"]
        .as_str()
        .expect("sid")
        .to_owned();
    let code = app.newest_sandbox_code().await;
    let by_sid = app
        .twilio_check(key, service, &[("Code", &code), ("VerificationSid", &sid)])
        .await;
    assert_eq!(status_of(&by_sid), (200, "approved".into(), true));

    app.advance(Duration::from_secs(60));
    let sid = start().await.json()["sid"]
        .as_str()
        .expect("sid")
        .to_owned();
    app.advance(Duration::from_secs(301));
    assert_eq!(
        app.twilio_fetch(key, service, &sid).await.twilio_error(),
        (404, 20404),
        "expired"
    );
}

async fn faulty_parameters_get_twilio_s_error_codes(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key, service) = (&setup.app, setup.key.basic(), setup.service_sid.as_str());
    let starts: [&[(&str, &str)]; 6] = [
        &[("To", TO), ("Channel", "call")],
        &[("To", TO)],
        &[("To", "8613800138000"), ("Channel", "sms")],
        &[("To", "+86123"), ("Channel", "sms")],
        &[("Channel", "sms")],
        &[("To", TO), ("Channel", "sms"), ("Locale", "xx_not")],
    ];
    for form in starts {
        assert_eq!(
            app.twilio_start(key, service, form).await.twilio_error(),
            (400, 60200),
            "{form:?}"
        );
    }
    let bad_to = app
        .twilio_start(key, service, &[("To", "12345"), ("Channel", "sms")])
        .await;
    assert_eq!(bad_to.json()["message"], "Invalid parameter: To");
    // A code of the caller's own, or a message other than ours: refused, never ignored.
    for parameter in ["CustomCode", "AppHash", "CustomFriendlyName", "RateLimits"] {
        let unsupported = app
            .twilio_start(
                key,
                service,
                &[("To", TO), ("Channel", "sms"), (parameter, "4711")],
            )
            .await;
        assert_eq!(unsupported.twilio_error(), (403, 60204), "{parameter}");
        assert_eq!(
            unsupported.json()["message"],
            format!("Service does not support this feature: {parameter}")
        );
    }
    assert_eq!(messages(app).await, 0);

    let neither = app.twilio_check(key, service, &[("Code", "123456")]).await;
    assert_eq!(neither.twilio_error(), (400, 60221));
    for code in ["123", "12345678901", ""] {
        let reply = app
            .twilio_check(key, service, &[("Code", code), ("To", TO)])
            .await;
        assert_eq!(reply.twilio_error(), (400, 60200), "{code:?}");
    }
    let nothing_pending = app
        .twilio_check(key, service, &[("Code", "123456"), ("To", TO)])
        .await;
    assert_eq!(nothing_pending.twilio_error(), (404, 20404));
    let unknown_service = app
        .twilio_start(
            key,
            &format!("VA{}", "f".repeat(32)),
            &[("To", TO), ("Channel", "sms")],
        )
        .await;
    assert_eq!(unknown_service.twilio_error(), (404, 20404));
}

async fn too_many_checks_or_sends_are_429s(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key, service) = (&setup.app, setup.key.basic(), setup.service_sid.as_str());
    let sid = app
        .twilio_start(key, service, &[("To", TO), ("Channel", "sms")])
        .await
        .json()["sid"]
        .as_str()
        .expect("sid")
        .to_owned();
    let code = app.newest_sandbox_code().await;

    let again = app
        .twilio_start(key, service, &[("To", TO), ("Channel", "sms")])
        .await;
    assert_eq!(again.twilio_error(), (429, 60203));
    assert!(
        again
            .retry_after()
            .is_some_and(|secs| (1..=60).contains(&secs))
    );

    for _ in 0..4 {
        let reply = app
            .twilio_check(
                key,
                service,
                &[("Code", &wrong(&code)), ("VerificationSid", &sid)],
            )
            .await;
        assert_eq!(status_of(&reply), (200, "pending".into(), false));
    }
    let fifth = app
        .twilio_check(
            key,
            service,
            &[("Code", &wrong(&code)), ("VerificationSid", &sid)],
        )
        .await;
    assert_eq!(
        status_of(&fifth),
        (200, "max_attempts_reached".into(), false)
    );
    let sixth = app
        .twilio_check(key, service, &[("Code", &code), ("VerificationSid", &sid)])
        .await;
    assert_eq!(sixth.twilio_error(), (429, 60202));
    assert_eq!(
        status_of(&app.twilio_fetch(key, service, &sid).await),
        (200, "max_attempts_reached".into(), false)
    );
}

async fn services_are_listed_and_fetched_as_twilio_pages_them(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key, service) = (&setup.app, setup.key.basic(), setup.service_sid.as_str());
    let page = app.twilio_services(key).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let page = page.json();
    let base = &app.address;
    assert_eq!(
        page["meta"],
        json!({
            "page": 0,
            "page_size": 50,
            "first_page_url": format!("{base}/v2/Services?PageSize=50&Page=0"),
            "previous_page_url": null,
            "next_page_url": null,
            "key": "services",
            "url": format!("{base}/v2/Services?PageSize=50&Page=0"),
        })
    );
    let listed = &page["services"][0];
    assert_eq!(
        (
            &listed["sid"],
            &listed["friendly_name"],
            &listed["code_length"]
        ),
        (&json!(service), &json!("Phone"), &json!(6))
    );

    let fetched = app.twilio_service(key, service).await;
    assert_eq!(fetched.status, StatusCode::OK);
    let fetched = fetched.json();
    assert_eq!(&fetched, listed);
    assert_eq!(fetched["account_sid"], app.account_sid());
    assert_eq!(
        fetched["links"]["verifications"],
        format!("{base}/v2/Services/{service}/Verifications")
    );
    assert!(is_twilio_time(&fetched["date_created"]));
    assert_eq!(
        app.twilio_service(key, "VAnothing").await.twilio_error(),
        (404, 20404)
    );
}

on_both_databases!(
    a_library_s_start_and_checks_get_twilio_s_answers,
    a_verification_is_fetched_canceled_or_approved_by_sid,
    faulty_parameters_get_twilio_s_error_codes,
    too_many_checks_or_sends_are_429s,
    services_are_listed_and_fetched_as_twilio_pages_them,
);

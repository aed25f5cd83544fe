//! The native API, `/api/v1`: a verification from start to every end it can come to, its
//! parameters, and its errors as problem details.

use std::{sync::Arc, time::Duration};

use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::sync::Barrier;

use crate::{
    api_auth::messages,
    helpers::{ApiSetup, Backend, Phone, VerifierForm},
    on_both_databases,
};

const TO: &str = "+8613800138000";

/// A code other than `code`, of its length.
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

async fn a_verification_is_started_then_approved_by_its_code(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());

    let reply = app
        .start_verification(
            key,
            &json!({ "verifier": "v_sms", "to": TO, "locale": "zh-CN" }),
        )
        .await;
    let started = reply.verification(StatusCode::CREATED);
    assert!(
        started.id.starts_with("VE") && started.id.len() == 34,
        "{}",
        started.id
    );
    assert_eq!(
        (
            started.verifier.as_str(),
            started.service_sid.as_str(),
            started.to.as_str(),
            started.status.as_str(),
            started.valid,
            started.code_length,
            started.attempts_left,
        ),
        (
            "v_sms",
            setup.service_sid.as_str(),
            TO,
            "pending",
            false,
            6,
            5
        )
    );
    for time in [&started.created_at, &started.expires_at, &started.resend_at] {
        assert!(
            time.ends_with('Z') && time.contains('T'),
            "RFC 3339 UTC: {time}"
        );
    }

    // The message log: scene `api`, and the key's name as the caller.
    let entry = app.newest_log_entry(&setup.admin).await;
    assert_eq!(
        (entry.scene.as_str(), entry.masked_receiver.as_str()),
        ("api", "+86 138****8000")
    );
    let caller: String = sqlx::query_scalar("select caller from message")
        .fetch_one(&app.db.pool)
        .await
        .expect("the message's caller");
    assert_eq!(caller, "shop backend");

    let code = app.newest_sandbox_code().await;
    let checked = app
        .check_verification(key, &started.id, &wrong(&code))
        .await;
    let pending = checked.verification(StatusCode::OK);
    assert_eq!(
        (
            pending.status.as_str(),
            pending.valid,
            pending.attempts_left
        ),
        ("pending", false, 4)
    );

    let approved = app
        .check_verification(key, &started.id, &code)
        .await
        .verification(StatusCode::OK);
    assert_eq!(
        (approved.status.as_str(), approved.valid),
        ("approved", true)
    );
    let fetched = app
        .get_verification(key, &started.id)
        .await
        .verification(StatusCode::OK);
    assert_eq!(fetched.status, "approved");

    let again = app.check_verification(key, &started.id, &code).await;
    assert_eq!(
        (again.status, again.problem().code.as_str()),
        (StatusCode::CONFLICT, "not_pending")
    );
}

async fn a_national_number_is_read_with_its_country(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let started = setup
        .app
        .start_verification(
            setup.key.basic(),
            &json!({ "verifier": setup.service_sid, "to": "138 0013 8000", "country": "86" }),
        )
        .await
        .verification(StatusCode::CREATED);
    assert_eq!(
        (started.to.as_str(), started.verifier.as_str()),
        (TO, "v_sms")
    );
}

async fn faulty_requests_are_refused_naming_the_fields(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let cases = [
        (json!({ "to": TO }), vec!["verifier"]),
        (json!({ "verifier": "v_sms" }), vec!["to", "user"]),
        (
            json!({ "verifier": "v_sms", "to": TO, "user": "ada" }),
            vec!["to", "user"],
        ),
        (json!({ "verifier": "v_sms", "to": "12345" }), vec!["to"]),
        (
            json!({ "verifier": "v_sms", "to": "13800138000" }),
            vec!["to"],
        ),
        (
            json!({ "verifier": "v_sms", "to": "13800138000", "country": "x1" }),
            vec!["country", "to"],
        ),
        (
            json!({ "verifier": "v_sms", "user": "ada", "country": "86" }),
            vec!["country"],
        ),
        (
            json!({ "verifier": "v_sms", "to": TO, "locale": "not a locale" }),
            vec!["locale"],
        ),
        (
            json!({ "verifier": "v_sms", "to": 8613800138000_u64 }),
            vec!["to"],
        ),
        (
            json!({ "verifier": "v_sms", "to": TO, "channel": "sms" }),
            vec!["channel"],
        ),
    ];
    for (body, fields) in cases {
        let reply = app.start_verification(key, &body).await;
        let problem = reply.problem();
        assert_eq!(
            (reply.status, problem.code.as_str()),
            (StatusCode::BAD_REQUEST, "invalid_parameter"),
            "{body}"
        );
        let mut named = problem.fields.clone();
        named.sort();
        assert_eq!(named, fields, "{body}");
    }

    let not_json = app
        .api_request(Method::POST, "/api/v1/verifications", key, |request| {
            request
                .header("content-type", "application/json")
                .body("{not json")
        })
        .await;
    assert_eq!(
        (not_json.status, not_json.problem().code.as_str()),
        (StatusCode::BAD_REQUEST, "malformed_request")
    );
    let not_an_object = app
        .api_request(Method::POST, "/api/v1/verifications", key, |request| {
            request.json(&json!([1, 2]))
        })
        .await;
    assert_eq!(not_an_object.problem().code, "malformed_request");
    let a_form = app
        .api_request(Method::POST, "/api/v1/verifications", key, |request| {
            request.form(&[("verifier", "v_sms"), ("to", TO)])
        })
        .await;
    assert_eq!(
        (a_form.status, a_form.problem().code.as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
    let short_code = app
        .check_verification(key, &format!("VE{}", "0".repeat(32)), "12")
        .await;
    assert_eq!(short_code.problem().fields, ["code"]);

    let unknown = app
        .start_verification(key, &json!({ "verifier": "v_none", "to": TO }))
        .await;
    let problem = unknown.problem();
    assert_eq!(
        (
            unknown.status,
            problem.code.as_str(),
            problem.fields.clone()
        ),
        (
            StatusCode::NOT_FOUND,
            "not_found",
            vec!["verifier".to_owned()]
        )
    );
    for id in [
        format!("VE{}", "0".repeat(32)),
        "nonsense".into(),
        "VE%20x".into(),
    ] {
        let reply = app.get_verification(key, &id).await;
        assert_eq!(
            (reply.status, reply.problem().code.as_str()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{id}"
        );
    }
    assert_eq!(messages(app).await, 0, "no faulty request sent anything");
}

async fn a_canceled_verification_s_code_stops_working(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let started = app
        .start_verification(key, &json!({ "verifier": "v_sms", "to": TO }))
        .await
        .verification(StatusCode::CREATED);
    let code = app.newest_sandbox_code().await;

    let canceled = app
        .cancel_verification(key, &started.id)
        .await
        .verification(StatusCode::OK);
    assert_eq!(
        (canceled.status.as_str(), canceled.valid),
        ("canceled", false)
    );
    let check = app.check_verification(key, &started.id, &code).await;
    assert_eq!(
        (check.status, check.problem().code.as_str()),
        (StatusCode::CONFLICT, "not_pending")
    );
    let twice = app.cancel_verification(key, &started.id).await;
    assert_eq!(twice.problem().detail, "The verification is canceled.");
}

async fn a_verification_expires_with_its_code(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let started = app
        .start_verification(key, &json!({ "verifier": "v_sms", "to": TO }))
        .await
        .verification(StatusCode::CREATED);
    let code = app.newest_sandbox_code().await;
    app.advance(Duration::from_secs(301));

    let fetched = app
        .get_verification(key, &started.id)
        .await
        .verification(StatusCode::OK);
    assert_eq!(fetched.status, "expired");
    let check = app.check_verification(key, &started.id, &code).await;
    assert_eq!(
        (check.status, check.problem().detail.as_str()),
        (StatusCode::CONFLICT, "The verification is expired.")
    );
}

async fn wrong_codes_use_up_the_attempts(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let started = app
        .start_verification(key, &json!({ "verifier": "v_sms", "to": TO }))
        .await
        .verification(StatusCode::CREATED);
    let code = app.newest_sandbox_code().await;
    for left in (0..5).rev() {
        let checked = app
            .check_verification(key, &started.id, &wrong(&code))
            .await
            .verification(StatusCode::OK);
        let status = if left == 0 {
            "max_attempts_reached"
        } else {
            "pending"
        };
        assert_eq!(
            (
                checked.status.as_str(),
                checked.valid,
                checked.attempts_left
            ),
            (status, false, left)
        );
    }
    let right_too_late = app.check_verification(key, &started.id, &code).await;
    assert_eq!(
        (
            right_too_late.status,
            right_too_late.problem().code.as_str()
        ),
        (StatusCode::CONFLICT, "max_attempts_reached")
    );
    let fetched = app
        .get_verification(key, &started.id)
        .await
        .verification(StatusCode::OK);
    assert_eq!(fetched.status, "max_attempts_reached");
}

/// Four verifications of five wrong codes each: the twentieth wrong code in a row locks the
/// number for an hour (security checklist VER-4).
async fn twenty_wrong_codes_in_a_row_lock_the_number_for_an_hour(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key, service) = (&setup.app, setup.key.bearer(), setup.service_sid.as_str());
    let mut last = None;
    for _ in 0..4 {
        let started = app
            .start_verification(key, &json!({ "verifier": "v_sms", "to": TO }))
            .await
            .verification(StatusCode::CREATED);
        let code = app.newest_sandbox_code().await;
        for _ in 0..5 {
            last = Some(
                app.check_verification(key, &started.id, &wrong(&code))
                    .await
                    .verification(StatusCode::OK),
            );
        }
        app.advance(Duration::from_secs(61));
    }
    assert_eq!(
        last.map(|checked| checked.status),
        Some("max_attempts_reached".to_owned())
    );

    let native = app
        .start_verification(key, &json!({ "verifier": "v_sms", "to": TO }))
        .await;
    let twilio = app
        .twilio_start(
            setup.key.basic(),
            service,
            &[("To", TO), ("Channel", "sms")],
        )
        .await;

    assert_eq!(
        (native.status, native.problem().code.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "number_locked")
    );
    assert_eq!(native.retry_after(), Some(3600 - 61));
    assert_eq!(twilio.twilio_error(), (429, 60203));
    assert_eq!(twilio.retry_after(), Some(3600 - 61));
}

async fn a_send_the_provider_could_not_make_shows_failed(backend: Backend) {
    let form = VerifierForm {
        settings: vec![("sandbox", vec![("fail", "unavailable")])],
        ..VerifierForm::default()
    };
    let setup = ApiSetup::spawn_with(backend, form).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let reply = app
        .start_verification(key, &json!({ "verifier": "v_sms", "to": TO }))
        .await;
    assert_eq!(
        (reply.status, reply.problem().code.as_str()),
        (StatusCode::BAD_GATEWAY, "not_sent")
    );

    let challenge: String = sqlx::query_scalar("select challenge_id from challenge")
        .fetch_one(&app.db.pool)
        .await
        .expect("the challenge was saved before the send");
    let fetched = app
        .get_verification(key, &format!("VE{challenge}"))
        .await
        .verification(StatusCode::OK);
    assert_eq!(fetched.status, "failed");
}

async fn a_code_sent_moments_ago_is_not_sent_again(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    app.start_verification(key, &json!({ "verifier": "v_sms", "to": TO }))
        .await
        .verification(StatusCode::CREATED);
    let again = app
        .start_verification(key, &json!({ "verifier": "v_sms", "to": TO }))
        .await;
    let problem = again.problem();
    assert_eq!(
        (again.status, problem.code.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "resend_too_soon")
    );
    let wait = again.retry_after().expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(problem.retry_after, Some(wait));
    assert_eq!(messages(app).await, 1);
}

async fn no_code_goes_to_numbers_that_cost_the_sender_or_reach_no_phone(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    for (to, kind) in [
        ("+449098765432", "premium-rate"),
        ("+611300123456", "shared-cost"),
        ("+448001234567", "toll-free"),
        ("+445512345678", "universal access"),
        ("+41860123456789", "voicemail"),
        ("+447640123456", "pager"),
    ] {
        let refused = app
            .start_verification(key, &json!({ "verifier": "v_sms", "to": to }))
            .await;
        let problem = refused.problem();
        assert_eq!(
            (
                refused.status,
                problem.code.as_str(),
                problem.fields.as_slice()
            ),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "number_kind_not_allowed",
                ["to".to_owned()].as_slice()
            ),
            "{to}"
        );
        assert_eq!(
            problem.detail,
            format!("Codes are not sent to {kind} numbers."),
            "{to}"
        );
    }
    assert_eq!(messages(app).await, 0, "nothing was sent");
    // A mobile number of the same country still gets its code.
    app.start_verification(key, &json!({ "verifier": "v_sms", "to": "+447400123456" }))
        .await
        .verification(StatusCode::CREATED);
}

async fn fixed_lines_get_codes_only_where_the_policy_allows_them(backend: Backend) {
    const FIXED_LINE: &str = "+441212345678";
    let refusing = ApiSetup::spawn(backend).await;
    let refused = refusing
        .app
        .start_verification(
            refusing.key.bearer(),
            &json!({ "verifier": "v_sms", "to": FIXED_LINE }),
        )
        .await;
    let problem = refused.problem();
    assert_eq!(
        (
            refused.status,
            problem.code.as_str(),
            problem.detail.as_str()
        ),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "number_kind_not_allowed",
            "Codes are not sent to fixed-line numbers."
        )
    );

    let allowing = ApiSetup::spawn_with(
        backend,
        VerifierForm {
            allow_fixed_lines: true,
            ..VerifierForm::default()
        },
    )
    .await;
    allowing
        .app
        .start_verification(
            allowing.key.bearer(),
            &json!({ "verifier": "v_sms", "to": FIXED_LINE }),
        )
        .await
        .verification(StatusCode::CREATED);
}

async fn a_user_s_bound_number_gets_the_code_and_stays_masked(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let ada = app.signed_in_user("ada").await;
    let phone = Phone::china("138 0013 8000");
    app.bind_with_delivered_code(&ada, "v_sms", phone)
        .await
        .expect("bound");
    app.advance(Duration::from_secs(60));

    let started = app
        .start_verification(key, &json!({ "verifier": "v_sms", "user": "ada" }))
        .await
        .verification(StatusCode::CREATED);
    assert_eq!(started.to, "+86 138****8000");
    let entry = app.newest_log_entry(&setup.admin).await;
    assert_eq!(
        (entry.scene.as_str(), entry.masked_receiver.as_str()),
        ("api", "+86 138****8000")
    );
    let approved = app
        .check_verification(key, &started.id, &app.newest_sandbox_code().await)
        .await
        .verification(StatusCode::OK);
    assert_eq!(
        (approved.status.as_str(), approved.to.as_str()),
        ("approved", "+86 138****8000")
    );

    let nobody = app
        .start_verification(key, &json!({ "verifier": "v_sms", "user": "nobody" }))
        .await;
    let problem = nobody.problem();
    assert_eq!(
        (nobody.status, problem.code.as_str(), problem.fields.clone()),
        (StatusCode::NOT_FOUND, "not_found", vec!["user".to_owned()])
    );
    app.signed_in_user("grace").await;
    let unbound = app
        .start_verification(key, &json!({ "verifier": "v_sms", "user": "grace" }))
        .await;
    assert_eq!(
        (unbound.status, unbound.problem().code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "no_bound_number")
    );
}

async fn of_many_concurrent_right_codes_exactly_one_approves(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let key = setup.key.secret.clone();
    let app = Arc::new(setup.app);
    let started = app
        .start_verification(
            crate::helpers::Auth::Bearer(&key),
            &json!({ "verifier": "v_sms", "to": TO }),
        )
        .await
        .verification(StatusCode::CREATED);
    let code = app.newest_sandbox_code().await;
    let barrier = Arc::new(Barrier::new(32));
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let (app, barrier, key, id, code) = (
                app.clone(),
                barrier.clone(),
                key.clone(),
                started.id.clone(),
                code.clone(),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                app.check_verification(crate::helpers::Auth::Bearer(&key), &id, &code)
                    .await
            })
        })
        .collect();
    let mut approved = 0;
    for task in tasks {
        let reply = task.await.expect("the task ends");
        match reply.status {
            StatusCode::OK => {
                assert_eq!(reply.verification(StatusCode::OK).status, "approved");
                approved += 1;
            }
            _ => assert_eq!(reply.problem().code, "not_pending", "{}", reply.body),
        }
    }
    assert_eq!(approved, 1);
}

on_both_databases!(
    a_verification_is_started_then_approved_by_its_code,
    a_national_number_is_read_with_its_country,
    faulty_requests_are_refused_naming_the_fields,
    a_canceled_verification_s_code_stops_working,
    a_verification_expires_with_its_code,
    wrong_codes_use_up_the_attempts,
    twenty_wrong_codes_in_a_row_lock_the_number_for_an_hour,
    a_send_the_provider_could_not_make_shows_failed,
    a_code_sent_moments_ago_is_not_sent_again,
    no_code_goes_to_numbers_that_cost_the_sender_or_reach_no_phone,
    fixed_lines_get_codes_only_where_the_policy_allows_them,
    a_user_s_bound_number_gets_the_code_and_stays_masked,
    of_many_concurrent_right_codes_exactly_one_approves,
);

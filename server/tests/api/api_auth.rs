//! Who may call the API: a live key, presented as a bearer secret or HTTP Basic; never a
//! session cookie; and a key only for the verifiers it was made for. The API is for programs,
//! so the same-origin check of the pages does not stand in its way.

use app::{ports::KeyScope, types::VerifierUid};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{
    helpers::{ApiSetup, Auth, Backend, Reply, TestApp, VerifierForm},
    on_both_databases,
};

const TO: &str = "+8613800138000";

/// Every route of both APIs, with a body each would accept.
fn routes(service: &str) -> Vec<(Method, String, bool)> {
    let ve = format!("VE{}", "0".repeat(32));
    vec![
        (Method::POST, "/api/v1/verifications".into(), true),
        (Method::GET, format!("/api/v1/verifications/{ve}"), false),
        (
            Method::POST,
            format!("/api/v1/verifications/{ve}/check"),
            true,
        ),
        (
            Method::POST,
            format!("/api/v1/verifications/{ve}/cancel"),
            false,
        ),
        (Method::GET, "/v2/Services".into(), false),
        (Method::GET, format!("/v2/Services/{service}"), false),
        (
            Method::POST,
            format!("/v2/Services/{service}/Verifications"),
            true,
        ),
        (
            Method::GET,
            format!("/v2/Services/{service}/Verifications/{ve}"),
            false,
        ),
        (
            Method::POST,
            format!("/v2/Services/{service}/Verifications/{ve}"),
            true,
        ),
        (
            Method::POST,
            format!("/v2/Services/{service}/VerificationCheck"),
            true,
        ),
    ]
}

async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    route: &(Method, String, bool),
    auth: Auth<'_>,
) -> Reply {
    let (method, path, has_body) = route;
    let twilio = path.starts_with("/v2");
    app.api_request_with(client, method.clone(), path, auth, |request| {
        match (has_body, twilio) {
            (false, _) => request,
            (true, true) => request.form(&[
                ("To", TO),
                ("Channel", "sms"),
                ("Code", "123456"),
                ("Status", "canceled"),
            ]),
            (true, false) => {
                request.json(&json!({ "verifier": "v_sms", "to": TO, "code": "123456" }))
            }
        }
    })
    .await
}

/// A refusal for want of a valid key, in each interface's own words.
fn assert_unauthorized(reply: &Reply, path: &str) {
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "{path}: {}",
        reply.body
    );
    assert!(
        reply.header("www-authenticate").is_some(),
        "{path}: WWW-Authenticate"
    );
    if path.starts_with("/v2") {
        assert_eq!(
            reply.json(),
            json!({"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}),
            "{path}"
        );
    } else {
        assert_eq!(reply.problem().code, "unauthorized", "{path}");
    }
}

async fn every_route_refuses_a_missing_wrong_or_revoked_key(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, &setup.key);
    let revoked = app.api_key(KeyScope::All).await;
    app.revoke_api_key(&revoked).await;
    let client = reqwest::Client::new();
    let wrong_secret = "f".repeat(64);
    let account_sid = app.account_sid();
    let refused = [
        Auth::None,
        Auth::Bearer(&wrong_secret),
        Auth::Basic(&key.sid, &wrong_secret),
        Auth::Basic("SK00000000000000000000000000000000", &key.secret),
        Auth::Basic(&account_sid, &wrong_secret),
        Auth::Basic(&account_sid, &revoked.secret),
        revoked.bearer(),
        revoked.basic(),
    ];
    for route in routes(&setup.service_sid) {
        for auth in refused {
            let reply = call(app, &client, &route, auth).await;
            assert_unauthorized(&reply, &format!("{} {:?}", route.1, auth));
        }
    }
    assert_eq!(messages(app).await, 0, "nothing was sent");
}

/// A bearer secret, Basic with the key's SID, and Basic with the Account SID (as
/// `Client(account_sid, auth_token)` in Twilio's libraries).
async fn every_way_of_presenting_a_key_is_accepted(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let client = reqwest::Client::new();
    let account_sid = setup.app.account_sid();
    let ways = [
        setup.key.bearer(),
        setup.key.basic(),
        Auth::Basic(&account_sid, &setup.key.secret),
    ];
    for (route, auth) in routes(&setup.service_sid)
        .iter()
        .zip(ways.into_iter().cycle())
    {
        let reply = call(&setup.app, &client, route, auth).await;
        assert_ne!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{}: {}",
            route.1,
            reply.body
        );
        setup.app.advance(std::time::Duration::from_secs(60));
    }
}

async fn a_session_cookie_alone_is_refused(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    // The administrator's browser, signed in, with its session cookie.
    for route in routes(&setup.service_sid) {
        let reply = call(&setup.app, &setup.admin, &route, Auth::None).await;
        assert_unauthorized(&reply, &route.1);
        assert!(
            reply.header("set-cookie").is_none(),
            "{}: no cookie is set",
            route.1
        );
    }
}

async fn a_key_may_use_only_its_own_verifiers(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let app = &setup.app;
    let other_sid = app
        .api_verifier(
            &setup.admin,
            VerifierForm {
                uid: "v_other",
                title: "Other",
                ..VerifierForm::default()
            },
        )
        .await;
    let only_other = app
        .api_key(KeyScope::Only(vec![
            VerifierUid::parse("v_other").expect("UID"),
        ]))
        .await;

    let native = app
        .start_verification(
            only_other.bearer(),
            &json!({ "verifier": "v_sms", "to": TO }),
        )
        .await;
    let problem = native.problem();
    assert_eq!(
        (native.status, problem.code.as_str()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let twilio = app
        .twilio_start(
            only_other.basic(),
            &setup.service_sid,
            &[("To", TO), ("Channel", "sms")],
        )
        .await;
    assert_eq!(twilio.twilio_error(), (403, 20403));
    assert_eq!(messages(app).await, 0);

    // A verification another key started on v_sms is not this key's business: not found.
    let started = app
        .start_verification(
            setup.key.bearer(),
            &json!({ "verifier": "v_sms", "to": TO }),
        )
        .await
        .verification(StatusCode::CREATED);
    for reply in [
        app.get_verification(only_other.bearer(), &started.id).await,
        app.check_verification(only_other.bearer(), &started.id, "123456")
            .await,
        app.cancel_verification(only_other.bearer(), &started.id)
            .await,
    ] {
        assert_eq!(reply.problem().code, "not_found");
    }
    let fetched = app
        .twilio_fetch(only_other.basic(), &other_sid, &started.id)
        .await;
    assert_eq!(fetched.twilio_error(), (404, 20404));

    // Its Services list shows only v_other.
    let services = app.twilio_services(only_other.basic()).await.json();
    let sids: Vec<&str> = services["services"]
        .as_array()
        .expect("services")
        .iter()
        .filter_map(|service| service["sid"].as_str())
        .collect();
    assert_eq!(sids, [other_sid.as_str()]);
}

async fn api_posts_are_not_held_to_the_same_origin_rule(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let reply = setup
        .app
        .api_request(
            Method::POST,
            "/api/v1/verifications",
            setup.key.bearer(),
            |request| {
                request
                    .header("Origin", "https://shop.example")
                    .header("Sec-Fetch-Site", "cross-site")
                    .json(&json!({ "verifier": "v_sms", "to": TO }))
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let reply = setup
        .app
        .api_request(
            Method::POST,
            &format!("/v2/Services/{}/VerificationCheck", setup.service_sid),
            setup.key.basic(),
            |request| {
                request
                    .header("Origin", "https://shop.example")
                    .form(&[("Code", "000000"), ("To", TO)])
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

async fn the_openapi_document_is_public_and_declares_both_key_schemes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let reply = app
        .api_request(Method::GET, "/api/v1/openapi.json", Auth::None, |request| {
            request
        })
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.json();
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|version| version.starts_with("3.1"))
    );
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["basic"]["scheme"], "basic");
    let start = &document["paths"]["/api/v1/verifications"]["post"];
    for status in [
        "201", "400", "401", "403", "404", "409", "415", "422", "429", "500",
    ] {
        assert!(
            start["responses"][status].is_object(),
            "start documents {status}"
        );
    }
    assert!(start["responses"]["429"]["headers"]["Retry-After"].is_object());
}

/// Clients and API explorers send the document's example as it is: it must be a body the API
/// accepts (on a server with the verifier it names).
async fn the_openapi_document_s_example_start_body_is_accepted(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let document = setup
        .app
        .api_request(Method::GET, "/api/v1/openapi.json", Auth::None, |request| {
            request
        })
        .await
        .json();
    let schema = &document["components"]["schemas"]["StartVerification"];
    assert_eq!(
        (
            &schema["oneOf"][0]["required"],
            &schema["oneOf"][1]["required"]
        ),
        (&json!(["to"]), &json!(["user"])),
        "exactly one of `to` and `user`, in the schema"
    );
    let example = &schema["example"];
    assert!(example.is_object(), "{example}");
    let reply = setup
        .app
        .start_verification(setup.key.bearer(), example)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

async fn unknown_api_paths_answer_in_the_api_s_format(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let native = setup
        .app
        .api_request(
            Method::GET,
            "/api/v1/nothing-here",
            setup.key.bearer(),
            |request| request,
        )
        .await;
    assert_eq!(native.problem().code, "not_found");
    let wrong_method = setup
        .app
        .api_request(
            Method::DELETE,
            "/api/v1/verifications",
            setup.key.bearer(),
            |request| request,
        )
        .await;
    assert_eq!(wrong_method.problem().code, "method_not_allowed");
    let twilio = setup
        .app
        .api_request(Method::GET, "/v2/Nothing", setup.key.basic(), |request| {
            request
        })
        .await;
    assert_eq!(twilio.twilio_error(), (404, 20404));
}

pub async fn messages(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from message")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

on_both_databases!(
    every_route_refuses_a_missing_wrong_or_revoked_key,
    every_way_of_presenting_a_key_is_accepted,
    a_session_cookie_alone_is_refused,
    a_key_may_use_only_its_own_verifiers,
    api_posts_are_not_held_to_the_same_origin_rule,
    the_openapi_document_is_public_and_declares_both_key_schemes,
    the_openapi_document_s_example_start_body_is_accepted,
    unknown_api_paths_answer_in_the_api_s_format,
);

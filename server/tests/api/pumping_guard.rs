//! The SMS-pumping guard: a calling code whose numbers sent to in the last hour mostly never
//! verified a code is held for an hour for new numbers, at every edge, until it is released.

use std::time::Duration;

use app::{
    ports::{CodeError, SYSTEM_ACTOR},
    types::{AuditAction, PhoneNumber, VerifierUid},
};
use reqwest::StatusCode;
use serde_json::json;
use verigate::{
    domain::otp::{IssueRequest, Issued, OtpError, Scene},
    store::challenges::Outcome,
};

use crate::{
    helpers::{ApiSetup, Backend, Phone, VerifierForm, captured_logs},
    on_both_databases,
};

const VERIFIER: &str = "v_sms";

/// Sends a code to `to` through the engine, as an API call would.
async fn issue(setup: &ApiSetup, to: &str) -> Result<Issued, OtpError> {
    let verifier = VerifierUid::parse(VERIFIER).expect("valid UID");
    let to = PhoneNumber::parse_e164(to).expect("valid number");
    setup
        .app
        .otp
        .issue(&IssueRequest {
            verifier_uid: &verifier,
            scene: Scene::Api,
            receiver: &to,
            user_id: None,
            client: None,
            from_known_device: false,
            api_key: None,
            locale: app::i18n::Locale::en,
        })
        .await
}

/// Twenty codes to +86 numbers, of which `verified` are approved.
async fn twenty_codes_to_china(setup: &ApiSetup, verified: usize) {
    for index in 0..20 {
        let issued = issue(setup, &format!("+86139{index:08}"))
            .await
            .expect("no hold yet");
        if index < verified {
            assert!(
                setup
                    .app
                    .otp
                    .close(&issued.challenge_id, Outcome::Approved)
                    .await
                    .expect("approve")
            );
        }
    }
}

async fn a_country_with_few_verified_codes_is_held_until_released(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let app = &setup.app;
    twenty_codes_to_china(&setup, 3).await;

    let held = issue(&setup, "+8613900000020").await;
    let elsewhere = issue(&setup, "+31612345678").await;
    app.advance(Duration::from_secs(600));
    let api = app
        .start_verification(
            setup.key.bearer(),
            &json!({ "verifier": VERIFIER, "to": "+8613900000021" }),
        )
        .await;
    let twilio = app
        .twilio_start(
            setup.key.basic(),
            &setup.service_sid,
            &[("To", "+8613900000022"), ("Channel", "sms")],
        )
        .await;

    assert!(
        matches!(
            held,
            Err(OtpError::Code(CodeError::CountryHeld {
                retry_after_secs: 3600
            }))
        ),
        "15 % verified holds +86: {held:?}"
    );
    assert!(elsewhere.is_ok(), "other countries go on: {elsewhere:?}");
    let problem = api.problem();
    assert_eq!(
        (api.status, problem.code.as_str(), problem.retry_after),
        (StatusCode::TOO_MANY_REQUESTS, "country_held", Some(3000))
    );
    assert!(problem.detail.contains("SMS pumping"), "{}", problem.detail);
    assert_eq!(twilio.twilio_error(), (429, 60410));
    let logs = captured_logs();
    assert!(
        logs.lines()
            .any(|line| line.contains("WARN") && line.contains("sms_pumping_suspected")),
        "a security event at WARN"
    );

    let verifier = VerifierUid::parse(VERIFIER).expect("valid UID");
    let released = app
        .otp
        .release_pumping_hold(SYSTEM_ACTOR, &verifier, 86)
        .await
        .expect("release");
    assert!(released);
    issue(&setup, "+8613900000023")
        .await
        .expect("a released country is sent to again");
    assert!(
        !app.otp
            .release_pumping_hold(SYSTEM_ACTOR, &verifier, 86)
            .await
            .expect("release"),
        "nothing left to release"
    );
}

/// One caller's codes to a few numbers, however many, are no pumping: the guard counts numbers.
/// (Otherwise one signed-up account, sending bind codes to its five numbers an hour, could hold
/// a whole country.)
async fn resends_to_a_few_numbers_do_not_hold_a_country(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    for _ in 0..5 {
        for index in 0..5 {
            issue(&setup, &format!("+86139{index:08}"))
                .await
                .expect("no hold");
        }
        setup.app.advance(Duration::from_secs(61));
    }

    let next = issue(&setup, "+8613900000020").await;

    assert!(next.is_ok(), "25 unverified codes to 5 numbers: {next:?}");
}

/// A number bound to a user proved it receives codes: a held country still sends its sign-in
/// codes, so whoever trips the guard cannot lock the country's users out.
async fn a_held_country_still_sends_sign_in_codes_to_bound_numbers(backend: Backend) {
    let form = VerifierForm {
        sign_in_enabled: true,
        ..VerifierForm::default()
    };
    let setup = ApiSetup::spawn_with(backend, form).await;
    let app = &setup.app;
    let ada = app.signed_in_user("ada").await;
    let bound = Phone::china("138 0013 8000");
    app.bind_with_delivered_code(&ada, VERIFIER, bound)
        .await
        .expect("bound before the pumping");
    app.advance(Duration::from_secs(61));
    // With the bound number, 20 numbers of +86 of which one verified: held.
    for index in 0..19 {
        issue(&setup, &format!("+86139{index:08}"))
            .await
            .expect("no hold yet");
    }
    assert!(
        matches!(
            issue(&setup, "+8613900000020").await,
            Err(OtpError::Code(CodeError::CountryHeld { .. }))
        ),
        "+86 is held for new numbers"
    );

    let sent = app
        .send_sign_in_code(&app.new_browser(), VERIFIER, bound)
        .await;

    assert!(sent.is_ok(), "{sent:?}");
    let code = app.delivered_sign_in_code().await;
    assert_eq!(code.len(), 6, "the code went out");
}

async fn a_country_with_a_fifth_of_its_codes_verified_is_not_held(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    twenty_codes_to_china(&setup, 4).await;

    let next = issue(&setup, "+8613900000020").await;

    assert!(next.is_ok(), "20 % verified is enough: {next:?}");
}

async fn holds_and_releases_are_in_the_audit_log(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let app = &setup.app;
    twenty_codes_to_china(&setup, 0).await;
    issue(&setup, "+8613900000020")
        .await
        .expect_err("the guard holds +86");
    issue(&setup, "+8613900000021")
        .await
        .expect_err("still held");
    app.advance(Duration::from_secs(60));
    let admin = app.whoami(&setup.admin).await.expect("signed in");
    let verifier = VerifierUid::parse(VERIFIER).expect("valid UID");
    app.otp
        .release_pumping_hold(&admin.user_id, &verifier, 86)
        .await
        .expect("release");

    let lines = app.audit_lines(&setup.admin).await;

    let guard_lines: Vec<_> = lines
        .into_iter()
        .filter(|(_, action, ..)| {
            matches!(
                action,
                AuditAction::PumpingHold | AuditAction::PumpingRelease
            )
        })
        .collect();
    let line = |actor: &str, action| {
        (
            actor.to_owned(),
            action,
            "+86".to_owned(),
            VERIFIER.to_owned(),
            String::new(),
        )
    };
    assert_eq!(
        guard_lines,
        [
            line(&admin.username, AuditAction::PumpingRelease),
            line(SYSTEM_ACTOR, AuditAction::PumpingHold),
        ],
        "one hold when it is placed (not one per refused send), and its release"
    );
}

on_both_databases!(
    resends_to_a_few_numbers_do_not_hold_a_country,
    a_held_country_still_sends_sign_in_codes_to_bound_numbers,
    holds_and_releases_are_in_the_audit_log,
    a_country_with_few_verified_codes_is_held_until_released,
    a_country_with_a_fifth_of_its_codes_verified_is_not_held,
);

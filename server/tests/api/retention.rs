//! What grows is kept only as long as its retention: the message log and the audit log by the
//! settings, send gates and pumping holds until they gate nothing, the emulator's inbox a week.

use std::time::Duration;

use verigate::clock::Clock as _;

use crate::{
    helpers::{Backend, Phone, TestApp, VerifierForm},
    on_both_databases,
};

const HOUR: Duration = Duration::from_secs(60 * 60);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);

async fn rows(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

async fn logs_are_purged_after_their_retention_and_no_sooner(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.message_retention_days = 30;
        settings.audit_retention_days = 60;
    })
    .await;
    let admin = app.signed_in_admin().await;
    app.save_verifier(&admin, VerifierForm::default())
        .await
        .expect("the verifier is saved");
    let ada = app.signed_in_user("ada").await;
    let phone = Phone::china("138 0013 8000");
    app.bind_with_delivered_code(&ada, "v_sms", phone)
        .await
        .expect("the number is bound");
    let before = (
        rows(&app, "message").await,
        rows(&app, "audit_event").await,
        rows(&app, "send_gate").await,
    );

    app.advance(29 * DAY);
    app.housekeeping.run_once().await;
    let at_29_days = (
        rows(&app, "message").await,
        rows(&app, "audit_event").await,
        rows(&app, "send_gate").await,
    );
    app.advance(2 * DAY);
    app.housekeeping.run_once().await;
    let at_31_days = (rows(&app, "message").await, rows(&app, "audit_event").await);
    app.advance(30 * DAY);
    app.housekeeping.run_once().await;
    let at_61_days = rows(&app, "audit_event").await;

    // Two audit events: the verifier's creation and the binding.
    assert_eq!(before, (1, 2, 1));
    assert_eq!(at_29_days, (1, 2, 0), "only the passed send gate goes");
    assert_eq!(at_31_days, (0, 2), "the message log keeps 30 days");
    assert_eq!(at_61_days, 0, "the audit log keeps 60 days");
    assert_eq!(
        rows(&app, "binding").await,
        1,
        "bindings are no log: they stay"
    );
}

async fn the_emulators_inbox_keeps_a_week(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let twilio = VerifierForm {
        provider: "twilio",
        settings: vec![(
            "twilio",
            vec![
                ("account_sid", "AC00000000000000000000000000000000"),
                ("auth_token", "emulator-twilio-auth-token"),
                ("from", "+15005550006"),
                ("endpoint", &app.emulator_url),
            ],
        )],
        ..VerifierForm::default()
    };
    app.save_verifier(&admin, twilio)
        .await
        .expect("the Twilio verifier is saved");
    let outcome = app.send_test_sms(&admin, "v_sms", "+8613800138000").await;
    assert!(outcome.sent, "{outcome:?}");

    app.advance(6 * DAY);
    app.housekeeping.run_once().await;
    let after_6_days = app.emulator_inbox_size().await;
    app.advance(2 * DAY);
    app.housekeeping.run_once().await;

    assert_eq!(after_6_days, 1);
    assert_eq!(app.emulator_inbox_size().await, 0);
}

async fn a_pumping_hold_is_purged_a_day_after_it_ended(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.save_verifier(&admin, VerifierForm::default())
        .await
        .expect("the verifier is saved");
    let now = app.clock.now_ms();
    let hour_ms = 60 * 60 * 1000;
    app.db
        .hold_calling_code("v_sms", 86, now, now + hour_ms)
        .await
        .expect("held");

    app.advance(24 * HOUR);
    app.housekeeping.run_once().await;
    let a_day_after_the_hold_began = rows(&app, "pumping_guard").await;
    app.advance(2 * HOUR);
    app.housekeeping.run_once().await;

    assert_eq!(
        a_day_after_the_hold_began, 1,
        "kept while it may still count"
    );
    assert_eq!(rows(&app, "pumping_guard").await, 0);
}

async fn refused_sign_ins_are_kept_as_long_as_their_setting_says(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.sign_in_failure_retention_days = 7;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let attempt = app
            .sign_in(&app.new_browser(), "mallory", "not the password")
            .await;
        statuses.push(attempt.status());
    }
    // Five wrong passwords, then one attempt refused by the lock.
    assert_eq!(
        statuses.last(),
        Some(&reqwest::StatusCode::TOO_MANY_REQUESTS)
    );

    app.advance(6 * DAY);
    app.housekeeping.run_once().await;
    let after_6_days = (
        rows(&app, "sign_in_failure").await,
        rows(&app, "sign_in_refusal").await,
    );
    app.advance(2 * DAY);
    app.housekeeping.run_once().await;

    assert_eq!(after_6_days, (5, 1));
    assert_eq!(rows(&app, "sign_in_failure").await, 0);
    assert_eq!(rows(&app, "sign_in_refusal").await, 0);
}

on_both_databases!(
    refused_sign_ins_are_kept_as_long_as_their_setting_says,
    a_pumping_hold_is_purged_a_day_after_it_ended,
    logs_are_purged_after_their_retention_and_no_sooner,
    the_emulators_inbox_keeps_a_week,
);

use app::AppError;
use reqwest::StatusCode;

use crate::{
    helpers::{Backend, NO_ARGUMENTS, TestApp, VerifierForm},
    on_both_databases,
};

/// Every administrators' server function, with valid arguments.
const ADMIN_FUNCTIONS: &[(&str, &[(&str, &str)])] = &[
    ("list_verifiers", NO_ARGUMENTS),
    ("new_verifier_form", NO_ARGUMENTS),
    ("get_verifier", &[("uid", "v_sms")]),
    (
        "save_verifier",
        &[
            ("mode", "create"),
            ("uid", "v_new"),
            ("title", "T"),
            ("description", ""),
            ("provider", "sandbox"),
            ("settings[sandbox][fail]", "none"),
            ("code_length", "6"),
            ("code_lifetime_secs", "300"),
            ("resend_interval_secs", "60"),
            ("max_attempts", "5"),
            ("sends_per_hour", "5"),
            ("sends_per_day", "10"),
            ("allowed_countries", ""),
        ],
    ),
    (
        "send_test_sms",
        &[("uid", "v_sms"), ("phone", "+8613800138000")],
    ),
    ("delete_verifier", &[("uid", "v_sms")]),
    ("list_messages", &[("page", "0")]),
];

async fn admin_functions_refuse_ordinary_users_with_403(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.save_verifier(&admin, VerifierForm::default())
        .await
        .expect("the verifier is saved");
    let user = app.signed_in_user("ada").await;

    for (endpoint, arguments) in ADMIN_FUNCTIONS {
        let response = app.call(&user, endpoint, arguments).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{endpoint}");
        let error: AppError = response.json().await.expect("an AppError");
        assert_eq!(error, AppError::Forbidden, "{endpoint}");
    }
}

async fn admin_functions_refuse_anonymous_callers_with_401(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    for (endpoint, arguments) in ADMIN_FUNCTIONS {
        let response = app.call(&app.client, endpoint, arguments).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{endpoint}");
    }
}

async fn admin_functions_answer_administrators(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.save_verifier(&admin, VerifierForm::default())
        .await
        .expect("the verifier is saved");

    for (endpoint, arguments) in ADMIN_FUNCTIONS {
        let response = app.call(&admin, endpoint, arguments).await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "{endpoint}: {}",
            response.status()
        );
    }
}

on_both_databases!(
    admin_functions_refuse_ordinary_users_with_403,
    admin_functions_refuse_anonymous_callers_with_401,
    admin_functions_answer_administrators,
);

//! The console on a listener of its own (`VERIGATE_CONSOLE_ADDR`, security checklist ADM-8):
//! the public listener serves the public pages and the API, and nothing of the console.

use app::AppError;
use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ApiSetup, Backend, NO_ARGUMENTS, PASSWORD, SETUP_TOKEN, TestApp},
    on_both_databases,
};

async fn with_a_console_listener(backend: Backend) -> (TestApp, String) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.console_addr = Some("127.0.0.1:0".parse().expect("an address"));
    })
    .await;
    let console = app
        .console_address
        .clone()
        .expect("the console listens apart");
    (app, console)
}

async fn status_of_page(app: &TestApp, base: &str, path: &str) -> StatusCode {
    app.new_browser()
        .get(format!("{base}{path}"))
        .send()
        .await
        .expect("the server answers")
        .status()
}

async fn the_public_listener_serves_no_console_when_it_has_its_own(backend: Backend) {
    let (app, console) = with_a_console_listener(backend).await;
    let public = app.address.clone();

    for path in ["/setup", "/admin", "/admin/verification", "/admin/api-keys"] {
        assert_eq!(
            status_of_page(&app, &public, path).await,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        status_of_page(&app, &console, "/setup").await,
        StatusCode::OK
    );
    assert_eq!(
        app.create_first_admin(&app.new_browser(), "mallory")
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "no first administrator through the public listener"
    );

    let admin = app.new_browser();
    let created = app
        .call_at(
            &console,
            &admin,
            "create_first_admin",
            &[
                ("username", "admin"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
                ("setup_token", SETUP_TOKEN),
            ],
        )
        .await;
    assert!(created.status().is_success(), "{}", created.status());
    let listed = app
        .call_at(&console, &admin, "list_verifiers", NO_ARGUMENTS)
        .await;
    assert_eq!(listed.status(), StatusCode::OK);
    let from_public = app.call(&admin, "list_verifiers", NO_ARGUMENTS).await;
    assert_eq!(
        from_public.status(),
        StatusCode::NOT_FOUND,
        "the administrator's session reaches no console function on the public listener"
    );

    assert_eq!(
        app.whoami(&admin).await,
        None,
        "nor does the public listener know them"
    );

    let signed_in_publicly = app.sign_in(&app.new_browser(), "admin", PASSWORD).await;
    assert_eq!(signed_in_publicly.status(), StatusCode::UNAUTHORIZED);
    let error: AppError = signed_in_publicly.json().await.expect("an AppError");
    assert_eq!(
        error,
        AppError::InvalidCredentials,
        "an administrator's sign-in there is answered like a wrong password"
    );
    let on_console = app
        .call_at(
            &console,
            &app.new_browser(),
            "sign_in",
            &[("username", "admin"), ("password", PASSWORD)],
        )
        .await;
    assert!(on_console.status().is_success(), "{}", on_console.status());
    let publicly = app.new_browser();
    for _ in 0..5 {
        app.sign_in(&publicly, "admin", PASSWORD).await;
    }
    assert_eq!(
        app.sign_in(&publicly, "admin", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "each one counts as a wrong password (the fifth in a row locks the username for this \
         address): the right password shows no difference"
    );
}

async fn users_and_applications_keep_the_public_listener(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let app = setup
        .app
        .second_instance_with(|settings| {
            settings.console_addr = Some("127.0.0.1:0".parse().expect("an address"));
        })
        .await;

    let ada = app.signed_in_user("ada").await;
    assert!(app.whoami(&ada).await.is_some(), "a user signs up and in");
    let started = app
        .start_verification(
            setup.key.bearer(),
            &json!({ "verifier": "v_sms", "to": "+8613800138000" }),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    assert_eq!(
        status_of_page(&app, &app.address, "/").await,
        StatusCode::OK
    );
}

on_both_databases!(
    the_public_listener_serves_no_console_when_it_has_its_own,
    users_and_applications_keep_the_public_listener,
);

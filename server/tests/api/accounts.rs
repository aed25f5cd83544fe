use app::{AppError, types::Role};
use reqwest::StatusCode;

use crate::{
    helpers::{Backend, NO_ARGUMENTS, PASSWORD, SETUP_TOKEN, TestApp},
    on_both_databases,
};

async fn signing_up_creates_a_user_and_signs_it_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.new_browser();

    let response = app.sign_up(&browser, "ada").await;

    assert!(response.status().is_success(), "{}", response.status());
    let user = app.whoami(&browser).await.expect("signed in after sign-up");
    assert_eq!((user.username.as_str(), user.role), ("ada", Role::User));
}

async fn a_username_is_taken_whatever_its_case(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;

    let response = app.sign_up(&app.new_browser(), "ADA").await;

    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error: AppError = response.json().await.expect("an AppError");
    assert_eq!(
        error.for_field("username").as_deref(),
        Some("This username is taken.")
    );
}

async fn invalid_sign_up_input_is_refused_field_by_field_and_nothing_is_saved(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cases = [
        (("a", PASSWORD, PASSWORD), "username"),
        (("ada", "short", "short"), "password"),
        (("ada", "password123", "password123"), "password"),
        (("ada", PASSWORD, "something else"), "password_confirmation"),
    ];
    for ((username, password, confirmation), field) in cases {
        let response = app
            .call(
                &app.client,
                "sign_up",
                &[
                    ("username", username),
                    ("password", password),
                    ("password_confirmation", confirmation),
                ],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let error: AppError = response.json().await.expect("an AppError");
        assert!(error.for_field(field).is_some(), "{field}: {error:?}");
    }
    let users: i64 = sqlx::query_scalar("select count(*) from app_user")
        .fetch_one(&app.db.pool)
        .await
        .expect("count users");
    assert_eq!(users, 0);
}

async fn a_request_missing_its_arguments_gets_400_not_a_crash(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let response = app
        .call(&app.client, "sign_in", &[("username", "ada")])
        .await;

    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: AppError = response.json().await.expect("an AppError");
    assert_eq!(error, AppError::BadRequest);
}

async fn wrong_password_and_unknown_user_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("ada").await;

    let wrong_password = app
        .sign_in(&app.new_browser(), "ada", "not the password")
        .await;
    let unknown_user = app
        .sign_in(&app.new_browser(), "grace", "not the password")
        .await;

    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_user.status(), StatusCode::UNAUTHORIZED);
    let (a, b) = (
        wrong_password.bytes().await.expect("body"),
        unknown_user.bytes().await.expect("body"),
    );
    assert_eq!(a, b, "identical bodies");
    let error: AppError = serde_json::from_slice(&a).expect("an AppError");
    assert_eq!(error, AppError::InvalidCredentials);
}

async fn signing_in_with_the_right_password_works_regardless_of_username_case(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_user("Ada").await;
    let browser = app.new_browser();

    let response = app.sign_in(&browser, "ada", PASSWORD).await;

    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        app.whoami(&browser).await.map(|u| u.username).as_deref(),
        Some("Ada")
    );
}

async fn two_racing_first_admin_requests_make_exactly_one_admin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (first, second) = (app.new_browser(), app.new_browser());

    let (a, b) = tokio::join!(
        app.create_first_admin(&first, "alice"),
        app.create_first_admin(&second, "bob"),
    );

    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert!(
        statuses[0].is_success() || statuses[0].is_redirection(),
        "{statuses:?}"
    );
    assert_eq!(statuses[1], StatusCode::CONFLICT, "{statuses:?}");
    let admins: i64 = sqlx::query_scalar("select count(*) from app_user where role = 'admin'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count admins");
    assert_eq!(admins, 1);
}

async fn the_first_run_page_closes_once_an_admin_exists(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let open: bool = app
        .call(&app.client, "setup_status", NO_ARGUMENTS)
        .await
        .json()
        .await
        .expect("bool");
    assert!(open);

    app.signed_in_admin().await;

    let open: bool = app
        .call(&app.client, "setup_status", NO_ARGUMENTS)
        .await
        .json()
        .await
        .expect("bool");
    assert!(!open);
    let again = app.create_first_admin(&app.new_browser(), "mallory").await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let error: AppError = again.json().await.expect("an AppError");
    assert_eq!(error, AppError::SetupDone);
}

async fn a_fresh_installation_s_start_page_is_the_first_run_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let start = || async {
        app.client
            .get(format!("{}/", app.address))
            .send()
            .await
            .expect("the server answers")
    };

    let fresh = start().await;
    assert_eq!(fresh.status(), StatusCode::SEE_OTHER);
    assert_eq!(fresh.headers()["location"], "/setup");

    app.signed_in_admin().await;
    assert_eq!(start().await.status(), StatusCode::OK);
}

async fn the_first_administrator_needs_the_setup_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.new_browser();

    for wrong in ["", "test-setup-toke", "TEST-SETUP-TOKEN", "another"] {
        let refused = app
            .create_first_admin_with_token(&browser, "mallory", wrong)
            .await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{wrong:?}"
        );
        let error: AppError = refused.json().await.expect("an AppError");
        assert!(
            error.for_field("setup_token").is_some(),
            "{wrong:?}: {error:?}"
        );
    }
    assert!(app.whoami(&browser).await.is_none(), "not signed in");
    let open: bool = app
        .call(&app.client, "setup_status", NO_ARGUMENTS)
        .await
        .json()
        .await
        .expect("bool");
    assert!(open, "no administrator was made");

    let made = app
        .create_first_admin_with_token(&browser, "root", SETUP_TOKEN)
        .await;
    assert!(made.status().is_success(), "{}", made.status());
    assert_eq!(
        app.whoami(&browser).await.map(|user| user.role),
        Some(Role::Admin)
    );
}

async fn the_administrator_from_the_environment_is_created_at_start(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.admin_username = Some("root".into());
        settings.admin_password = Some(PASSWORD.into());
    })
    .await;
    let browser = app.new_browser();

    let response = app.sign_in(&browser, "root", PASSWORD).await;

    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        app.whoami(&browser).await.map(|u| u.role),
        Some(Role::Admin)
    );
}

on_both_databases!(
    signing_up_creates_a_user_and_signs_it_in,
    a_username_is_taken_whatever_its_case,
    invalid_sign_up_input_is_refused_field_by_field_and_nothing_is_saved,
    a_request_missing_its_arguments_gets_400_not_a_crash,
    wrong_password_and_unknown_user_get_the_same_answer,
    signing_in_with_the_right_password_works_regardless_of_username_case,
    two_racing_first_admin_requests_make_exactly_one_admin,
    the_first_run_page_closes_once_an_admin_exists,
    a_fresh_installation_s_start_page_is_the_first_run_page,
    the_first_administrator_needs_the_setup_token,
    the_administrator_from_the_environment_is_created_at_start,
);

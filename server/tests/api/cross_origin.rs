use app::AppError;
use reqwest::StatusCode;

use crate::{
    helpers::{Backend, PASSWORD, TestApp},
    on_both_databases,
};

const SIGN_UP: &[(&str, &str)] = &[
    ("username", "ada"),
    ("password", PASSWORD),
    ("password_confirmation", PASSWORD),
];

async fn users(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from app_user")
        .fetch_one(&app.db.pool)
        .await
        .expect("count users")
}

async fn a_post_from_another_site_is_refused_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let attempts = [
        vec![("Origin", "https://evil.example")],
        vec![
            ("Sec-Fetch-Site", "cross-site"),
            ("Origin", "https://evil.example"),
        ],
        vec![("Sec-Fetch-Site", "same-site")],
        vec![("Referer", "https://evil.example/attack.html")],
        vec![],
    ];
    for headers in attempts {
        let mut request = app
            .client
            .post(format!("{}/api/sign_up", app.address))
            .form(SIGN_UP);
        for (name, value) in &headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("answer");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
        let error: AppError = response.json().await.expect("an AppError");
        assert_eq!(error, AppError::CrossOrigin);
    }
    assert_eq!(users(&app).await, 0);
}

async fn a_same_origin_post_is_accepted(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let response = app
        .client
        .post(format!("{}/api/sign_up", app.address))
        .header("Sec-Fetch-Site", "same-origin")
        .form(SIGN_UP)
        .send()
        .await
        .expect("answer");

    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(users(&app).await, 1);
}

on_both_databases!(
    a_post_from_another_site_is_refused_and_changes_nothing,
    a_same_origin_post_is_accepted,
);

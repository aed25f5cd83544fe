//! Sign-up: open or closed by setting, administrators creating accounts in the console and on
//! the command line, and at most so many sign-ups per client address an hour, counted in the
//! database.

use std::time::Duration;

use app::error::Problem;
use app::{AppError, types::Role};
use reqwest::{Response, StatusCode, header::RETRY_AFTER};
use verigate::{
    cli::{self, UserCommand},
    config::SignUpMode,
};

use crate::{
    helpers::{Backend, PASSWORD, TestApp},
    on_both_databases,
};

async fn closed(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |settings| settings.sign_up = SignUpMode::Closed).await
}

/// The status and error of a refused answer.
async fn refusal(response: Response) -> (StatusCode, AppError) {
    let status = response.status();
    (status, response.json().await.expect("an AppError"))
}

/// The `Retry-After` seconds of a 429.
fn retry_after(response: &Response) -> u64 {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    response
        .headers()
        .get(RETRY_AFTER)
        .expect("a Retry-After header")
        .to_str()
        .expect("ASCII")
        .parse()
        .expect("whole seconds")
}

async fn sign_up_is_open_by_default(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.new_browser();

    assert!(app.sign_up_open(&browser).await);
    let response = app.sign_up(&browser, "ada").await;

    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        app.whoami(&browser).await.map(|user| user.username),
        Some("ada".into())
    );
}

/// How many links to the sign-up page an anonymous visitor sees on `/` and on `/sign-in` (the
/// header's, the start page's button, the sign-in page's "no account yet").
async fn sign_up_links(app: &TestApp) -> usize {
    // The start page sends everyone to the first-run page until an administrator exists.
    app.signed_in_admin().await;
    let mut links = 0;
    for path in ["/", "/sign-in"] {
        let page = app
            .new_browser()
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("an answer");
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        let html = page.text().await.expect("a page");
        links += html.matches(r#"href="/sign-up""#).count();
    }
    links
}

async fn pages_link_to_sign_up_only_while_it_is_open(backend: Backend) {
    let open = TestApp::spawn(backend).await;
    let closed = closed(backend).await;

    assert_eq!(
        sign_up_links(&open).await,
        4,
        "each page's header, the start page's button, the sign-in page's hint"
    );
    assert_eq!(sign_up_links(&closed).await, 0);
}

async fn closed_sign_up_is_refused_with_a_clear_message(backend: Backend) {
    let app = closed(backend).await;
    let browser = app.new_browser();

    let open = app.sign_up_open(&browser).await;
    let (status, error) = refusal(app.sign_up(&browser, "ada").await).await;
    let (bad_name_status, bad_name_error) = refusal(app.sign_up(&browser, "!").await).await;

    assert!(!open, "the sign-up page learns that sign-up is closed");
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error, AppError::SignUpClosed);
    assert_eq!(
        error.to_string(),
        "Sign-up is closed. Ask an administrator to create your account."
    );
    assert_eq!(
        (bad_name_status, bad_name_error),
        (StatusCode::FORBIDDEN, AppError::SignUpClosed),
        "no field is judged: no input could help"
    );
    assert_eq!(app.whoami(&browser).await, None);
    assert_eq!(
        app.sign_in(&browser, "ada", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED,
        "no account was created"
    );
}

/// The sign-up page as the server renders it.
async fn sign_up_page(app: &TestApp) -> String {
    let page = app
        .client
        .get(format!("{}/sign-up", app.address))
        .send()
        .await
        .expect("the page answers");
    assert_eq!(page.status(), StatusCode::OK);
    page.text().await.expect("the page's HTML")
}

async fn the_sign_up_page_says_when_sign_up_is_closed_and_shows_no_form(backend: Backend) {
    let open = TestApp::spawn(backend).await;
    let closed = closed(backend).await;

    let open_page = sign_up_page(&open).await;
    let closed_page = sign_up_page(&closed).await;

    assert!(
        open_page.contains("password_confirmation"),
        "the open page has the form"
    );
    assert!(!open_page.contains("Sign-up is closed"));
    assert!(
        closed_page.contains("Sign-up is closed. Ask an administrator to create your account."),
        "{closed_page}"
    );
    assert!(!closed_page.contains("password_confirmation"), "no form");
}

async fn administrators_create_accounts_in_the_console_while_sign_up_is_closed(backend: Backend) {
    let app = closed(backend).await;
    let admin = app.signed_in_admin().await;

    let response = app.create_account(&admin, "bob").await;

    assert_eq!(response.status(), StatusCode::OK);
    let created: String = response.json().await.expect("the new username");
    assert_eq!(created, "bob");
    assert_eq!(
        app.whoami(&admin).await.map(|user| user.username),
        Some("admin".into()),
        "the administrator stays signed in as themselves"
    );
    let bob = app.new_browser();
    let signed_in = app.sign_in(&bob, "bob", PASSWORD).await;
    assert!(signed_in.status().is_success(), "{}", signed_in.status());
    let bob = app.whoami(&bob).await.expect("bob is signed in");
    assert_eq!(bob.role, Role::User);
}

async fn only_administrators_create_accounts_in_the_console(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let user = app.signed_in_user("ada").await;

    let anonymous = refusal(app.create_account(&app.new_browser(), "bob").await).await;
    let ordinary = refusal(app.create_account(&user, "bob").await).await;
    let taken = refusal(app.create_account(&admin, "ada").await).await;

    assert_eq!(
        anonymous,
        (StatusCode::UNAUTHORIZED, AppError::Unauthenticated)
    );
    assert_eq!(ordinary, (StatusCode::FORBIDDEN, AppError::Forbidden));
    assert_eq!(
        taken,
        (
            StatusCode::CONFLICT,
            AppError::conflict("username", Problem::UsernameTaken)
        )
    );
    assert_eq!(
        app.sign_in(&app.new_browser(), "bob", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "no account was created"
    );
}

async fn one_client_address_creates_at_most_10_accounts_an_hour(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app.signed_in_user("user0").await;
    // A refused sign-up creates nothing and does not count.
    let taken = app.sign_up(&app.new_browser(), "user0").await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    for index in 1..10 {
        app.signed_in_user(&format!("user{index}")).await;
    }

    let eleventh = app.sign_up(&app.new_browser(), "user10").await;
    let wait = retry_after(&eleventh);
    let (_, error) = refusal(eleventh).await;
    let elsewhere = app.sign_up(&app.browser_from("127.0.0.2"), "user11").await;

    assert!((1..=3600).contains(&wait), "{wait}");
    assert_eq!(
        error,
        AppError::TooManySignUps {
            retry_after_secs: wait
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("Too many accounts were created from this address."),
        "{error}"
    );
    assert!(
        elsewhere.status().is_success(),
        "another address is not held back: {}",
        elsewhere.status()
    );
    assert!(app.whoami(&first).await.is_some(), "earlier accounts stay");
    app.advance(Duration::from_secs(wait));
    let next_hour = app.sign_up(&app.new_browser(), "user10").await;
    assert!(
        next_hour.status().is_success(),
        "the next hour takes sign-ups again: {}",
        next_hour.status()
    );
}

async fn instances_share_the_sign_up_cap_through_the_database(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| settings.sign_ups_per_client_hour = 2).await;
    let other = app.second_instance().await;

    let on_first = app.sign_up(&app.new_browser(), "ada").await;
    let on_second = other.sign_up(&other.new_browser(), "bob").await;
    let third = app.sign_up(&app.new_browser(), "cyd").await;

    assert!(on_first.status().is_success(), "{}", on_first.status());
    assert!(on_second.status().is_success(), "{}", on_second.status());
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn the_command_line_creates_an_account_while_sign_up_is_closed(backend: Backend) {
    let app = closed(backend).await;
    let create = |username: &str| UserCommand::Create {
        username: username.to_owned(),
        password_stdin: true,
    };

    let created = cli::user(
        create("carol"),
        app.settings(),
        format!("{PASSWORD}\n").as_bytes(),
    )
    .await
    .expect("the account is created");
    let again = cli::user(
        create("Carol"),
        app.settings(),
        format!("{PASSWORD}\n").as_bytes(),
    )
    .await
    .expect_err("the username is taken");

    assert_eq!(
        (created.username.as_str(), created.role),
        ("carol", Role::User)
    );
    assert!(again.to_string().contains("is taken"), "{again:#}");
    let browser = app.new_browser();
    let signed_in = app.sign_in(&browser, "carol", PASSWORD).await;
    assert!(signed_in.status().is_success(), "{}", signed_in.status());
}

on_both_databases!(
    sign_up_is_open_by_default,
    pages_link_to_sign_up_only_while_it_is_open,
    closed_sign_up_is_refused_with_a_clear_message,
    the_sign_up_page_says_when_sign_up_is_closed_and_shows_no_form,
    administrators_create_accounts_in_the_console_while_sign_up_is_closed,
    only_administrators_create_accounts_in_the_console,
    one_client_address_creates_at_most_10_accounts_an_hour,
    instances_share_the_sign_up_cap_through_the_database,
    the_command_line_creates_an_account_while_sign_up_is_closed,
);

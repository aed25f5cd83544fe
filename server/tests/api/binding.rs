//! Users bind and unbind numbers and sign in with codes; every code passes only for the scene,
//! verifier, number and user it was issued for.

use app::{
    AppError,
    dto::{CodeSent, MyVerifier},
};
use reqwest::{Client, StatusCode};

use crate::{
    helpers::{Backend, NO_ARGUMENTS, TestApp, verifier_form, with},
    on_both_databases,
};

const CN: &str = "86";
const NUMBER: &str = "138 0013 8000";
const E164: &str = "+8613800138000";

/// An app with one sandbox verifier `v_sms` that allows signing in.
async fn app_with_verifier(backend: Backend) -> TestApp {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let form = with(
        verifier_form("create", "v_sms", "sandbox"),
        "sign_in_enabled",
        "on",
    );
    let saved = app.call(&admin, "save_verifier", &form).await;
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{}",
        saved.status()
    );
    app
}

async fn messages(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from message")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

async fn send_bind_code(app: &TestApp, user: &Client, number: &str) -> CodeSent {
    let response = app
        .call(
            user,
            "send_bind_code",
            &[("verifier", "v_sms"), ("country", CN), ("phone", number)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "send_bind_code");
    response.json().await.expect("CodeSent")
}

async fn bind(
    app: &TestApp,
    user: &Client,
    number: &str,
    sent: &CodeSent,
    code: &str,
) -> reqwest::Response {
    app.call(
        user,
        "bind_phone",
        &[
            ("verifier", "v_sms"),
            ("country", CN),
            ("phone", number),
            ("challenge_id", &sent.challenge_id),
            ("code", code),
        ],
    )
    .await
}

async fn unbind(app: &TestApp, user: &Client, sent: &CodeSent, code: &str) -> reqwest::Response {
    app.call(
        user,
        "unbind_phone",
        &[
            ("verifier", "v_sms"),
            ("via", "v_sms"),
            ("challenge_id", &sent.challenge_id),
            ("code", code),
        ],
    )
    .await
}

async fn sign_in_with_code(
    app: &TestApp,
    browser: &Client,
    sent: &CodeSent,
    code: &str,
) -> reqwest::Response {
    app.call(
        browser,
        "sign_in_with_code",
        &[
            ("verifier", "v_sms"),
            ("country", CN),
            ("phone", NUMBER),
            ("challenge_id", &sent.challenge_id),
            ("code", code),
        ],
    )
    .await
}

async fn my_verifiers(app: &TestApp, user: &Client) -> Vec<MyVerifier> {
    app.call(user, "my_verifiers", NO_ARGUMENTS)
        .await
        .json()
        .await
        .expect("my verifiers")
}

async fn a_user_binds_a_number_and_it_shows_masked_and_audited(backend: Backend) {
    let app = app_with_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = send_bind_code(&app, &ada, NUMBER).await;
    assert_eq!(
        (sent.code_length, sent.masked_receiver.as_str()),
        (6, "+86 138****8000")
    );

    let pending = my_verifiers(&app, &ada).await;
    let resumed = pending[0]
        .pending_bind
        .as_ref()
        .expect("a bind in progress survives a reload");
    assert_eq!(
        (resumed.phone.as_str(), resumed.sent.resend_at_ms),
        (E164, sent.resend_at_ms)
    );

    let bound = bind(&app, &ada, NUMBER, &sent, &app.newest_sandbox_code().await).await;

    assert_eq!(bound.status(), StatusCode::OK);
    let mine = my_verifiers(&app, &ada).await;
    assert_eq!(mine[0].bound.as_deref(), Some("+86 138****8000"));
    assert!(mine[0].pending_bind.is_none());
    let audited: Vec<(String, String)> =
        sqlx::query_as("select action, masked_receiver from audit_event")
            .fetch_all(&app.db.pool)
            .await
            .expect("audit");
    assert_eq!(
        audited,
        vec![("bind".to_owned(), "+86 138****8000".to_owned())]
    );
}

async fn a_wrong_code_says_how_many_attempts_are_left(backend: Backend) {
    let app = app_with_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = send_bind_code(&app, &ada, NUMBER).await;
    let code = app.newest_sandbox_code().await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let response = bind(&app, &ada, NUMBER, &sent, wrong).await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: AppError = response.json().await.expect("an AppError");
    assert_eq!(error, AppError::WrongCode { attempts_left: 4 });
    assert_eq!(error.to_string(), "Wrong code. 4 attempts left.");
}

async fn a_bind_code_can_neither_unbind_nor_sign_in(backend: Backend) {
    let app = app_with_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = send_bind_code(&app, &ada, NUMBER).await;
    let code = app.newest_sandbox_code().await;
    // The number becomes bound while the bind code is still open.
    sqlx::query(
        "insert into binding (verifier_uid, user_id, receiver, created_at) \
         select 'v_sms', user_id, $1, 0 from app_user where username = 'ada'",
    )
    .bind(E164)
    .execute(&app.db.pool)
    .await
    .expect("binding");

    let unbound = unbind(&app, &ada, &sent, &code).await;
    let signed_in = sign_in_with_code(&app, &app.new_browser(), &sent, &code).await;

    for response in [unbound, signed_in] {
        assert_eq!(response.status(), StatusCode::GONE);
        let error: AppError = response.json().await.expect("an AppError");
        assert_eq!(error, AppError::CodeExpired);
    }
    assert_eq!(
        my_verifiers(&app, &ada).await[0].bound.as_deref(),
        Some("+86 138****8000")
    );
}

async fn a_code_sent_for_one_user_cannot_bind_for_another(backend: Backend) {
    let app = app_with_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let grace = app.signed_in_user("grace").await;
    let sent = send_bind_code(&app, &ada, NUMBER).await;
    let code = app.newest_sandbox_code().await;

    let stolen = bind(&app, &grace, NUMBER, &sent, &code).await;

    assert_eq!(stolen.status(), StatusCode::GONE);
    assert!(my_verifiers(&app, &grace).await[0].bound.is_none());
    assert_eq!(
        bind(&app, &ada, NUMBER, &sent, &code).await.status(),
        StatusCode::OK,
        "the owner still can"
    );
}

async fn a_number_is_bound_to_one_user_even_when_two_race(backend: Backend) {
    let app = app_with_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let grace = app.signed_in_user("grace").await;
    let ada_sent = send_bind_code(&app, &ada, NUMBER).await;
    let ada_code = app.newest_sandbox_code().await;
    app.advance(std::time::Duration::from_secs(60));
    let grace_sent = send_bind_code(&app, &grace, NUMBER).await;
    let grace_code = app.newest_sandbox_code().await;

    let (a, g) = tokio::join!(
        bind(&app, &ada, NUMBER, &ada_sent, &ada_code),
        bind(&app, &grace, NUMBER, &grace_sent, &grace_code),
    );

    let mut statuses = [a.status(), g.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let loser = if a.status() == StatusCode::CONFLICT {
        a
    } else {
        g
    };
    let error: AppError = loser.json().await.expect("an AppError");
    assert_eq!(
        error.for_field("phone").as_deref(),
        Some("This number is already bound to another account.")
    );
    let bindings: i64 = sqlx::query_scalar("select count(*) from binding")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(bindings, 1);
}

async fn unbinding_needs_a_code_from_a_bound_method_and_is_audited(backend: Backend) {
    let app = app_with_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = send_bind_code(&app, &ada, NUMBER).await;
    bind(&app, &ada, NUMBER, &sent, &app.newest_sandbox_code().await).await;
    app.advance(std::time::Duration::from_secs(60));

    let unbind_sent: CodeSent = app
        .call(
            &ada,
            "send_unbind_code",
            &[("verifier", "v_sms"), ("via", "v_sms")],
        )
        .await
        .json()
        .await
        .expect("CodeSent");
    assert_eq!(unbind_sent.masked_receiver, "+86 138****8000");
    let response = unbind(&app, &ada, &unbind_sent, &app.newest_sandbox_code().await).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert!(my_verifiers(&app, &ada).await[0].bound.is_none());
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_event order by created_at, action")
            .fetch_all(&app.db.pool)
            .await
            .expect("audit");
    assert_eq!(actions, ["bind", "unbind"]);
}

async fn sign_in_codes_answer_the_same_for_unknown_numbers_and_only_bound_ones_get_an_sms(
    backend: Backend,
) {
    let app = app_with_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = send_bind_code(&app, &ada, NUMBER).await;
    bind(&app, &ada, NUMBER, &sent, &app.newest_sandbox_code().await).await;
    app.advance(std::time::Duration::from_secs(60));
    let before = messages(&app).await;

    let anonymous = app.new_browser();
    let bound = app
        .call(
            &anonymous,
            "send_sign_in_code",
            &[("verifier", "v_sms"), ("country", CN), ("phone", NUMBER)],
        )
        .await;
    let unbound = app
        .call(
            &anonymous,
            "send_sign_in_code",
            &[
                ("verifier", "v_sms"),
                ("country", CN),
                ("phone", "139 0013 9000"),
            ],
        )
        .await;

    assert_eq!(
        (bound.status(), unbound.status()),
        (StatusCode::OK, StatusCode::OK)
    );
    let bound: serde_json::Value = bound.json().await.expect("JSON");
    let unbound: serde_json::Value = unbound.json().await.expect("JSON");
    let keys = |value: &serde_json::Value| {
        value
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
    };
    assert_eq!(keys(&bound), keys(&unbound), "the same shape");
    assert_eq!(bound["code_length"], unbound["code_length"]);
    assert_eq!(
        messages(&app).await,
        before + 1,
        "only the bound number got an SMS"
    );
}

async fn a_bound_user_signs_in_with_an_sms_code(backend: Backend) {
    let app = app_with_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = send_bind_code(&app, &ada, NUMBER).await;
    bind(&app, &ada, NUMBER, &sent, &app.newest_sandbox_code().await).await;
    app.advance(std::time::Duration::from_secs(60));
    let browser = app.new_browser();

    let sent: CodeSent = app
        .call(
            &browser,
            "send_sign_in_code",
            &[("verifier", "v_sms"), ("country", CN), ("phone", NUMBER)],
        )
        .await
        .json()
        .await
        .expect("CodeSent");
    let response = sign_in_with_code(&app, &browser, &sent, &app.newest_sandbox_code().await).await;

    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    assert_eq!(
        app.whoami(&browser).await.map(|u| u.username).as_deref(),
        Some("ada")
    );
}

async fn sign_in_codes_are_refused_for_verifiers_without_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.add_sandbox_verifier(&admin, "v_sms").await;

    let response = app
        .call(
            &app.new_browser(),
            "send_sign_in_code",
            &[("verifier", "v_sms"), ("country", CN), ("phone", NUMBER)],
        )
        .await;

    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(messages(&app).await, 0);
}

async fn one_client_address_asks_for_at_most_20_sign_in_codes_an_hour(backend: Backend) {
    let app = app_with_verifier(backend).await;
    let anonymous = app.new_browser();
    let send = |phone: String| {
        let (app, anonymous) = (&app, &anonymous);
        async move {
            app.call(
                anonymous,
                "send_sign_in_code",
                &[
                    ("verifier", "v_sms"),
                    ("country", CN),
                    ("phone", phone.as_str()),
                ],
            )
            .await
        }
    };

    // Twenty different numbers, so no per-number limit is what stops the next one.
    for index in 0..20 {
        let response = send(format!("139 0000 {index:04}")).await;
        assert_eq!(response.status(), StatusCode::OK, "send {index}");
    }
    let refused = send("139 0000 0020".to_owned()).await;

    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
}

on_both_databases!(
    a_user_binds_a_number_and_it_shows_masked_and_audited,
    a_wrong_code_says_how_many_attempts_are_left,
    a_bind_code_can_neither_unbind_nor_sign_in,
    a_code_sent_for_one_user_cannot_bind_for_another,
    a_number_is_bound_to_one_user_even_when_two_race,
    unbinding_needs_a_code_from_a_bound_method_and_is_audited,
    sign_in_codes_answer_the_same_for_unknown_numbers_and_only_bound_ones_get_an_sms,
    a_bound_user_signs_in_with_an_sms_code,
    sign_in_codes_are_refused_for_verifiers_without_sign_in,
    one_client_address_asks_for_at_most_20_sign_in_codes_an_hour,
);

//! Users bind and unbind numbers and sign in with codes; every code passes only for the scene,
//! verifier, number and user it was issued for.

use std::time::Duration;

use app::AppError;
use reqwest::StatusCode;

use crate::{
    helpers::{Backend, Mode, PASSWORD, Phone, TestApp, VerifierForm},
    on_both_databases,
};

const VERIFIER: &str = "v_sms";
const NUMBER: Phone = Phone::china("138 0013 8000");
const E164: &str = "+8613800138000";

async fn messages(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from message")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

/// A user with [`NUMBER`] bound, the resend interval over.
async fn a_user_with_a_bound_number(app: &TestApp, username: &str) -> reqwest::Client {
    let user = app.signed_in_user(username).await;
    app.bind_with_delivered_code(&user, VERIFIER, NUMBER)
        .await
        .expect("the number is bound");
    app.advance(Duration::from_secs(60));
    user
}

async fn a_user_binds_a_number_and_it_shows_masked_and_audited(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = app
        .send_bind_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("a code is sent");
    assert_eq!(
        (sent.code_length, sent.masked_receiver.as_str()),
        (6, "+86 138****8000")
    );

    let pending = app.my_verifiers(&ada).await;
    let resumed = pending[0]
        .pending_bind
        .as_ref()
        .expect("a bind in progress survives a reload");
    assert_eq!(
        (resumed.phone.as_str(), resumed.sent.resend_at_ms),
        (E164, sent.resend_at_ms)
    );

    let bound = app
        .bind(
            &ada,
            VERIFIER,
            NUMBER,
            &sent,
            &app.newest_sandbox_code().await,
        )
        .await;

    assert_eq!(bound, Ok(()));
    let mine = app.my_verifiers(&ada).await;
    assert_eq!(mine[0].bound.as_deref(), Some("+86 138****8000"));
    assert!(mine[0].pending_bind.is_none());
    // The bindings' events (the administrator's creation of the verifier is there too).
    let audited: Vec<(String, String)> = sqlx::query_as(
        "select action, masked_receiver from audit_event where action in ('bind', 'unbind')",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("audit");
    assert_eq!(
        audited,
        vec![("bind".to_owned(), "+86 138****8000".to_owned())]
    );
}

async fn a_wrong_code_says_how_many_attempts_are_left(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = app
        .send_bind_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("a code is sent");
    let code = app.newest_sandbox_code().await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let refused = app
        .bind(&ada, VERIFIER, NUMBER, &sent, wrong)
        .await
        .expect_err("a wrong code is refused");

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error, AppError::WrongCode { attempts_left: 4 });
    assert_eq!(refused.error.to_string(), "Wrong code. 4 attempts left.");
}

async fn a_bind_code_can_neither_unbind_nor_sign_in(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let sent = app
        .send_bind_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("a code is sent");
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

    let unbound = app.unbind(&ada, VERIFIER, VERIFIER, &sent, &code).await;
    let signed_in = app
        .sign_in_with_code(&app.new_browser(), VERIFIER, NUMBER, &sent, &code)
        .await;

    for answer in [unbound, signed_in] {
        let refused = answer.expect_err("the bind code is refused");
        assert_eq!(refused.status, StatusCode::GONE);
        assert_eq!(refused.error, AppError::CodeExpired);
    }
    assert_eq!(
        app.my_verifiers(&ada).await[0].bound.as_deref(),
        Some("+86 138****8000")
    );
}

async fn a_code_sent_for_one_user_cannot_bind_for_another(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let grace = app.signed_in_user("grace").await;
    let sent = app
        .send_bind_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("a code is sent");
    let code = app.newest_sandbox_code().await;

    let stolen = app
        .bind(&grace, VERIFIER, NUMBER, &sent, &code)
        .await
        .expect_err("another user's code is refused");

    assert_eq!(stolen.status, StatusCode::GONE);
    assert!(app.my_verifiers(&grace).await[0].bound.is_none());
    assert_eq!(
        app.bind(&ada, VERIFIER, NUMBER, &sent, &code).await,
        Ok(()),
        "the owner still can"
    );
}

async fn a_number_is_bound_to_one_user_even_when_two_race(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = app.signed_in_user("ada").await;
    let grace = app.signed_in_user("grace").await;
    let ada_sent = app
        .send_bind_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("a code is sent");
    let ada_code = app.newest_sandbox_code().await;
    app.advance(Duration::from_secs(60));
    let grace_sent = app
        .send_bind_code(&grace, VERIFIER, NUMBER)
        .await
        .expect("a code is sent");
    let grace_code = app.newest_sandbox_code().await;

    let (a, g) = tokio::join!(
        app.bind(&ada, VERIFIER, NUMBER, &ada_sent, &ada_code),
        app.bind(&grace, VERIFIER, NUMBER, &grace_sent, &grace_code),
    );

    let (bound, refused): (Vec<_>, Vec<_>) = [a, g].into_iter().partition(Result::is_ok);
    assert_eq!(bound.len(), 1, "exactly one binds: {refused:?}");
    let refused = refused
        .into_iter()
        .find_map(Result::err)
        .expect("the other is refused");
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        refused.error.for_field("phone").as_deref(),
        Some("This number is already bound to another account.")
    );
    let bindings: i64 = sqlx::query_scalar("select count(*) from binding")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(bindings, 1);
}

async fn unbinding_needs_a_code_from_a_bound_method_and_is_audited(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let ada = a_user_with_a_bound_number(&app, "ada").await;

    let sent = app
        .send_unbind_code(&ada, VERIFIER, VERIFIER)
        .await
        .expect("an unbind code is sent");
    assert_eq!(sent.masked_receiver, "+86 138****8000");
    let unbound = app
        .unbind(
            &ada,
            VERIFIER,
            VERIFIER,
            &sent,
            &app.newest_sandbox_code().await,
        )
        .await;

    assert_eq!(unbound, Ok(()));
    assert!(app.my_verifiers(&ada).await[0].bound.is_none());
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_event where action in ('bind', 'unbind') \
             order by created_at, action",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("audit");
    assert_eq!(actions, ["bind", "unbind"]);
}

async fn sign_in_codes_answer_the_same_for_unknown_numbers_and_only_bound_ones_get_an_sms(
    backend: Backend,
) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    a_user_with_a_bound_number(&app, "ada").await;
    let before = messages(&app).await;

    // The bodies as sent: the point is that nothing in them tells the two apart.
    let anonymous = app.new_browser();
    let bound = app
        .send_sign_in_code_raw(&anonymous, VERIFIER, NUMBER)
        .await;
    let unbound = app
        .send_sign_in_code_raw(&anonymous, VERIFIER, Phone::china("139 0013 9000"))
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
    app.delivered_sign_in_code().await;
    assert_eq!(
        messages(&app).await,
        before + 1,
        "only the bound number got an SMS"
    );
}

/// While the provider fails, a stranger retrying a sign-in code still cannot tell a bound number
/// (whose send failed) from an unbound one (which got no message): both wait out the resend
/// interval alike.
async fn a_failed_sign_in_send_tells_nobody_whether_the_number_is_bound(backend: Backend) {
    let sign_in = VerifierForm {
        sign_in_enabled: true,
        ..VerifierForm::default()
    };
    let (app, admin) = TestApp::spawn_with_verifier(backend, sign_in.clone()).await;
    a_user_with_a_bound_number(&app, "ada").await;
    app.save_verifier(
        &admin,
        VerifierForm {
            mode: Mode::Edit,
            settings: vec![("sandbox", vec![("fail", "unavailable")])],
            ..sign_in
        },
    )
    .await
    .expect("the provider fails from now on");
    let before = messages(&app).await;

    let stranger = app.new_browser();
    let unbound = Phone::china("139 0013 9000");
    let mut statuses = Vec::new();
    for number in [NUMBER, unbound] {
        let first = app.send_sign_in_code_raw(&stranger, VERIFIER, number).await;
        statuses.push(first.status());
    }
    // The bound number's send goes out after the answer, and fails.
    for _ in 0..500 {
        if messages(&app).await > before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        messages(&app).await,
        before + 1,
        "the failed send is logged"
    );
    for number in [NUMBER, unbound] {
        let again = app.send_sign_in_code_raw(&stranger, VERIFIER, number).await;
        statuses.push(again.status());
    }

    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

async fn a_bound_user_signs_in_with_an_sms_code(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    a_user_with_a_bound_number(&app, "ada").await;
    let browser = app.new_browser();

    let sent = app
        .send_sign_in_code(&browser, VERIFIER, NUMBER)
        .await
        .expect("a code is sent");
    let signed_in = app
        .sign_in_with_code(
            &browser,
            VERIFIER,
            NUMBER,
            &sent,
            &app.delivered_sign_in_code().await,
        )
        .await;

    assert_eq!(signed_in, Ok(()));
    assert_eq!(
        app.whoami(&browser).await.map(|u| u.username).as_deref(),
        Some("ada")
    );
}

async fn an_administrators_number_gets_no_sign_in_code(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let admin = app.new_browser();
    app.sign_in(&admin, "admin", PASSWORD).await;
    let admins_number = Phone::china("139 0013 9000");
    app.bind_with_delivered_code(&admin, VERIFIER, admins_number)
        .await
        .expect("the administrator binds a number");
    // The inbox orders by time: the next message needs a later clock.
    app.advance(Duration::from_secs(1));
    a_user_with_a_bound_number(&app, "ada").await;
    let stranger = app.new_browser();

    let to_admin = app
        .send_sign_in_code(&stranger, VERIFIER, admins_number)
        .await
        .expect("the same answer as for any number");
    let guessed = app
        .sign_in_with_code(&stranger, VERIFIER, admins_number, &to_admin, "000000")
        .await;
    // A code asked for after the administrator's, for a user: once it has arrived, the
    // administrator's would have too.
    app.send_sign_in_code(&stranger, VERIFIER, NUMBER)
        .await
        .expect("a code is sent to the user");
    app.delivered_sign_in_code().await;

    let to_admins_number: i64 = sqlx::query_scalar(
        "select count(*) from message where scene = 'sign-in' and masked_receiver = $1",
    )
    .bind("+86 139****9000")
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(
        to_admins_number, 0,
        "administrators sign in with their password: no code goes to their number"
    );
    assert!(guessed.is_err(), "{guessed:?}");
    assert_eq!(app.whoami(&stranger).await, None);
}

async fn an_administrators_number_answers_exactly_like_an_unbound_one(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let admin = app.new_browser();
    app.sign_in(&admin, "admin", PASSWORD).await;
    let admins_number = Phone::china("139 0013 9000");
    let unbound_number = Phone::china("137 0013 7000");
    app.bind_with_delivered_code(&admin, VERIFIER, admins_number)
        .await
        .expect("the administrator binds a number");
    // Past the bind code's resend interval for that number.
    app.advance(Duration::from_secs(60));
    let stranger = app.new_browser();

    let to_admin = app
        .send_sign_in_code(&stranger, VERIFIER, admins_number)
        .await
        .expect("a code is sent");
    let to_unbound = app
        .send_sign_in_code(&stranger, VERIFIER, unbound_number)
        .await
        .expect("a code is sent");
    let admin_checked = app
        .sign_in_with_code(&stranger, VERIFIER, admins_number, &to_admin, "000000")
        .await
        .expect_err("a guess fails");
    let unbound_checked = app
        .sign_in_with_code(&stranger, VERIFIER, unbound_number, &to_unbound, "000000")
        .await
        .expect_err("a guess fails");

    // Everything but the challenge's id and the number itself is the same.
    assert_eq!(
        (
            to_admin.resend_at_ms,
            to_admin.expires_at_ms,
            to_admin.code_length,
            to_admin.masked_receiver.len()
        ),
        (
            to_unbound.resend_at_ms,
            to_unbound.expires_at_ms,
            to_unbound.code_length,
            to_unbound.masked_receiver.len()
        )
    );
    assert_eq!(admin_checked, unbound_checked, "the same status and body");
}

async fn sign_in_codes_are_refused_for_verifiers_without_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    app.save_verifier(&admin, VerifierForm::default())
        .await
        .expect("the verifier is saved");

    let refused = app
        .send_sign_in_code(&app.new_browser(), VERIFIER, NUMBER)
        .await
        .expect_err("no code is sent");

    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(messages(&app).await, 0);
}

async fn one_client_address_asks_for_at_most_20_sign_in_codes_an_hour(backend: Backend) {
    let app = TestApp::spawn_with_sign_in_verifier(backend).await;
    let anonymous = app.new_browser();

    // Twenty different numbers, so no per-number limit is what stops the next one.
    for index in 0..20 {
        let national = format!("139 0000 {index:04}");
        let sent = app
            .send_sign_in_code(&anonymous, VERIFIER, Phone::china(&national))
            .await;
        assert!(sent.is_ok(), "send {index}: {sent:?}");
    }
    let refused = app
        .send_sign_in_code(&anonymous, VERIFIER, Phone::china("139 0000 0020"))
        .await
        .expect_err("the 21st send is refused");

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.retry_after.is_some());
}

on_both_databases!(
    a_failed_sign_in_send_tells_nobody_whether_the_number_is_bound,
    a_user_binds_a_number_and_it_shows_masked_and_audited,
    a_wrong_code_says_how_many_attempts_are_left,
    a_bind_code_can_neither_unbind_nor_sign_in,
    a_code_sent_for_one_user_cannot_bind_for_another,
    a_number_is_bound_to_one_user_even_when_two_race,
    unbinding_needs_a_code_from_a_bound_method_and_is_audited,
    sign_in_codes_answer_the_same_for_unknown_numbers_and_only_bound_ones_get_an_sms,
    a_bound_user_signs_in_with_an_sms_code,
    an_administrators_number_gets_no_sign_in_code,
    an_administrators_number_answers_exactly_like_an_unbound_one,
    sign_in_codes_are_refused_for_verifiers_without_sign_in,
    one_client_address_asks_for_at_most_20_sign_in_codes_an_hour,
);

//! `Idempotency-Key` on starts: a retried request is answered with the first answer and sends
//! nothing; the key cannot be reused for another request.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    api_auth::messages,
    helpers::{ApiSetup, Backend},
    on_both_databases,
};

async fn a_retried_start_replays_the_first_answer_and_sends_once(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let body = json!({ "verifier": "v_sms", "to": "+8613800138000" });

    let first = app
        .start_verification_once(key, Some("order-42"), &body)
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    // Keys in another order and other whitespace are the same request.
    let same = json!({ "to": "+8613800138000", "verifier": "v_sms" });
    let retry = app
        .start_verification_once(key, Some("order-42"), &same)
        .await;

    assert_eq!(
        (retry.status, retry.body.as_str()),
        (StatusCode::CREATED, first.body.as_str())
    );
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        messages(app).await,
        1,
        "one message for two identical calls"
    );
}

async fn a_key_reused_for_another_request_is_refused(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    app.start_verification_once(
        key,
        Some("k1"),
        &json!({ "verifier": "v_sms", "to": "+8613800138000" }),
    )
    .await
    .verification(StatusCode::CREATED);

    let other = app
        .start_verification_once(
            key,
            Some("k1"),
            &json!({ "verifier": "v_sms", "to": "+8613900139000" }),
        )
        .await;
    assert_eq!(
        (other.status, other.problem().code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
    );
    assert_eq!(messages(app).await, 1);

    // Keys are per API key: another key's "k1" is its own.
    let second_key = app.api_key(app::ports::KeyScope::All).await;
    let elsewhere = app
        .start_verification_once(
            second_key.bearer(),
            Some("k1"),
            &json!({ "verifier": "v_sms", "to": "+8613900139000" }),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::CREATED, "{}", elsewhere.body);
}

async fn a_failed_start_leaves_its_key_free_for_the_retry(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, setup.key.bearer());
    let body = json!({ "verifier": "v_sms", "to": "+8613800138000" });
    app.start_verification(key, &body)
        .await
        .verification(StatusCode::CREATED);

    let too_soon = app
        .start_verification_once(key, Some("retry-me"), &body)
        .await;
    assert_eq!(too_soon.status, StatusCode::TOO_MANY_REQUESTS);
    app.advance(std::time::Duration::from_secs(60));
    let later = app
        .start_verification_once(key, Some("retry-me"), &body)
        .await;
    assert_eq!(later.status, StatusCode::CREATED, "{}", later.body);
    assert_eq!(later.header("idempotent-replayed"), None);

    let malformed = app.start_verification_once(key, Some(""), &body).await;
    assert_eq!(malformed.problem().fields, ["Idempotency-Key"]);
}

async fn a_start_still_being_answered_is_not_run_again(backend: Backend) {
    use sha2::{Digest, Sha256};
    use verigate::clock::Clock;
    let setup = ApiSetup::spawn(backend).await;
    let (app, key) = (&setup.app, &setup.key);
    let body = json!({ "verifier": "v_sms", "to": "+8613800138000" });
    // The first request's claim, as it stands while that request is being answered.
    let hash = hex::encode(Sha256::digest(body.to_string()));
    app.db
        .claim_idempotent(&key.sid, "busy", &hash, app.clock.now_ms())
        .await
        .expect("claimed");

    let second = app
        .start_verification_once(key.bearer(), Some("busy"), &body)
        .await;
    assert_eq!(
        (second.status, second.problem().code.as_str()),
        (StatusCode::CONFLICT, "idempotency_key_in_use")
    );
    assert_eq!(messages(app).await, 0);
}

on_both_databases!(
    a_start_still_being_answered_is_not_run_again,
    a_retried_start_replays_the_first_answer_and_sends_once,
    a_key_reused_for_another_request_is_refused,
    a_failed_start_leaves_its_key_free_for_the_retry,
);

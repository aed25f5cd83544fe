//! What the provider scenarios share: a verifier pointed at the emulator, the admin's test
//! message, a user's bind code, the message log, and the flows every real provider goes through
//! with its own data.

use std::time::{Duration, Instant};

use app::{
    AppError,
    dto::{CodeSent, MessageEntry, Page, TestSmsOutcome},
};
use reqwest::{Client, Response, StatusCode};
use verigate::emulator::{Fault, InboxMessage};

use crate::helpers::{TestApp, verifier_form, with};

/// The verifier every scenario uses.
pub const UID: &str = "v_sms";

/// The admin console's form creating verifier [`UID`] for `provider` with `settings`, open to
/// sign-in.
pub fn provider_form(provider: &str, settings: &[(&str, &str)]) -> Vec<(String, String)> {
    let form = with(
        verifier_form("create", UID, provider),
        "sign_in_enabled",
        "on",
    );
    settings.iter().fold(form, |form, (key, value)| {
        with(form, &format!("settings[{provider}][{key}]"), value)
    })
}

/// Saves a verifier `form` through the admin console and asserts it was accepted.
pub async fn save_verifier(app: &TestApp, admin: &Client, form: &[(String, String)]) {
    let saved = app.call(admin, "save_verifier", form).await;
    let status = saved.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "{status}: {}",
        saved.text().await.unwrap_or_default()
    );
}

/// Creates verifier [`UID`] for `provider` with `settings` through the admin console.
pub async fn create_verifier(
    app: &TestApp,
    admin: &Client,
    provider: &str,
    settings: &[(&str, &str)],
) {
    save_verifier(app, admin, &provider_form(provider, settings)).await;
}

/// The admin's "send a test message" to `phone` (E.164).
pub async fn test_sms(app: &TestApp, admin: &Client, phone: &str) -> TestSmsOutcome {
    app.call(admin, "send_test_sms", &[("uid", UID), ("phone", phone)])
        .await
        .json()
        .await
        .expect("a test SMS outcome")
}

/// A user asks for a code to bind the mainland number `national`.
pub async fn send_bind_code(app: &TestApp, user: &Client, national: &str) -> Response {
    app.call(
        user,
        "send_bind_code",
        &[("verifier", UID), ("country", "86"), ("phone", national)],
    )
    .await
}

/// A user binds the mainland number `national` with the `code` sent for challenge `sent`.
pub async fn bind_phone(
    app: &TestApp,
    user: &Client,
    national: &str,
    sent: &CodeSent,
    code: &str,
) -> Response {
    app.call(
        user,
        "bind_phone",
        &[
            ("verifier", UID),
            ("country", "86"),
            ("phone", national),
            ("challenge_id", &sent.challenge_id),
            ("code", code),
        ],
    )
    .await
}

/// The first page of the admin's message log, newest first.
pub async fn message_log(app: &TestApp, admin: &Client) -> Vec<MessageEntry> {
    let page: Page<MessageEntry> = app
        .call(admin, "list_messages", &[("page", "0")])
        .await
        .json()
        .await
        .expect("a page of messages");
    page.items
}

/// The newest entry of the admin's message log.
pub async fn newest_log_entry(app: &TestApp, admin: &Client) -> MessageEntry {
    message_log(app, admin)
        .await
        .into_iter()
        .next()
        .expect("a message in the log")
}

/// How many messages the emulator accepted.
pub async fn emulator_inbox_size(app: &TestApp) -> usize {
    app.emulator
        .inbox()
        .newest(100)
        .await
        .expect("the emulator inbox is readable")
        .len()
}

/// How one real provider's messages look in the emulator's inbox and the admin console.
pub struct Gateway {
    /// Its key in verifier settings, the emulator's inbox and the message log.
    pub provider: &'static str,
    /// Its name in the admin's test outcome.
    pub name: &'static str,
    /// The sender the emulator records: a sign name or a From number.
    pub sender: &'static str,
    /// The template the emulator records, empty when the provider sends the text itself.
    pub template: &'static str,
    /// The code in the body of a message the emulator accepted, if it is there.
    pub code_in: fn(&str) -> Option<String>,
}

/// Asserts the emulator's newest message is `gateway`'s to `to` carrying a six-digit code, and
/// returns it with the code.
async fn delivered(app: &TestApp, gateway: &Gateway, to: &str) -> (InboxMessage, String) {
    let message = app.newest_emulator_message().await;
    assert_eq!(
        (
            message.provider.as_str(),
            message.to_number.as_str(),
            message.sender.as_str(),
            message.template.as_str()
        ),
        (gateway.provider, to, gateway.sender, gateway.template)
    );
    let code = (gateway.code_in)(&message.body)
        .unwrap_or_else(|| panic!("the code in the message: {}", message.body));
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "the message carries the code: {code}"
    );
    (message, code)
}

/// Asserts the newest log entry is `gateway`'s `message`, sent for `scene`, without its text.
async fn assert_logged_as_sent(
    app: &TestApp,
    admin: &Client,
    gateway: &Gateway,
    scene: &str,
    message: &InboxMessage,
) {
    let logged = newest_log_entry(app, admin).await;
    assert_eq!(
        (
            logged.scene.as_str(),
            logged.provider.as_str(),
            logged.status.as_str(),
            logged.reference.as_str()
        ),
        (scene, gateway.provider, "sent", message.request_id.as_str())
    );
    assert_eq!(logged.body, None, "real providers' texts are not kept");
}

/// The admin's test message to `phone` goes out through `gateway`: the outcome names the
/// provider and the emulator's request id, the emulator holds a code for the number, and the log
/// records it as sent. Returns the message.
pub async fn a_test_sms_is_delivered(
    app: &TestApp,
    admin: &Client,
    gateway: &Gateway,
    phone: &str,
) -> InboxMessage {
    let outcome = test_sms(app, admin, phone).await;

    assert!(outcome.sent, "{outcome:?}");
    assert_eq!(outcome.provider, gateway.name);
    let (message, _) = delivered(app, gateway, &phone.replace(' ', "")).await;
    assert_eq!(outcome.reference, message.request_id);
    assert_logged_as_sent(app, admin, gateway, "test", &message).await;
    message
}

/// A user binds +86 138 0013 8000 with the code `gateway` delivered to it, and the log records
/// the message; then the admin's test message goes out the same way. Returns the bind message.
pub async fn a_user_binds_with_a_delivered_code(
    app: &TestApp,
    admin: &Client,
    gateway: &Gateway,
) -> InboxMessage {
    let ada = app.signed_in_user("ada").await;

    let sent = send_bind_code(app, &ada, "138 0013 8000").await;

    assert_eq!(sent.status(), StatusCode::OK);
    let sent: CodeSent = sent.json().await.expect("CodeSent");
    let (message, code) = delivered(app, gateway, "+8613800138000").await;
    assert_logged_as_sent(app, admin, gateway, "bind", &message).await;
    let bound = bind_phone(app, &ada, "138 0013 8000", &sent, &code).await;
    assert_eq!(bound.status(), StatusCode::OK);

    // The log and the inbox order by time; a later message needs a later clock.
    app.advance(Duration::from_secs(1));
    a_test_sms_is_delivered(app, admin, gateway, "+8613900001111").await;
    message
}

/// With credentials the vendor refuses, the admin's test message fails with the vendor's `code`
/// and a detail containing `detail`, the user is told the message could not be sent, the log
/// records the failure and nothing reaches the emulator's inbox.
pub async fn wrong_credentials_are_refused(
    app: &TestApp,
    admin: &Client,
    gateway: &Gateway,
    code: &str,
    detail: &str,
) {
    let ada = app.signed_in_user("ada").await;

    let outcome = test_sms(app, admin, "+8613800138000").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, code);
    assert!(
        outcome.detail.contains(detail),
        "the administrator reads the vendor's message: {outcome:?}"
    );
    let refused = send_bind_code(app, &ada, "139 0000 2222").await;
    assert_eq!(refused.status(), StatusCode::BAD_GATEWAY);
    let error: AppError = refused.json().await.expect("an AppError");
    assert_eq!(error, AppError::ProviderFailed);
    assert_eq!(
        error.to_string(),
        "The text message could not be sent. Please try again later."
    );
    let logged = newest_log_entry(app, admin).await;
    assert_eq!(
        (
            logged.provider.as_str(),
            logged.status.as_str(),
            logged.reference.as_str()
        ),
        (gateway.provider, "failed", code)
    );
    assert_eq!(emulator_inbox_size(app).await, 0);
}

/// The vendor codes a provider reports for the emulator's faults.
pub struct FaultCodes {
    pub rate_limited: &'static str,
    pub invalid_number: &'static str,
    pub server_error: &'static str,
}

/// The emulator throttles +86 139…, refuses +86 137… and fails on +86 136…: each fault reaches
/// the admin's test outcome and the log as the vendor's code from `codes`, and the user as an
/// unusable number or as a message that could not be sent. Nothing reaches the inbox. The faults
/// stay set afterwards.
pub async fn faults_reach_the_log_and_the_user(app: &TestApp, admin: &Client, codes: &FaultCodes) {
    let ada = app.signed_in_user("ada").await;

    for (prefix, fault, code) in [
        ("139", Fault::RateLimited, codes.rate_limited),
        ("137", Fault::InvalidNumber, codes.invalid_number),
        ("136", Fault::ServerError, codes.server_error),
    ] {
        app.emulator.faults().set(&format!("+86{prefix}"), fault);

        // The log lists the newest first by time; give each message its own second.
        app.advance(Duration::from_secs(1));
        let outcome = test_sms(app, admin, &format!("+86{prefix}00001111")).await;
        assert!(!outcome.sent, "{fault:?}");
        assert_eq!(outcome.reference, code, "{fault:?}");
        let logged = newest_log_entry(app, admin).await;
        assert_eq!(
            (logged.status.as_str(), logged.reference.as_str()),
            ("failed", code)
        );

        app.advance(Duration::from_secs(1));
        let response = send_bind_code(app, &ada, &format!("{prefix} 0000 2222")).await;
        let status = response.status();
        let error: AppError = response.json().await.expect("an AppError");
        if fault == Fault::InvalidNumber {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(
                error.for_field("phone").as_deref(),
                Some("This phone number cannot receive text messages.")
            );
        } else {
            assert_eq!(status, StatusCode::BAD_GATEWAY, "{fault:?}");
            assert_eq!(error, AppError::ProviderFailed, "{fault:?}");
        }
        let logged = newest_log_entry(app, admin).await;
        assert_eq!(
            (logged.status.as_str(), logged.reference.as_str()),
            ("failed", code),
            "{fault:?}"
        );
    }
    assert_eq!(emulator_inbox_size(app).await, 0);
}

/// A gateway that never answers: the admin's test message fails as `<provider>.timeout` once the
/// client gives up (after 9 s at least), and the log records the failure.
pub async fn a_silent_gateway_times_out(app: &TestApp, admin: &Client, gateway: &Gateway) {
    app.emulator.faults().set("+86135", Fault::Timeout);
    let timeout = format!("{}.timeout", gateway.provider);
    let started = Instant::now();

    let outcome = test_sms(app, admin, "+8613500001111").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, timeout);
    assert!(
        started.elapsed() >= Duration::from_secs(9),
        "{:?}",
        started.elapsed()
    );
    let logged = newest_log_entry(app, admin).await;
    assert_eq!(
        (logged.status.as_str(), logged.reference.as_str()),
        ("failed", timeout.as_str())
    );
}

//! What the Tencent and Twilio scenarios share: a verifier pointed at the emulator, the admin's
//! test message, a user's bind code, and the message log.

use app::dto::{MessageEntry, Page, TestSmsOutcome};
use reqwest::Client;

use crate::helpers::{TestApp, verifier_form, with};

/// The verifier every scenario uses.
pub const UID: &str = "v_sms";

/// Creates verifier [`UID`] for `provider` with `settings` through the admin console.
pub async fn create_verifier(
    app: &TestApp,
    admin: &Client,
    provider: &str,
    settings: &[(&str, &str)],
) {
    let mut form = with(
        verifier_form("create", UID, provider),
        "sign_in_enabled",
        "on",
    );
    for (key, value) in settings {
        form = with(form, &format!("settings[{provider}][{key}]"), value);
    }
    let saved = app.call(admin, "save_verifier", &form).await;
    let status = saved.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "{status}: {}",
        saved.text().await.unwrap_or_default()
    );
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
pub async fn send_bind_code(app: &TestApp, user: &Client, national: &str) -> reqwest::Response {
    app.call(
        user,
        "send_bind_code",
        &[("verifier", UID), ("country", "86"), ("phone", national)],
    )
    .await
}

/// The newest entry of the admin's message log.
pub async fn newest_log_entry(app: &TestApp, admin: &Client) -> MessageEntry {
    let page: Page<MessageEntry> = app
        .call(admin, "list_messages", &[("page", "0")])
        .await
        .json()
        .await
        .expect("a page of messages");
    page.items.into_iter().next().expect("a message in the log")
}

/// How many messages the emulator accepted.
pub async fn emulator_inbox_size(app: &TestApp) -> usize {
    app.db
        .list_emulator_messages(100)
        .await
        .expect("the emulator inbox is readable")
        .len()
}

//! What the provider scenarios share: a verifier pointed at the emulator, and the flows every
//! real provider goes through with its own data: the admin's test message, a user's bind code,
//! the message log, the vendor's faults and a gateway that never answers.

use std::time::{Duration, Instant};

use app::{AppError, types::TestSmsFailure};
use reqwest::{Client, StatusCode};
use verigate::{
    config::Settings,
    emulator::{Fault, InboxMessage},
};

use crate::helpers::{Phone, TestApp, VerifierForm};

/// The verifier every scenario uses.
pub const UID: &str = "v_sms";

/// The gateway timeout of the apps that meet a silent gateway, so that giving up costs well
/// under a second rather than the default 10 s. Those apps send nothing to a gateway that
/// answers, so a slow machine cannot make an answer miss it.
const SHORT_GATEWAY_TIMEOUT_MS: u64 = 300;

/// Settings with [`SHORT_GATEWAY_TIMEOUT_MS`], for [`TestApp::spawn_with`].
pub fn a_short_gateway_timeout(settings: &mut Settings) {
    settings.gateway_timeout_ms = SHORT_GATEWAY_TIMEOUT_MS;
}

/// The admin console's form creating verifier [`UID`] for `provider` with `settings`, open to
/// sign-in.
pub fn provider_verifier<'a>(
    provider: &'a str,
    settings: Vec<(&'a str, &'a str)>,
) -> VerifierForm<'a> {
    VerifierForm {
        uid: UID,
        provider,
        sign_in_enabled: true,
        settings: vec![(provider, settings)],
        ..VerifierForm::default()
    }
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
    let logged = app.newest_log_entry(admin).await;
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
    let outcome = app.send_test_sms(admin, UID, phone).await;

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
    let phone = Phone::china("138 0013 8000");

    let sent = app
        .send_bind_code(&ada, UID, phone)
        .await
        .expect("a code is sent");

    let (message, code) = delivered(app, gateway, "+8613800138000").await;
    assert_logged_as_sent(app, admin, gateway, "bind", &message).await;
    app.bind(&ada, UID, phone, &sent, &code)
        .await
        .expect("the number is bound");

    // The log and the inbox order by time; a later message needs a later clock.
    app.advance(Duration::from_secs(1));
    a_test_sms_is_delivered(app, admin, gateway, "+8613900001111").await;
    message
}

/// With credentials the vendor refuses, the admin's test message fails with the vendor's `code`
/// while the vendor's text, containing `detail`, goes to the server log only; the user is told the message could not be sent, the log
/// records the failure and nothing reaches the emulator's inbox.
pub async fn wrong_credentials_are_refused(
    app: &TestApp,
    admin: &Client,
    gateway: &Gateway,
    code: &str,
    detail: &str,
) {
    let ada = app.signed_in_user("ada").await;

    let outcome = app.send_test_sms(admin, UID, "+8613800138000").await;

    assert!(!outcome.sent);
    assert_eq!(outcome.reference, code);
    assert!(
        !format!("{outcome:?}").contains(detail),
        "the vendor's text is not echoed to the browser: {outcome:?}"
    );
    assert_eq!(
        outcome.failure,
        Some(TestSmsFailure::Rejected),
        "the administrator reads what kind of failure it was"
    );
    assert!(
        crate::helpers::captured_logs().contains(detail),
        "the vendor's text is in the server log"
    );
    let refused = app
        .send_bind_code(&ada, UID, Phone::china("139 0000 2222"))
        .await
        .expect_err("the user's code is not sent");
    assert_eq!(refused.status, StatusCode::BAD_GATEWAY);
    assert_eq!(refused.error, AppError::ProviderFailed);
    assert_eq!(
        refused.error.to_string(),
        "The text message could not be sent. Please try again later."
    );
    let logged = app.newest_log_entry(admin).await;
    assert_eq!(
        (
            logged.provider.as_str(),
            logged.status.as_str(),
            logged.reference.as_str()
        ),
        (gateway.provider, "failed", code)
    );
    assert_eq!(app.emulator_inbox_size().await, 0);
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
        app.emulator().faults().set(&format!("+86{prefix}"), fault);

        // The log lists the newest first by time; give each message its own second.
        app.advance(Duration::from_secs(1));
        let outcome = app
            .send_test_sms(admin, UID, &format!("+86{prefix}00001111"))
            .await;
        assert!(!outcome.sent, "{fault:?}");
        assert_eq!(outcome.reference, code, "{fault:?}");
        let logged = app.newest_log_entry(admin).await;
        assert_eq!(
            (logged.status.as_str(), logged.reference.as_str()),
            ("failed", code)
        );

        app.advance(Duration::from_secs(1));
        let national = format!("{prefix} 0000 2222");
        let refused = app
            .send_bind_code(&ada, UID, Phone::china(&national))
            .await
            .expect_err("the user's code is not sent");
        match fault {
            Fault::InvalidNumber => {
                assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
                assert_eq!(
                    refused.error.for_field("phone").as_deref(),
                    Some("This phone number cannot receive text messages.")
                );
            }
            Fault::RateLimited => {
                assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
                assert_eq!(
                    refused.error,
                    AppError::RateLimited {
                        retry_after_secs: 60
                    }
                );
            }
            _ => {
                assert_eq!(refused.status, StatusCode::BAD_GATEWAY, "{fault:?}");
                assert_eq!(refused.error, AppError::ProviderFailed, "{fault:?}");
            }
        }
        let logged = app.newest_log_entry(admin).await;
        assert_eq!(
            (logged.status.as_str(), logged.reference.as_str()),
            ("failed", code),
            "{fault:?}"
        );
        let messages = app.message_log(admin).await.len();

        // A throttled number waits the minute out without asking the provider again; after any
        // other failure the user may try again at once.
        app.advance(Duration::from_secs(1));
        let again = app
            .send_bind_code(&ada, UID, Phone::china(&national))
            .await
            .expect_err("still not sent");
        if fault == Fault::RateLimited {
            assert_eq!(
                again.error,
                AppError::ResendTooSoon {
                    retry_after_secs: 59
                }
            );
            assert_eq!(
                app.message_log(admin).await.len(),
                messages,
                "no new attempt"
            );
        } else {
            assert_eq!(
                app.message_log(admin).await.len(),
                messages + 1,
                "{fault:?}"
            );
        }
    }
    assert_eq!(app.emulator_inbox_size().await, 0);
}

/// A gateway that never answers: the admin's test message fails as `<provider>.timeout` once the
/// client gives up, after the app's gateway timeout (see [`a_short_gateway_timeout`]) and not
/// the default one, and the log records the failure.
pub async fn a_silent_gateway_times_out(app: &TestApp, admin: &Client, gateway: &Gateway) {
    app.emulator().faults().set("+86135", Fault::Timeout);
    let timeout = format!("{}.timeout", gateway.provider);
    let started = Instant::now();

    let outcome = app.send_test_sms(admin, UID, "+8613500001111").await;

    let waited = started.elapsed();
    assert!(!outcome.sent);
    assert_eq!(outcome.reference, timeout);
    assert!(
        waited >= app.gateway_timeout(),
        "gave up only after the timeout: {waited:?}"
    );
    assert!(
        waited < Settings::default().gateway_timeout(),
        "the configured timeout, not the default: {waited:?}"
    );
    let logged = app.newest_log_entry(admin).await;
    assert_eq!(
        (logged.status.as_str(), logged.reference.as_str()),
        ("failed", timeout.as_str())
    );
}

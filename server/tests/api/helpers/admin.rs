//! The admin console's operations: verifiers, test messages and the message log.

use app::{
    dto::{MessageEntry, Page, TestSmsOutcome, VerifierDetails, VerifierSummary},
    types::{Policy, VerifierUid},
};
use reqwest::Client;
use verigate::store::{StoredSlot, VerifierRecord};

use super::{
    Answer, Backend, NO_ARGUMENTS, TestApp, VerifierForm,
    answer::{done, returned},
};

impl TestApp {
    /// A fresh application whose administrator saved verifier `form`, and the admin's browser.
    pub async fn spawn_with_verifier(backend: Backend, form: VerifierForm<'_>) -> (Self, Client) {
        let app = Self::spawn(backend).await;
        let admin = app.signed_in_admin().await;
        app.save_verifier(&admin, form)
            .await
            .expect("the verifier is saved");
        (app, admin)
    }

    /// A fresh application with the default sandbox verifier (`v_sms`), sign-in allowed.
    pub async fn spawn_with_sign_in_verifier(backend: Backend) -> Self {
        let form = VerifierForm {
            sign_in_enabled: true,
            ..VerifierForm::default()
        };
        Self::spawn_with_verifier(backend, form).await.0
    }

    /// Saves (creates or edits) a verifier through the admin console, as `admin`.
    pub async fn save_verifier(&self, admin: &Client, form: VerifierForm<'_>) -> Answer<()> {
        done(self.call(admin, "save_verifier", &form.fields()).await).await
    }

    /// The verifiers the admin console lists.
    pub async fn list_verifiers(&self, admin: &Client) -> Vec<VerifierSummary> {
        returned(self.call(admin, "list_verifiers", NO_ARGUMENTS).await)
            .await
            .expect("the list of verifiers")
    }

    /// Verifier `uid`'s edit page data, and the body as sent (to look for what must not be in
    /// it).
    pub async fn get_verifier(&self, admin: &Client, uid: &str) -> (VerifierDetails, String) {
        let response = self.call(admin, "get_verifier", &[("uid", uid)]).await;
        let body = response.text().await.expect("the body");
        let (details, _providers): (VerifierDetails, serde_json::Value) =
            serde_json::from_str(&body).unwrap_or_else(|_| panic!("details and providers: {body}"));
        (details, body)
    }

    /// Deletes verifier `uid` with its bindings.
    pub async fn delete_verifier(&self, admin: &Client, uid: &str) -> Answer<()> {
        done(self.call(admin, "delete_verifier", &[("uid", uid)]).await).await
    }

    /// The admin's "Send test SMS" from verifier `uid` to `phone` (as typed, with its `+`).
    pub async fn send_test_sms(&self, admin: &Client, uid: &str, phone: &str) -> TestSmsOutcome {
        returned(
            self.call(admin, "send_test_sms", &[("uid", uid), ("phone", phone)])
                .await,
        )
        .await
        .expect("a test SMS outcome")
    }

    /// The first page of the message log, newest first.
    pub async fn message_log(&self, admin: &Client) -> Vec<MessageEntry> {
        self.message_log_where(admin, &[])
            .await
            .expect("a page of messages")
    }

    /// The first page of the messages the filter (`[("scene", "bind")]`, …) lets through.
    pub async fn message_log_where(
        &self,
        admin: &Client,
        filter: &[(&str, &str)],
    ) -> Answer<Vec<MessageEntry>> {
        let form: Vec<(&str, &str)> = [("page", "0")]
            .into_iter()
            .chain(filter.iter().copied())
            .collect();
        let page: Page<MessageEntry> =
            returned(self.call(admin, "list_messages", &form).await).await?;
        Ok(page.items)
    }

    /// The newest entry of the message log.
    pub async fn newest_log_entry(&self, admin: &Client) -> MessageEntry {
        self.message_log(admin)
            .await
            .into_iter()
            .next()
            .expect("a message in the log")
    }
}

/// Sandbox verifier `uid` with `policy` and sandbox `settings`, as the store keeps it: for tests
/// that insert one below the console.
pub fn sandbox_verifier(
    uid: &str,
    policy: Policy,
    settings: serde_json::Map<String, serde_json::Value>,
) -> VerifierRecord {
    VerifierRecord {
        uid: VerifierUid::parse(uid).expect("valid UID"),
        title: "Phone".into(),
        description: String::new(),
        verification_type: "sms-otp".into(),
        primary: StoredSlot {
            provider: "sandbox".into(),
            settings,
        },
        fallback: None,
        policy,
        sign_in_enabled: false,
        service_sid: format!("VA{}", "0".repeat(32)),
        created_at_ms: 0,
        updated_at_ms: 0,
    }
}

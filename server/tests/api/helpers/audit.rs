//! The audit log as administrators read it, and the pages they read it on.

use app::{
    dto::{AuditEventEntry, Page},
    types::AuditAction,
};
use reqwest::{Client, StatusCode};

use super::{Answer, TestApp, answer::returned};

/// An audit event's fields, for comparing: actor, action, subject, verifier, masked number.
pub type AuditLine = (String, AuditAction, String, String, String);

impl TestApp {
    /// Page `page` of the audit log as `client` asks for it; `action` empty for every action.
    pub async fn audit_log_page(
        &self,
        client: &Client,
        action: &str,
        page: &str,
    ) -> Answer<Page<AuditEventEntry>> {
        returned(
            self.call(
                client,
                "list_audit_events",
                &[("action", action), ("page", page)],
            )
            .await,
        )
        .await
    }

    /// The first page of the audit log, newest first, as [`AuditLine`]s.
    pub async fn audit_lines(&self, admin: &Client) -> Vec<AuditLine> {
        self.audit_log_page(admin, "", "0")
            .await
            .expect("the audit log")
            .items
            .into_iter()
            .map(|event| {
                (
                    event.actor,
                    event.action,
                    event.subject,
                    event.verifier_uid,
                    event.masked_receiver,
                )
            })
            .collect()
    }

    /// The HTML of the page at `path` as the server renders it for `client` (no JavaScript).
    pub async fn page_html(&self, client: &Client, path: &str) -> String {
        let response = client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status(), StatusCode::OK, "{path} renders");
        response.text().await.expect("the page")
    }
}

//! The audit log administrators read: every bind, unbind, API key made or revoked, account
//! created by an administrator and verifier created, changed or deleted, newest first,
//! filtered by action and paged in the URL.

use std::time::Duration;

use app::{AppError, dto::CreatedApiKey, ports::KeyScope, types::AuditAction};
use reqwest::StatusCode;

use crate::{
    helpers::{AuditLine, Backend, Mode, Phone, TestApp, VerifierForm},
    on_both_databases,
};

const VERIFIER: &str = "v_sms";
const NUMBER: Phone = Phone::china("138 0013 8000");
const MASKED: &str = "+86 138****8000";

fn line(
    actor: &str,
    action: AuditAction,
    subject: &str,
    verifier: &str,
    masked: &str,
) -> AuditLine {
    (
        actor.into(),
        action,
        subject.into(),
        verifier.into(),
        masked.into(),
    )
}

async fn every_change_worth_auditing_is_listed_newest_first_with_its_fields(backend: Backend) {
    let (app, admin) = TestApp::spawn_with_verifier(backend, VerifierForm::default()).await;
    app.advance(Duration::from_secs(1));
    let ada = app.signed_in_user("ada").await;
    app.bind_with_delivered_code(&ada, VERIFIER, NUMBER)
        .await
        .expect("the number is bound");
    app.advance(Duration::from_secs(60));
    app.unbind_with_delivered_code(&ada, VERIFIER, VERIFIER)
        .await
        .expect("the number is unbound");
    app.advance(Duration::from_secs(1));
    let created = app
        .call(
            &admin,
            "create_api_key",
            &[("name", "shop backend"), ("scope", "all")],
        )
        .await;
    assert_eq!(created.status(), StatusCode::OK, "the key is made");
    let key: CreatedApiKey = created.json().await.expect("the new key");
    app.advance(Duration::from_secs(1));
    let revoked = app
        .call(&admin, "revoke_api_key", &[("sid", key.sid.as_str())])
        .await;
    assert!(revoked.status().is_success(), "the key is revoked");
    app.advance(Duration::from_secs(1));
    let account = app.create_account(&admin, "bob").await;
    assert!(account.status().is_success(), "the account is made");

    let lines = app.audit_lines(&admin).await;

    assert_eq!(
        lines,
        [
            line("admin", AuditAction::AccountCreated, "bob", "", ""),
            line("admin", AuditAction::ApiKeyRevoked, &key.sid, "", ""),
            line("admin", AuditAction::ApiKeyCreated, &key.sid, "", ""),
            line("ada", AuditAction::Unbind, VERIFIER, VERIFIER, MASKED),
            line("ada", AuditAction::Bind, VERIFIER, VERIFIER, MASKED),
            line(
                "admin",
                AuditAction::VerifierCreated,
                VERIFIER,
                VERIFIER,
                ""
            ),
        ]
    );
}

/// Where a verifier's codes go is the administrators' to decide (its provider, an endpoint, a
/// sandbox whose texts the message log shows): the log says who changed it.
async fn verifier_changes_are_recorded_with_who_made_them(backend: Backend) {
    let (app, admin) = TestApp::spawn_with_verifier(backend, VerifierForm::default()).await;
    app.advance(Duration::from_secs(1));
    app.save_verifier(
        &admin,
        VerifierForm {
            mode: Mode::Edit,
            title: "Phone, renamed",
            ..VerifierForm::default()
        },
    )
    .await
    .expect("the verifier is changed");
    app.advance(Duration::from_secs(1));
    app.delete_verifier(&admin, VERIFIER)
        .await
        .expect("the verifier is deleted");

    assert_eq!(
        app.audit_lines(&admin).await,
        [
            line(
                "admin",
                AuditAction::VerifierDeleted,
                VERIFIER,
                VERIFIER,
                ""
            ),
            line(
                "admin",
                AuditAction::VerifierUpdated,
                VERIFIER,
                VERIFIER,
                ""
            ),
            line(
                "admin",
                AuditAction::VerifierCreated,
                VERIFIER,
                VERIFIER,
                ""
            ),
        ]
    );
}

async fn the_log_is_filtered_by_action_and_paged_in_the_url(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let mut sids = Vec::new();
    for _ in 0..51 {
        sids.push(app.api_key(KeyScope::All).await.sid);
        app.advance(Duration::from_millis(10));
    }
    app.revoke_api_key(&app.api_key(KeyScope::All).await).await;

    let first = app
        .audit_log_page(&admin, "api_key_created", "0")
        .await
        .expect("the first page");
    let second = app
        .audit_log_page(&admin, "api_key_created", "1")
        .await
        .expect("the second page");
    let html = app
        .page_html(&admin, "/admin/audit?action=api_key_created&page=1")
        .await;

    assert_eq!((first.items.len(), first.has_more), (50, true));
    assert_eq!((second.items.len(), second.has_more), (2, false));
    assert!(
        first
            .items
            .iter()
            .chain(&second.items)
            .all(|event| event.action == AuditAction::ApiKeyCreated && event.actor == "system"),
        "only key creations, made on the command line's behalf"
    );
    assert_eq!(
        second.items.last().map(|event| event.subject.as_str()),
        Some(sids[0].as_str()),
        "the oldest comes last"
    );
    assert!(
        html.contains(r#"href="?action=api_key_created&amp;page=0""#),
        "the server-rendered page links to the newer page with its filter"
    );
    assert!(html.contains(&sids[0]), "and lists the oldest key");
}

async fn a_bad_filter_or_page_is_named(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;

    let action = app.audit_log_page(&admin, "drop_table", "0").await;
    let page = app.audit_log_page(&admin, "", "-1").await;

    for (refused, field) in [(action, "action"), (page, "page")] {
        let refusal = refused.expect_err("refused");
        assert_eq!(refusal.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            matches!(&refusal.error, AppError::Invalid { field: named, .. } if named == field),
            "{:?} names {field}",
            refusal.error
        );
    }
}

async fn only_administrators_read_the_audit_log(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in_admin().await;
    let ada = app.signed_in_user("ada").await;

    let refused = app.audit_log_page(&ada, "", "0").await;

    let refusal = refused.expect_err("refused");
    assert_eq!(
        (refusal.status, refusal.error),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
}

on_both_databases!(
    verifier_changes_are_recorded_with_who_made_them,
    every_change_worth_auditing_is_listed_newest_first_with_its_fields,
    the_log_is_filtered_by_action_and_paged_in_the_url,
    a_bad_filter_or_page_is_named,
    only_administrators_read_the_audit_log,
);

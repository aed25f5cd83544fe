//! The Messages page's filters: by verifier, scene, status, the number's last digits and time.

use std::time::Duration;

use reqwest::{Client, StatusCode};

use crate::{
    helpers::{Backend, PASSWORD, TestApp, VerifierForm},
    on_both_databases,
};

/// The verifier titles of the messages `filter` lets through, sorted.
async fn titles(app: &TestApp, admin: &Client, filter: &[(&str, &str)]) -> Vec<String> {
    let mut titles: Vec<String> = app
        .message_log_where(admin, filter)
        .await
        .expect("a page")
        .into_iter()
        .map(|message| message.verifier_title)
        .collect();
    titles.sort();
    titles
}

async fn the_message_log_narrows_to_what_the_filter_names(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    for (uid, title, fail) in [
        ("v_a", "Phone A", "none"),
        ("v_b", "Phone B", "none"),
        ("v_down", "Phone down", "rejected"),
    ] {
        let form = VerifierForm {
            uid,
            title,
            settings: vec![("sandbox", vec![("fail", fail)])],
            ..VerifierForm::default()
        };
        app.save_verifier(&admin, form).await.expect("saved");
    }
    app.send_test_sms(&admin, "v_a", "+8613800138000").await;
    app.send_test_sms(&admin, "v_b", "+8613900139111").await;
    app.send_test_sms(&admin, "v_down", "+8613700137222").await;

    assert_eq!(
        titles(&app, &admin, &[]).await,
        ["Phone A", "Phone B", "Phone down"]
    );
    assert_eq!(
        titles(&app, &admin, &[("verifier", "v_b")]).await,
        ["Phone B"]
    );
    assert_eq!(
        titles(&app, &admin, &[("status", "failed")]).await,
        ["Phone down"]
    );
    assert_eq!(
        titles(&app, &admin, &[("status", "sent"), ("number", "8000")]).await,
        ["Phone A"]
    );
    assert_eq!(
        titles(&app, &admin, &[("number", "9111")]).await,
        ["Phone B"]
    );
    assert!(titles(&app, &admin, &[("scene", "bind")]).await.is_empty());
    assert_eq!(
        titles(&app, &admin, &[("scene", "test"), ("period", "24h")])
            .await
            .len(),
        3
    );

    app.advance(Duration::from_secs(2 * 24 * 60 * 60));
    // The session ended meanwhile.
    let admin = app.new_browser();
    let signed_in = app.sign_in(&admin, "admin", PASSWORD).await;
    assert!(signed_in.status().is_success(), "{}", signed_in.status());
    assert!(titles(&app, &admin, &[("period", "24h")]).await.is_empty());
    assert_eq!(titles(&app, &admin, &[("period", "7d")]).await.len(), 3);

    for (field, value) in [
        ("number", "12345"),
        ("number", "12a"),
        ("scene", "everywhere"),
        ("status", "lost"),
        ("period", "1y"),
        ("verifier", "not a uid!"),
    ] {
        let refused = app
            .message_log_where(&admin, &[(field, value)])
            .await
            .expect_err(value);
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value}"
        );
        assert!(
            refused.error.for_field(field).is_some(),
            "{field}={value}: {:?}",
            refused.error
        );
    }
}

on_both_databases!(the_message_log_narrows_to_what_the_filter_names);

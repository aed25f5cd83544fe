//! The code message in the reader's language: the API's `locale` and the reader's language in
//! the console choose it; a verifier's own text per language replaces the built-in one; Aliyun
//! sends the template approved for that language.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use verigate::config::Settings;

use crate::{
    gateway::provider_verifier,
    helpers::{ApiSetup, Backend, TestApp, VerifierForm},
    on_both_databases,
};

/// A number of its own for each message, so no resend interval stands between them.
fn number(index: usize) -> String {
    format!("+86138001380{index:02}")
}

/// Starts an API verification to `to` in `locale` and gives the text the sandbox "sent".
async fn message_in(setup: &ApiSetup, to: &str, locale: Option<&str>) -> String {
    // The log orders by time: each message needs a later clock.
    setup.app.advance(Duration::from_secs(1));
    let request = match locale {
        Some(locale) => json!({ "verifier": "v_sms", "to": to, "locale": locale }),
        None => json!({ "verifier": "v_sms", "to": to }),
    };
    setup
        .app
        .start_verification(setup.key.bearer(), &request)
        .await
        .verification(StatusCode::CREATED);
    setup
        .app
        .newest_log_entry(&setup.admin)
        .await
        .body
        .expect("the sandbox keeps the text")
}

async fn the_api_s_locale_chooses_the_language_of_the_built_in_text(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;

    let chinese = message_in(&setup, &number(1), Some("zh-CN")).await;
    assert!(chinese.starts_with("您的Phone验证码为 "), "{chinese}");
    let dutch = message_in(&setup, &number(2), Some("nl")).await;
    assert!(dutch.starts_with("Je code voor Phone is "), "{dutch}");
    let english = message_in(&setup, &number(3), Some("fr-FR")).await;
    assert!(english.starts_with("Your Phone code is "), "{english}");
    // Never share a code: the warning that stops most phishing for it.
    assert!(
        english.ends_with("It expires in 5 minutes. Do not share it with anyone."),
        "{english}"
    );
}

/// Without a locale the number's country chooses, as Twilio does.
async fn without_a_locale_the_number_s_country_chooses_the_language(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;

    for (to, start) in [
        (number(1), "您的Phone验证码为 "),
        ("+31612345678".to_owned(), "Je code voor Phone is "),
        ("+32470123456".to_owned(), "Je code voor Phone is "),
        ("+447911123456".to_owned(), "Your Phone code is "),
        ("+12127363100".to_owned(), "Your Phone code is "),
    ] {
        let text = message_in(&setup, &to, None).await;
        assert!(text.starts_with(start), "{to}: {text}");
    }
}

async fn a_verifier_s_own_text_replaces_the_built_in_one_in_its_language(backend: Backend) {
    let form = VerifierForm {
        message_texts: vec![("nl", "Code {code} voor Verigate, {minutes} min geldig")],
        ..VerifierForm::default()
    };
    let setup = ApiSetup::spawn_with(backend, form).await;

    let dutch = message_in(&setup, &number(1), Some("nl-BE")).await;
    let code = dutch
        .strip_prefix("Code ")
        .and_then(|rest| rest.strip_suffix(" voor Verigate, 5 min geldig"))
        .unwrap_or_else(|| panic!("the verifier's text: {dutch}"));
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{dutch}"
    );
    // Languages without a text of their own keep the built-in one.
    assert!(
        message_in(&setup, &number(2), Some("zh"))
            .await
            .starts_with("您的")
    );
}

async fn a_message_text_needs_the_code_and_a_known_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    for (tag, text, field) in [
        ("nl", "Je code komt zo", "message_texts.nl"),
        ("zh", &"验证码 {code}".repeat(30), "message_texts.zh"),
        ("xx", "Code {code}", "message_texts.xx"),
    ] {
        let form = VerifierForm {
            message_texts: vec![(tag, text)],
            ..VerifierForm::default()
        };
        let refused = app
            .save_verifier(&admin, form)
            .await
            .expect_err("the text is refused");
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{tag}");
        assert!(
            refused.error.for_field(field).is_some(),
            "{tag}: {:?}",
            refused.error
        );
    }
}

async fn aliyun_sends_the_template_approved_for_the_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;
    let defaults = Settings::default();
    let aliyun = provider_verifier(
        "aliyun",
        vec![
            ("access_key_id", &defaults.emulator_aliyun_access_key_id),
            (
                "access_key_secret",
                &defaults.emulator_aliyun_access_key_secret,
            ),
            ("endpoint", &app.emulator_url),
            ("sign_name", "阿里云短信测试"),
            ("template_code", "SMS_154950909"),
            ("template_codes", "zh=SMS_154950910, nl = SMS_154950911"),
        ],
    );
    app.save_verifier(&admin, aliyun)
        .await
        .expect("the Aliyun verifier is saved");
    let key = app.api_key(app::ports::KeyScope::All).await;

    for (index, locale, template) in [
        (1, "zh-CN", "SMS_154950910"),
        (2, "nl", "SMS_154950911"),
        (3, "en", "SMS_154950909"),
    ] {
        let to = number(index);
        app.advance(Duration::from_secs(1));
        app.start_verification(
            key.bearer(),
            &json!({ "verifier": crate::gateway::UID, "to": to, "locale": locale }),
        )
        .await
        .verification(StatusCode::CREATED);
        assert_eq!(
            app.newest_emulator_message().await.template,
            template,
            "{locale}"
        );
    }
}

on_both_databases!(
    without_a_locale_the_number_s_country_chooses_the_language,
    the_api_s_locale_chooses_the_language_of_the_built_in_text,
    a_verifier_s_own_text_replaces_the_built_in_one_in_its_language,
    a_message_text_needs_the_code_and_a_known_language,
    aliyun_sends_the_template_approved_for_the_language,
);

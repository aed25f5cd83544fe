//! The words of the built-in SMS providers in every language: their titles, their settings'
//! labels and help texts, and the labels of their select options.
//!
//! The server describes each provider in English (its `ProviderSpec`), and that description is
//! what reaches the browser. The translations live in the `providers` catalogue section, keyed
//! by the provider's kind and the setting's key; this file maps one to the other. A provider it
//! does not know (one added later by implementing the server's provider trait) keeps showing the
//! English its spec gives, so every function here takes that English as the fallback.

use crate::i18n::{Locale, td_string};

/// The kinds of the providers this file has words for.
const KINDS: [&str; 5] = ["aliyun", "tencent", "twilio", "sandbox", "webhook"];

/// The provider's title in `locale`; `english` (the spec's title) for a provider not known here.
pub fn provider_title(locale: Locale, kind: &str, english: &str) -> String {
    title(locale, kind).unwrap_or(english).to_owned()
}

/// A provider named by whatever the server sent: its English title (the verifier list, the
/// test-SMS outcome) or its kind. Anything not recognised is shown as it came.
pub fn provider_name(locale: Locale, shown: &str) -> String {
    KINDS
        .into_iter()
        .find(|kind| *kind == shown || title(Locale::en, kind) == Some(shown))
        .map_or_else(
            || shown.to_owned(),
            |kind| provider_title(locale, kind, shown),
        )
}

/// A setting's label in `locale`; `english` (the spec's label) for a setting not known here.
pub fn setting_label(locale: Locale, kind: &str, key: &str, english: &str) -> String {
    label(locale, kind, key).unwrap_or(english).to_owned()
}

/// A setting's help text in `locale`; `english` (the spec's help) for a setting not known here.
pub fn setting_help(locale: Locale, kind: &str, key: &str, english: &str) -> String {
    help(locale, kind, key).unwrap_or(english).to_owned()
}

/// The label of a select setting's `option` in `locale`; `english` (the option as the spec
/// gives it) for an option not known here. Options that are codes (`v3`, `v2`) have no entry and
/// are shown as they are.
pub fn option_label(locale: Locale, kind: &str, key: &str, option: &str, english: &str) -> String {
    option_text(locale, kind, key, option)
        .unwrap_or(english)
        .to_owned()
}

fn title(locale: Locale, kind: &str) -> Option<&'static str> {
    Some(match kind {
        "aliyun" => td_string!(locale, providers.aliyun_title),
        "tencent" => td_string!(locale, providers.tencent_title),
        "twilio" => td_string!(locale, providers.twilio_title),
        "sandbox" => td_string!(locale, providers.sandbox_title),
        "webhook" => td_string!(locale, providers.webhook_title),
        _ => return None,
    })
}

fn label(locale: Locale, kind: &str, key: &str) -> Option<&'static str> {
    Some(match (kind, key) {
        ("aliyun", "access_key_id") => td_string!(locale, providers.aliyun_access_key_id_label),
        ("aliyun", "access_key_secret") => {
            td_string!(locale, providers.aliyun_access_key_secret_label)
        }
        ("aliyun", "endpoint") => td_string!(locale, providers.aliyun_endpoint_label),
        ("aliyun", "sign_name") => td_string!(locale, providers.aliyun_sign_name_label),
        ("aliyun", "template_code") => td_string!(locale, providers.aliyun_template_code_label),
        ("aliyun", "template_codes") => td_string!(locale, providers.aliyun_template_codes_label),
        ("aliyun", "template_param_name") => {
            td_string!(locale, providers.aliyun_template_param_name_label)
        }
        ("aliyun", "signature_version") => {
            td_string!(locale, providers.aliyun_signature_version_label)
        }
        ("tencent", "secret_id") => td_string!(locale, providers.tencent_secret_id_label),
        ("tencent", "secret_key") => td_string!(locale, providers.tencent_secret_key_label),
        ("tencent", "region") => td_string!(locale, providers.tencent_region_label),
        ("tencent", "endpoint") => td_string!(locale, providers.tencent_endpoint_label),
        ("tencent", "sdk_app_id") => td_string!(locale, providers.tencent_sdk_app_id_label),
        ("tencent", "sign_name") => td_string!(locale, providers.tencent_sign_name_label),
        ("tencent", "template_id") => td_string!(locale, providers.tencent_template_id_label),
        ("tencent", "template_ids") => td_string!(locale, providers.tencent_template_ids_label),
        ("twilio", "account_sid") => td_string!(locale, providers.twilio_account_sid_label),
        ("twilio", "auth_token") => td_string!(locale, providers.twilio_auth_token_label),
        ("twilio", "from") => td_string!(locale, providers.twilio_from_label),
        ("twilio", "endpoint") => td_string!(locale, providers.twilio_endpoint_label),
        ("twilio", "message_template") => {
            td_string!(locale, providers.twilio_message_template_label)
        }
        ("sandbox", "fail") => td_string!(locale, providers.sandbox_fail_label),
        ("webhook", "url") => td_string!(locale, providers.webhook_url_label),
        ("webhook", "secret") => td_string!(locale, providers.webhook_secret_label),
        _ => return None,
    })
}

fn help(locale: Locale, kind: &str, key: &str) -> Option<&'static str> {
    Some(match (kind, key) {
        ("aliyun", "access_key_id") => td_string!(locale, providers.aliyun_access_key_id_help),
        ("aliyun", "access_key_secret") => {
            td_string!(locale, providers.aliyun_access_key_secret_help)
        }
        ("aliyun", "endpoint") => td_string!(locale, providers.aliyun_endpoint_help),
        ("aliyun", "sign_name") => td_string!(locale, providers.aliyun_sign_name_help),
        ("aliyun", "template_code") => td_string!(locale, providers.aliyun_template_code_help),
        ("aliyun", "template_codes") => td_string!(locale, providers.aliyun_template_codes_help),
        ("aliyun", "template_param_name") => {
            td_string!(locale, providers.aliyun_template_param_name_help)
        }
        ("aliyun", "signature_version") => {
            td_string!(locale, providers.aliyun_signature_version_help)
        }
        ("tencent", "secret_id") => td_string!(locale, providers.tencent_secret_id_help),
        ("tencent", "secret_key") => td_string!(locale, providers.tencent_secret_key_help),
        ("tencent", "region") => td_string!(locale, providers.tencent_region_help),
        ("tencent", "endpoint") => td_string!(locale, providers.tencent_endpoint_help),
        ("tencent", "sdk_app_id") => td_string!(locale, providers.tencent_sdk_app_id_help),
        ("tencent", "sign_name") => td_string!(locale, providers.tencent_sign_name_help),
        ("tencent", "template_id") => td_string!(locale, providers.tencent_template_id_help),
        ("tencent", "template_ids") => td_string!(locale, providers.tencent_template_ids_help),
        ("twilio", "account_sid") => td_string!(locale, providers.twilio_account_sid_help),
        ("twilio", "auth_token") => td_string!(locale, providers.twilio_auth_token_help),
        ("twilio", "from") => td_string!(locale, providers.twilio_from_help),
        ("twilio", "endpoint") => td_string!(locale, providers.twilio_endpoint_help),
        ("twilio", "message_template") => {
            td_string!(locale, providers.twilio_message_template_help)
        }
        ("sandbox", "fail") => td_string!(locale, providers.sandbox_fail_help),
        ("webhook", "url") => td_string!(locale, providers.webhook_url_help),
        ("webhook", "secret") => td_string!(locale, providers.webhook_secret_help),
        _ => return None,
    })
}

fn option_text(locale: Locale, kind: &str, key: &str, option: &str) -> Option<&'static str> {
    Some(match (kind, key, option) {
        ("sandbox", "fail", "none") => td_string!(locale, providers.sandbox_fail_option_none),
        ("sandbox", "fail", "invalid_number") => {
            td_string!(locale, providers.sandbox_fail_option_invalid_number)
        }
        ("sandbox", "fail", "rate_limited") => {
            td_string!(locale, providers.sandbox_fail_option_rate_limited)
        }
        ("sandbox", "fail", "rejected") => {
            td_string!(locale, providers.sandbox_fail_option_rejected)
        }
        ("sandbox", "fail", "unavailable") => {
            td_string!(locale, providers.sandbox_fail_option_unavailable)
        }
        _ => return None,
    })
}

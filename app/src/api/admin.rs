//! The administrators' console: verifiers, test messages and the message log. Every function
//! here first requires an administrator.

// `save_verifier` takes one argument per form field (that is how a form without JavaScript posts),
// and the generated client function inherits their number.
#![allow(clippy::too_many_arguments)]

use std::collections::HashMap;

use leptos::prelude::*;

use crate::{
    AppError,
    dto::{
        EmulatorInbox, MessageEntry, NewVerifierDefaults, Page, ProviderInfo, TestSmsOutcome,
        VerifierDetails, VerifierSummary,
    },
    error::Problem,
};

/// Every verifier, for the "Verification" table.
#[server(endpoint = "list_verifiers")]
pub async fn list_verifiers() -> Result<Vec<VerifierSummary>, AppError> {
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    let listings = state.verifiers.list_verifiers().await?;
    Ok(listings.into_iter().map(Into::into).collect())
}

/// The providers, a fresh UID and the default policy.
#[server(endpoint = "new_verifier_form")]
pub async fn new_verifier_form() -> Result<NewVerifierDefaults, AppError> {
    use crate::types::Policy;
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    Ok(NewVerifierDefaults {
        suggested_uid: state.verifiers.suggest_uid()?.to_string(),
        providers: ssr::providers(&state),
        policy: Policy::default(),
    })
}

/// A verifier and the providers, for the edit form.
#[server(endpoint = "get_verifier")]
pub async fn get_verifier(uid: String) -> Result<(VerifierDetails, Vec<ProviderInfo>), AppError> {
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    let uid = super::input::verifier_uid(&uid)?;
    let view = state.verifiers.verifier(&uid).await?;
    Ok((view.into(), ssr::providers(&state)))
}

/// Creates (`mode` = `create`) or updates a verifier. Numbers arrive as text so that a typo gets
/// an error on its own field. `settings` holds every provider's fields; only the chosen
/// providers' are used.
#[server(endpoint = "save_verifier")]
pub async fn save_verifier(
    mode: String,
    uid: String,
    title: String,
    description: String,
    provider: String,
    // A checkbox: present ("on") when ticked, absent otherwise.
    sign_in_enabled: Option<String>,
    // Absent or empty for none.
    fallback_provider: Option<String>,
    // Every provider's section is posted; only the chosen ones' are used.
    settings: HashMap<String, HashMap<String, String>>,
    code_length: String,
    code_lifetime_secs: String,
    resend_interval_secs: String,
    max_attempts: String,
    sends_per_hour: String,
    sends_per_day: String,
    // The send budgets; absent from forms made before them, which keep the defaults.
    numbers_per_user_hour: Option<String>,
    codes_per_user_day: Option<String>,
    sign_ins_per_client_hour: Option<String>,
    api_sends_per_key_minute: Option<String>,
    api_sends_per_key_day: Option<String>,
    sends_per_verifier_day: Option<String>,
    allowed_countries: String,
    // A checkbox: present ("on") when ticked.
    allow_fixed_lines: Option<String>,
    // `message_texts[<language>]`; absent from forms made before them (built-in texts).
    message_texts: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::{
        ports::{ProviderChoice, VerifierDraft},
        types::{MessageTexts, Policy, VerifierUid},
    };
    let state = super::caller::state()?;
    let admin = super::caller::require_admin(&state).await?;
    let number = |field: &str, value: &str| {
        value
            .trim()
            .parse::<u32>()
            .map_err(|_| AppError::invalid(field, Problem::WholeNumber))
    };
    let defaults = Policy::default();
    let budget = |field: &str, value: Option<String>, default: u32| match value {
        Some(value) => number(field, &value),
        None => Ok(default),
    };
    let policy = Policy {
        code_length: number("code_length", &code_length)?,
        code_lifetime_secs: number("code_lifetime_secs", &code_lifetime_secs)?,
        resend_interval_secs: number("resend_interval_secs", &resend_interval_secs)?,
        max_attempts: number("max_attempts", &max_attempts)?,
        sends_per_hour: number("sends_per_hour", &sends_per_hour)?,
        sends_per_day: number("sends_per_day", &sends_per_day)?,
        numbers_per_user_hour: budget(
            "numbers_per_user_hour",
            numbers_per_user_hour,
            defaults.numbers_per_user_hour,
        )?,
        codes_per_user_day: budget(
            "codes_per_user_day",
            codes_per_user_day,
            defaults.codes_per_user_day,
        )?,
        sign_ins_per_client_hour: budget(
            "sign_ins_per_client_hour",
            sign_ins_per_client_hour,
            defaults.sign_ins_per_client_hour,
        )?,
        api_sends_per_key_minute: budget(
            "api_sends_per_key_minute",
            api_sends_per_key_minute,
            defaults.api_sends_per_key_minute,
        )?,
        api_sends_per_key_day: budget(
            "api_sends_per_key_day",
            api_sends_per_key_day,
            defaults.api_sends_per_key_day,
        )?,
        sends_per_verifier_day: budget(
            "sends_per_verifier_day",
            sends_per_verifier_day,
            defaults.sends_per_verifier_day,
        )?,
        allowed_countries: parse_calling_codes(&allowed_countries)?,
        allow_fixed_lines: allow_fixed_lines.is_some(),
        message_texts: MessageTexts::from_form(message_texts.unwrap_or_default())?,
    };
    policy.validate()?;
    let mut settings = settings;
    let mut choice = |kind: String| ProviderChoice {
        settings: settings.remove(&kind).unwrap_or_default(),
        kind,
    };
    let draft = VerifierDraft {
        uid: match mode.as_str() {
            "create" => VerifierUid::parse(&uid)?,
            _ => super::input::verifier_uid(&uid)?,
        },
        title: ssr::title(&title)?,
        description: ssr::description(&description)?,
        sign_in_enabled: sign_in_enabled.is_some(),
        provider: choice(provider.trim().to_owned()),
        fallback: fallback_provider
            .map(|kind| kind.trim().to_owned())
            .filter(|kind| !kind.is_empty())
            .map(&mut choice),
        policy,
    };
    if mode == "create" {
        state.verifiers.create_verifier(&admin, draft).await?;
    } else {
        state.verifiers.update_verifier(&admin, draft).await?;
    }
    leptos_axum::redirect("/admin/verification");
    Ok(())
}

/// `"86, +31 1"` → `[86, 31, 1]`.
pub fn parse_calling_codes(text: &str) -> Result<Vec<u16>, AppError> {
    text.split([',', ' ', ';'])
        .map(|part| part.trim().trim_start_matches('+'))
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<u16>().map_err(|_| {
                AppError::invalid(
                    "allowed_countries",
                    Problem::NotACallingCode {
                        text: part.to_owned(),
                    },
                )
            })
        })
        .collect()
}

/// Deletes a verifier and every binding to it.
#[server(endpoint = "delete_verifier")]
pub async fn delete_verifier(uid: String) -> Result<(), AppError> {
    let state = super::caller::state()?;
    let admin = super::caller::require_admin(&state).await?;
    let uid = super::input::verifier_uid(&uid)?;
    state.verifiers.delete_verifier(&admin, &uid).await?;
    leptos_axum::redirect("/admin/verification");
    Ok(())
}

/// Sends a test message through a saved verifier and reports what the provider said.
#[server(endpoint = "send_test_sms")]
pub async fn send_test_sms(uid: String, phone: String) -> Result<TestSmsOutcome, AppError> {
    use crate::types::PhoneNumber;
    let state = super::caller::state()?;
    let admin = super::caller::require_admin(&state).await?;
    let uid = super::input::verifier_uid(&uid)?;
    let to = PhoneNumber::parse_e164(&phone)?;
    let test = state
        .verifiers
        .send_test_sms(&uid, &to, &admin, super::caller::reader_locale())
        .await?;
    Ok(test.into())
}

/// One page of the message log, newest first, narrowed by whichever filters are given (the
/// Messages page's form; empty means any).
#[server(endpoint = "list_messages")]
pub async fn list_messages(
    page: i64,
    verifier: Option<String>,
    scene: Option<String>,
    status: Option<String>,
    number: Option<String>,
    period: Option<String>,
) -> Result<Page<MessageEntry>, AppError> {
    let filter = crate::dto::MessageQuery {
        verifier: verifier.unwrap_or_default(),
        scene: scene.unwrap_or_default(),
        status: status.unwrap_or_default(),
        number: number.unwrap_or_default(),
        period: period.unwrap_or_default(),
    };
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    let number =
        u32::try_from(page).map_err(|_| AppError::invalid("page", Problem::PageNegative))?;
    let messages = state
        .verifiers
        .list_messages(&ssr::message_filter(&filter)?, number)
        .await?;
    Ok(Page {
        items: messages.items.into_iter().map(Into::into).collect(),
        page,
        has_more: messages.has_more,
    })
}

/// The SMS gateway emulator: where it listens, its test credentials and what it accepted.
/// `None` when the emulator is off.
#[server(endpoint = "emulator_inbox")]
pub async fn read_emulator_inbox() -> Result<Option<EmulatorInbox>, AppError> {
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    match &state.emulator {
        Some(emulator) => Ok(Some(
            emulator.inbox().await.map_err(super::errors::unexpected)?,
        )),
        None => Ok(None),
    }
}

/// Whether the SMS gateway emulator runs, for the warning on every administrator's page.
#[server(endpoint = "emulator_running")]
pub async fn emulator_running() -> Result<bool, AppError> {
    let state = super::caller::state()?;
    super::caller::require_admin(&state).await?;
    Ok(state.emulator.is_some())
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{AppError, dto::ProviderInfo, error::Problem, ports::AppState};

    const TITLE_MAX_CHARS: usize = 100;
    const DESCRIPTION_MAX_CHARS: usize = 500;

    pub fn providers(state: &AppState) -> Vec<ProviderInfo> {
        state
            .verifiers
            .providers()
            .into_iter()
            .map(Into::into)
            .collect()
    }

    pub fn title(text: &str) -> Result<String, AppError> {
        let title = text.trim();
        if title.is_empty() || title.chars().count() > TITLE_MAX_CHARS {
            return Err(AppError::invalid("title", Problem::TitleLength));
        }
        Ok(title.to_owned())
    }

    pub fn description(text: &str) -> Result<String, AppError> {
        let description = text.trim();
        if description.chars().count() > DESCRIPTION_MAX_CHARS {
            return Err(AppError::invalid("description", Problem::DescriptionLength));
        }
        Ok(description.to_owned())
    }

    /// The message log filter from the Messages page's form; each part names its field when
    /// it makes no sense.
    pub fn message_filter(
        query: &crate::dto::MessageQuery,
    ) -> Result<crate::ports::MessageFilter, AppError> {
        use crate::types::VerifierUid;

        let given = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        let one_of = |field: &str, text: &str, options: &[&str]| match given(text) {
            Some(value) if !options.contains(&value.as_str()) => Err(AppError::invalid(
                field,
                Problem::NotAnOption {
                    options: options.iter().map(|option| (*option).to_owned()).collect(),
                },
            )),
            value => Ok(value),
        };
        let number_ending = given(&query.number)
            .map(|digits| {
                if (1..=4).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
                    Ok(digits)
                } else {
                    Err(AppError::invalid("number", Problem::NumberEnding))
                }
            })
            .transpose()?;
        const HOUR_MS: i64 = 60 * 60 * 1000;
        let within_ms = match given(&query.period).as_deref() {
            None => None,
            Some("24h") => Some(24 * HOUR_MS),
            Some("7d") => Some(7 * 24 * HOUR_MS),
            Some("30d") => Some(30 * 24 * HOUR_MS),
            Some(_) => {
                return Err(AppError::invalid("period", Problem::ChoosePeriod));
            }
        };
        Ok(crate::ports::MessageFilter {
            verifier: given(&query.verifier)
                .map(|uid| {
                    VerifierUid::parse(&uid)
                        .map_err(|_| AppError::invalid("verifier", Problem::UnknownVerifier))
                })
                .transpose()?,
            scene: one_of(
                "scene",
                &query.scene,
                &["bind", "unbind", "sign-in", "step-up", "test", "api"],
            )?,
            status: one_of("status", &query.status, &["sent", "failed"])?,
            number_ending,
            within_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_calling_codes;

    #[test]
    fn calling_codes_are_read_from_a_loose_list() {
        assert_eq!(parse_calling_codes("86, +31 1"), Ok(vec![86, 31, 1]));
        assert_eq!(parse_calling_codes("  "), Ok(vec![]));
        assert!(parse_calling_codes("86, NL").is_err());
    }
}

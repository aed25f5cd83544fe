//! The words for every error, from the `errors` catalogue: the one place an [`AppError`] becomes
//! a sentence. English is also its `Display`, for logs and tests.

use std::fmt;

use super::{AppError, Problem};
use crate::{
    i18n::{Locale, td_string},
    pages::provider_words::setting_label,
    types::NumberKind,
};

impl AppError {
    /// The sentence a reader of `locale` sees.
    pub fn text(&self, locale: Locale) -> String {
        let wait = |seconds: u64| wait_text(locale, seconds);
        match self {
            Self::Invalid { problem, .. } | Self::Conflict { problem, .. } => problem.text(locale),
            Self::InvalidCredentials => td_string!(locale, errors.invalid_credentials).to_owned(),
            Self::Unauthenticated => td_string!(locale, errors.unauthenticated).to_owned(),
            Self::Forbidden => td_string!(locale, errors.forbidden).to_owned(),
            Self::PasswordRequired => td_string!(locale, errors.password_required).to_owned(),
            Self::PasswordConfirmationNeeded => {
                td_string!(locale, errors.password_confirmation_needed).to_owned()
            }
            Self::CrossOrigin => td_string!(locale, errors.cross_origin).to_owned(),
            Self::SignUpClosed => td_string!(locale, errors.sign_up_closed).to_owned(),
            Self::SetupDone => td_string!(locale, errors.setup_done).to_owned(),
            Self::NotFound => td_string!(locale, errors.not_found).to_owned(),
            Self::ResendTooSoon { retry_after_secs } => {
                td_string!(locale, errors.resend_too_soon, seconds = retry_after_secs)
            }
            Self::RateLimited { retry_after_secs } => {
                td_string!(locale, errors.rate_limited, wait = wait(*retry_after_secs))
            }
            Self::TooManyNumbers { retry_after_secs } => {
                td_string!(
                    locale,
                    errors.too_many_numbers,
                    wait = wait(*retry_after_secs)
                )
            }
            Self::TooManyCodesToday { retry_after_secs } => {
                td_string!(
                    locale,
                    errors.too_many_codes_today,
                    wait = wait(*retry_after_secs)
                )
            }
            Self::TooManyFromClient { retry_after_secs } => {
                td_string!(
                    locale,
                    errors.too_many_from_client,
                    wait = wait(*retry_after_secs)
                )
            }
            Self::CountryPaused { retry_after_secs } => {
                td_string!(
                    locale,
                    errors.country_paused,
                    wait = wait(*retry_after_secs)
                )
            }
            Self::DailyBudgetSpent { retry_after_secs } => {
                td_string!(
                    locale,
                    errors.daily_budget_spent,
                    wait = wait(*retry_after_secs)
                )
            }
            Self::TooManySignIns { retry_after_secs } => {
                td_string!(
                    locale,
                    errors.too_many_sign_ins,
                    wait = wait(*retry_after_secs)
                )
            }
            Self::TooManySignUps { retry_after_secs } => {
                td_string!(
                    locale,
                    errors.too_many_sign_ups,
                    wait = wait(*retry_after_secs)
                )
            }
            Self::WrongCode { attempts_left: 0 } => {
                td_string!(locale, errors.wrong_code_no_attempts_left).to_owned()
            }
            Self::WrongCode { attempts_left: 1 } => {
                td_string!(locale, errors.wrong_code_one_attempt_left).to_owned()
            }
            Self::WrongCode { attempts_left } => {
                td_string!(
                    locale,
                    errors.wrong_code_attempts_left,
                    count = attempts_left
                )
            }
            Self::CodeExpired => td_string!(locale, errors.code_expired).to_owned(),
            Self::TooManyAttempts => td_string!(locale, errors.too_many_attempts).to_owned(),
            Self::NumberLocked { retry_after_secs } => {
                td_string!(locale, errors.number_locked, wait = wait(*retry_after_secs))
            }
            Self::ProviderFailed => td_string!(locale, errors.provider_failed).to_owned(),
            Self::BadRequest => td_string!(locale, errors.bad_request).to_owned(),
            Self::Unreachable => td_string!(locale, errors.unreachable).to_owned(),
            Self::Internal { reference } => {
                td_string!(locale, errors.internal, reference = reference)
            }
        }
    }
}

impl Problem {
    /// The sentence a reader of `locale` sees beside the field.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Self::EnterUsername => td_string!(locale, errors.enter_username).to_owned(),
            Self::UsernameLength { min, max } => {
                td_string!(locale, errors.username_length, min = min, max = max)
            }
            Self::UsernameCharacters => td_string!(locale, errors.username_characters).to_owned(),
            Self::UsernameTaken => td_string!(locale, errors.username_taken).to_owned(),
            Self::PasswordTooShort { min } => {
                td_string!(locale, errors.password_too_short, min = min)
            }
            Self::PasswordTooLong { max } => {
                td_string!(locale, errors.password_too_long, max = max)
            }
            Self::PasswordTooCommon => td_string!(locale, errors.password_too_common).to_owned(),
            Self::PasswordsDiffer => td_string!(locale, errors.passwords_differ).to_owned(),
            Self::WrongPassword => td_string!(locale, errors.wrong_password).to_owned(),
            Self::WrongSetupToken => td_string!(locale, errors.wrong_setup_token).to_owned(),
            Self::PhoneWithoutCountryCode => {
                td_string!(locale, errors.phone_without_country_code).to_owned()
            }
            Self::EnterPhone => td_string!(locale, errors.enter_phone).to_owned(),
            Self::PhoneTooLong => td_string!(locale, errors.phone_too_long).to_owned(),
            Self::PhoneDigitsOnly => td_string!(locale, errors.phone_digits_only).to_owned(),
            Self::ChooseCountry => td_string!(locale, errors.choose_country).to_owned(),
            Self::InvalidPhone => td_string!(locale, errors.invalid_phone).to_owned(),
            Self::InvalidPhoneForCountry => {
                td_string!(locale, errors.invalid_phone_for_country).to_owned()
            }
            Self::CountryNotAllowed => td_string!(locale, errors.country_not_allowed).to_owned(),
            Self::NumberKindRefused(kind) => {
                td_string!(
                    locale,
                    errors.number_kind_refused,
                    kind = kind_name(locale, *kind)
                )
            }
            Self::Undeliverable => td_string!(locale, errors.undeliverable).to_owned(),
            Self::SendCodeFirst => td_string!(locale, errors.send_code_first).to_owned(),
            Self::AlreadyBound => td_string!(locale, errors.already_bound).to_owned(),
            Self::NumberTaken => td_string!(locale, errors.number_taken).to_owned(),
            Self::ChooseBoundMethod => td_string!(locale, errors.choose_bound_method).to_owned(),
            Self::UidFormat => td_string!(locale, errors.uid_format).to_owned(),
            Self::UidTaken => td_string!(locale, errors.uid_taken).to_owned(),
            Self::ChooseProvider => td_string!(locale, errors.choose_provider).to_owned(),
            Self::ChooseFallback => td_string!(locale, errors.choose_fallback).to_owned(),
            Self::FallbackSameAsPrimary => {
                td_string!(locale, errors.fallback_same_as_primary).to_owned()
            }
            Self::MissingSetting {
                provider,
                key,
                setting,
            } => {
                let setting = setting_label(locale, provider, key, setting);
                td_string!(locale, errors.missing_setting, setting = setting)
            }
            Self::SecretNeededAgain {
                provider,
                key,
                setting,
            } => {
                let setting = setting_label(locale, provider, key, setting);
                td_string!(locale, errors.secret_needed_again, setting = setting)
            }
            Self::PrivateEndpoint {
                provider,
                key,
                setting,
            } => {
                let setting = setting_label(locale, provider, key, setting);
                td_string!(locale, errors.private_endpoint, setting = setting)
            }
            Self::NotAnOption { options } => {
                td_string!(locale, errors.not_an_option, options = options.join(", "))
            }
            Self::OutOfRange { low, high } => {
                td_string!(locale, errors.out_of_range, low = low, high = high)
            }
            Self::WholeNumber => td_string!(locale, errors.whole_number).to_owned(),
            Self::NotACallingCode { text } => {
                td_string!(locale, errors.not_a_calling_code, text = text)
            }
            Self::VerifierGone { uid } => td_string!(locale, errors.verifier_gone, uid = uid),
            Self::UnknownVerifier => td_string!(locale, errors.unknown_verifier).to_owned(),
            Self::KeyNameLength => td_string!(locale, errors.key_name_length).to_owned(),
            Self::ChooseAtLeastOneVerifier => {
                td_string!(locale, errors.choose_at_least_one_verifier).to_owned()
            }
            Self::ChooseListedVerifiers => {
                td_string!(locale, errors.choose_listed_verifiers).to_owned()
            }
            Self::PageNegative => td_string!(locale, errors.page_negative).to_owned(),
            Self::ChooseAction => td_string!(locale, errors.choose_action).to_owned(),
            Self::ChoosePeriod => td_string!(locale, errors.choose_period).to_owned(),
            Self::NumberEnding => td_string!(locale, errors.number_ending).to_owned(),
            Self::TitleLength => td_string!(locale, errors.title_length).to_owned(),
            Self::DescriptionLength => td_string!(locale, errors.description_length).to_owned(),
            Self::UnknownLanguage => td_string!(locale, errors.unknown_language).to_owned(),
            Self::MessageText { max } => td_string!(locale, errors.message_text, max = max),
        }
    }
}

/// How long to wait, in the unit a reader would use: seconds up to a minute and a half,
/// minutes up to an hour and a half, then hours (rounded up).
fn wait_text(locale: Locale, seconds: u64) -> String {
    match seconds {
        0..=90 => td_string!(locale, errors.wait_seconds, count = seconds),
        91..=5400 => td_string!(locale, errors.wait_minutes, count = seconds.div_ceil(60)),
        _ => td_string!(locale, errors.wait_hours, count = seconds.div_ceil(3600)),
    }
}

/// A kind of number as an adjective: "premium-rate" numbers.
pub fn kind_name(locale: Locale, kind: NumberKind) -> &'static str {
    match kind {
        NumberKind::Mobile => td_string!(locale, errors.kind_mobile),
        NumberKind::FixedLine => td_string!(locale, errors.kind_fixed_line),
        NumberKind::PremiumRate => td_string!(locale, errors.kind_premium_rate),
        NumberKind::SharedCost => td_string!(locale, errors.kind_shared_cost),
        NumberKind::TollFree => td_string!(locale, errors.kind_toll_free),
        NumberKind::Uan => td_string!(locale, errors.kind_uan),
        NumberKind::Voicemail => td_string!(locale, errors.kind_voicemail),
        NumberKind::Pager => td_string!(locale, errors.kind_pager),
        NumberKind::Other => td_string!(locale, errors.kind_other),
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::en))
    }
}

impl std::error::Error for AppError {}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::en))
    }
}

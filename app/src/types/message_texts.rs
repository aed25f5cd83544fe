use std::collections::BTreeMap;

use leptos_i18n::Locale as _;
use serde::{Deserialize, Serialize};

use crate::{
    AppError,
    error::Problem,
    i18n::{Locale, td_string},
};

/// The longest message text a verifier may set: two SMS segments of UCS-2 (Chinese) text.
pub const MAX_TEXT_CHARS: usize = 140;

/// What the code message says, per language, for providers that send free text (Twilio, the
/// webhook, the sandbox). A language without one gets the built-in text of that language; a
/// text's `{code}` is replaced by the code and `{minutes}` by its lifetime.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageTexts(BTreeMap<String, String>);

impl MessageTexts {
    /// The texts an administrator typed, by language tag; empty ones are dropped (the
    /// built-in text applies), unknown languages are refused.
    pub fn from_form(typed: impl IntoIterator<Item = (String, String)>) -> Result<Self, AppError> {
        let mut texts = BTreeMap::new();
        for (tag, text) in typed {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let field = format!("message_texts.{tag}");
            if !Locale::get_all()
                .iter()
                .any(|locale| locale.as_str() == tag)
            {
                return Err(AppError::invalid(&field, Problem::UnknownLanguage));
            }
            if !text.contains("{code}") || text.chars().count() > MAX_TEXT_CHARS {
                return Err(AppError::invalid(
                    &field,
                    Problem::MessageText {
                        max: MAX_TEXT_CHARS,
                    },
                ));
            }
            texts.insert(tag, text.to_owned());
        }
        Ok(Self(texts))
    }

    /// The text set for `locale`, if any.
    pub fn get(&self, locale: Locale) -> Option<&str> {
        self.0.get(locale.as_str()).map(String::as_str)
    }

    /// The message for one code in `locale`.
    pub fn render(&self, locale: Locale, verifier: &str, code: &str, minutes: u32) -> String {
        match self.get(locale) {
            Some(text) => text
                .replace("{code}", code)
                .replace("{minutes}", &minutes.to_string()),
            None => td_string!(
                locale,
                sms.default_text,
                verifier = verifier,
                code = code,
                minutes = minutes
            ),
        }
    }
}

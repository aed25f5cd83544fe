//! The `locale` / `Locale` parameter: the language the code message is written in.

use app::i18n::{I18nLocaleTrait as _, Locale};

/// The language asked for by a checked tag: the nearest one Verigate writes (`zh-CN` is `zh`,
/// `nl-BE` is `nl`), English for an unknown one; `None` without a tag (the number's country
/// chooses then).
pub fn message_locale(tag: Option<&str>) -> Option<Locale> {
    tag.map(|tag| Locale::find_locale(&[tag]))
}

/// A short BCP 47-like tag: a 2–3 letter language and subtags of 1–8 letters or digits.
pub fn is_locale(text: &str) -> bool {
    let mut parts = text.split('-');
    let language = parts.next().unwrap_or_default();
    text.len() <= 35
        && (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use app::i18n::Locale;

    use super::{is_locale, message_locale};

    #[test]
    fn a_tag_chooses_the_nearest_language_and_english_for_others() {
        assert_eq!(message_locale(Some("zh-CN")), Some(Locale::zh));
        assert_eq!(message_locale(Some("nl")), Some(Locale::nl));
        assert_eq!(message_locale(Some("nl-BE")), Some(Locale::nl));
        assert_eq!(message_locale(Some("en-GB")), Some(Locale::en));
        assert_eq!(message_locale(Some("fr")), Some(Locale::en));
        assert_eq!(message_locale(None), None);
    }

    #[test]
    fn locales_are_short_language_tags() {
        for good in ["en", "zh-CN", "pt-BR", "zh-Hant-TW", "yue"] {
            assert!(is_locale(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "english",
            "en_US",
            "en-",
            "-en",
            "en-toolongsubtag",
            "1a",
        ] {
            assert!(!is_locale(bad), "{bad}");
        }
    }
}

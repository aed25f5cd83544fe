//! The `locale` / `Locale` parameter: accepted and checked, not yet used (messages are in one
//! language for now).

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
    use super::is_locale;

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

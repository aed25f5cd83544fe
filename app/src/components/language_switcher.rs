use leptos::prelude::*;
use leptos_i18n::{Locale as _, context::UseLocalesOptions};

use crate::i18n::{Locale, t_string, td_string, use_i18n};

/// The cookie that keeps the chosen language; the server renders pages and writes codes in it.
pub const LOCALE_COOKIE: &str = "verigate_locale";

/// How long the chosen language is remembered: a year, renewed by every change.
const LOCALE_COOKIE_MAX_AGE_SECONDS: u32 = 365 * 24 * 60 * 60;

/// The `Set-Cookie`-style line that keeps `locale`: for the whole site (not only the page it was
/// chosen on), for a year, and not sent along with requests from other sites.
fn locale_cookie(locale: Locale) -> String {
    format!(
        "{LOCALE_COOKIE}={}; path=/; max-age={LOCALE_COOKIE_MAX_AGE_SECONDS}; samesite=lax",
        locale.as_str()
    )
}

/// How the server picks the language a page is rendered in: the reader's choice from the
/// cookie, else `Accept-Language` (the same rule that words the codes they ask for). The browser
/// needs none: it hydrates in the language of `<html lang>`, which the server set.
pub fn rendered_locale() -> UseLocalesOptions {
    let options = UseLocalesOptions::default();
    #[cfg(feature = "ssr")]
    let options =
        options.ssr_lang_header_getter(|| Some(crate::api::reader_locale().as_str().to_owned()));
    options
}

/// Keeps the reader's choice for the next page the server renders. Written here rather than
/// by leptos_i18n's cookie feature: that one brings a cookie and date library into the bundle
/// every page loads (38 KB of its gzip size), and sets the cookie on a first visit, before
/// anyone chose.
fn remember(locale: Locale) {
    let line = locale_cookie(locale);
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast as _;
        let document: web_sys::HtmlDocument = document().unchecked_into();
        if let Err(error) = document.set_cookie(&line) {
            leptos::logging::warn!("could not keep the language in a cookie: {error:?}");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = line;
}

/// The language menu in the header. Each language is named in itself, so a reader finds their
/// own whatever the page is in now.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |event| {
        let chosen = event_target_value(&event);
        if let Some(locale) = Locale::get_all()
            .iter()
            .find(|locale| locale.as_str() == chosen)
        {
            i18n.set_locale(*locale);
            remember(*locale);
        }
    };
    view! {
        <select
            class="language"
            aria-label=move || t_string!(i18n, common.language_menu)
            data-testid="language"
            on:change=on_change
        >
            {Locale::get_all()
                .iter()
                .map(|&locale| {
                    view! {
                        <option
                            value=locale.as_str()
                            lang=locale.as_str()
                            selected=move || i18n.get_locale() == locale
                        >
                            {td_string!(locale, common.language_name)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::{Locale, locale_cookie};

    #[test]
    fn the_cookie_keeps_the_language_for_the_whole_site_for_a_year() {
        assert_eq!(
            locale_cookie(Locale::zh),
            "verigate_locale=zh; path=/; max-age=31536000; samesite=lax"
        );
    }
}

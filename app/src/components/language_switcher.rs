use leptos::prelude::*;
use leptos_i18n::{Locale as _, context::CookieOptions};

use crate::i18n::{Locale, t_string, td_string, use_i18n};

/// The cookie that keeps the chosen language; the server renders pages and writes codes in it.
pub const LOCALE_COOKIE: &str = "verigate_locale";

/// How long the chosen language is remembered: a year, renewed by every change.
const LOCALE_COOKIE_MAX_AGE_MS: i64 = 365 * 24 * 60 * 60 * 1000;

/// The language cookie: for the whole site (not only the page it was chosen on), kept for a
/// year, and not sent along with requests from other sites.
pub fn locale_cookie_options() -> CookieOptions<Locale> {
    CookieOptions::default()
        .path("/")
        .max_age(LOCALE_COOKIE_MAX_AGE_MS)
        .same_site(leptos_use::SameSite::Lax)
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

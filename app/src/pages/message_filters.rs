//! The Messages page's filters: a plain GET form, so the filter lives in the URL, works without
//! JavaScript and survives a reload; the pager's links carry it along.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::text::t;
use crate::{
    api::list_verifiers,
    dto::MessageQuery,
    i18n::{Locale, t_string, td_string, use_i18n},
};

const SCENES: &[&str] = &["bind", "unbind", "sign-in", "step-up", "test", "api"];
const STATUSES: &[&str] = &["sent", "failed"];
const PERIODS: &[&str] = &["24h", "7d", "30d"];

/// What a filter option, or a log cell, says for a scene, status or period as the URL names it.
pub fn option_text(locale: Locale, value: &str) -> &'static str {
    match value {
        "bind" => td_string!(locale, messages.scene_bind),
        "unbind" => td_string!(locale, messages.scene_unbind),
        "sign-in" => td_string!(locale, messages.scene_sign_in),
        "step-up" => td_string!(locale, messages.scene_step_up),
        "test" => td_string!(locale, messages.scene_test),
        "api" => td_string!(locale, messages.scene_api),
        "sent" => td_string!(locale, messages.status_sent),
        "failed" => td_string!(locale, messages.status_failed),
        "24h" => td_string!(locale, messages.period_24h),
        "7d" => td_string!(locale, messages.period_7d),
        "30d" => td_string!(locale, messages.period_30d),
        _ => "",
    }
}

/// The filter in the page's URL query.
pub fn filter_in(query: &ParamsMap) -> MessageQuery {
    let part = |name: &str| query.get(name).unwrap_or_default();
    MessageQuery {
        verifier: part("verifier"),
        scene: part("scene"),
        status: part("status"),
        number: part("number"),
        period: part("period"),
    }
}

/// `?page=…&…`: a page of the log under `filter`.
pub fn page_link(filter: &MessageQuery, page: i64) -> String {
    let mut link = format!("?page={page}");
    for (name, value) in [
        ("verifier", &filter.verifier),
        ("scene", &filter.scene),
        ("status", &filter.status),
        ("number", &filter.number),
        ("period", &filter.period),
    ] {
        if !value.is_empty() {
            link.push_str(&format!("&{name}={}", encode(value)));
        }
    }
    link
}

/// Percent-encodes everything but letters, digits, `-` and `_`.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => char::from(byte).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[component]
pub fn MessageFilters(filter: MessageQuery) -> impl IntoView {
    let i18n = use_i18n();
    let verifiers = Resource::new(|| (), |()| list_verifiers());
    let chosen_verifier = filter.verifier.clone();
    view! {
        <form method="get" class="filters" role="search" aria-label=move || t_string!(i18n, messages.filter_label)>
            <label>
                {t!(i18n, messages.filter_verifier)}
                <select name="verifier">
                    <option value="">{t!(i18n, messages.any)}</option>
                    <Transition fallback=|| ()>
                        {move || {
                            let chosen = chosen_verifier.clone();
                            Suspend::new(async move {
                                verifiers
                                    .await
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|verifier| {
                                        let selected = verifier.uid == chosen;
                                        view! {
                                            <option value=verifier.uid selected=selected>
                                                {verifier.title}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })
                        }}
                    </Transition>
                </select>
            </label>
            <Choice
                label=move || t_string!(i18n, messages.filter_scene)
                name="scene"
                options=SCENES
                chosen=filter.scene
            />
            <Choice
                label=move || t_string!(i18n, messages.filter_status)
                name="status"
                options=STATUSES
                chosen=filter.status
            />
            <label>
                {t!(i18n, messages.filter_number)}
                <input name="number" inputmode="numeric" maxlength="4" size="5" value=filter.number />
            </label>
            <Choice
                label=move || t_string!(i18n, messages.filter_time)
                name="period"
                options=PERIODS
                chosen=filter.period
            />
            <button type="submit" class="button">{t!(i18n, messages.filter)}</button>
            <a href="?">{t!(i18n, messages.clear)}</a>
        </form>
    }
}

/// A select with "Any" first.
#[component]
fn Choice(
    #[prop(into)] label: TextProp,
    name: &'static str,
    /// The options' values in the URL; what they say comes from the catalogue.
    options: &'static [&'static str],
    chosen: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {move || label.get()}
            <select name=name>
                <option value="">{t!(i18n, messages.any)}</option>
                {options
                    .iter()
                    .map(|&value| {
                        view! {
                            <option value=value selected=value == chosen>
                                {move || option_text(i18n.get_locale(), value)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_keep_the_filter_and_encode_what_was_typed() {
        let filter = MessageQuery {
            verifier: "v_sms".into(),
            number: "12&x=1".into(),
            ..MessageQuery::default()
        };
        assert_eq!(
            page_link(&filter, 2),
            "?page=2&verifier=v_sms&number=12%26x%3D1"
        );
        assert_eq!(page_link(&MessageQuery::default(), 0), "?page=0");
    }
}

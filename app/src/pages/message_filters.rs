//! The Messages page's filters: a plain GET form, so the filter lives in the URL, works without
//! JavaScript and survives a reload; the pager's links carry it along.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::{api::list_verifiers, dto::MessageQuery};

const SCENES: &[(&str, &str)] = &[
    ("bind", "Bind"),
    ("unbind", "Unbind"),
    ("sign-in", "Sign-in"),
    ("step-up", "Step-up"),
    ("test", "Test SMS"),
    ("api", "API"),
];
const STATUSES: &[(&str, &str)] = &[("sent", "Sent"), ("failed", "Failed")];
const PERIODS: &[(&str, &str)] = &[
    ("24h", "Last 24 hours"),
    ("7d", "Last 7 days"),
    ("30d", "Last 30 days"),
];

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
    let verifiers = Resource::new(|| (), |()| list_verifiers());
    let chosen_verifier = filter.verifier.clone();
    view! {
        <form method="get" class="filters" role="search" aria-label="Filter messages">
            <label>
                "Verifier"
                <select name="verifier">
                    <option value="">"Any"</option>
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
            <Choice label="Scene" name="scene" options=SCENES chosen=filter.scene />
            <Choice label="Status" name="status" options=STATUSES chosen=filter.status />
            <label>
                "Number ends with"
                <input name="number" inputmode="numeric" maxlength="4" size="5" value=filter.number />
            </label>
            <Choice label="Time" name="period" options=PERIODS chosen=filter.period />
            <button type="submit" class="button">"Filter"</button>
            <a href="?">"Clear"</a>
        </form>
    }
}

/// A select with "Any" first.
#[component]
fn Choice(
    label: &'static str,
    name: &'static str,
    options: &'static [(&'static str, &'static str)],
    chosen: String,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <select name=name>
                <option value="">"Any"</option>
                {options
                    .iter()
                    .map(|(value, text)| {
                        view! { <option value=*value selected=*value == chosen>{*text}</option> }
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

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::i18n::{t_string, use_i18n};
use crate::text::t;

/// The page number in a URL query (`?page=2`); the first page when it is missing or nonsense.
pub fn page_in(query: &ParamsMap) -> i64 {
    query
        .get("page")
        .and_then(|page| page.parse::<i64>().ok())
        .unwrap_or(0)
        .max(0)
}

/// "Newer" and "Older" links around page `page` of a newest-first list; `link` makes a page's
/// URL, so the links keep whatever filter the list has.
#[component]
pub fn Pager(page: i64, has_more: bool, link: impl Fn(i64) -> String) -> impl IntoView {
    let i18n = use_i18n();
    let newer = (page > 0).then(|| link(page - 1));
    let older = has_more.then(|| link(page + 1));
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, tables.pages)>
            {newer.map(|href| view! { <a href=href>{t!(i18n, tables.newer)}</a> })}
            {older.map(|href| view! { <a href=href>{t!(i18n, tables.older)}</a> })}
        </nav>
    }
}

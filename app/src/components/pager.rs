use leptos::prelude::*;

/// "Newer" and "Older" links around page `page` of a newest-first list; `link` makes a page's
/// URL, so the links keep whatever filter the list has.
#[component]
pub fn Pager(page: i64, has_more: bool, link: impl Fn(i64) -> String) -> impl IntoView {
    let newer = (page > 0).then(|| link(page - 1));
    let older = has_more.then(|| link(page + 1));
    view! {
        <nav class="pager" aria-label="Pages">
            {newer.map(|href| view! { <a href=href>"Newer"</a> })}
            {older.map(|href| view! { <a href=href>"Older"</a> })}
        </nav>
    }
}

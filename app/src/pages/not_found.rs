use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t_string, use_i18n};
use crate::text::t;

/// Any path no route matches.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    super::PageHydrated::set_by_page();
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=move || t_string!(i18n, common.not_found_title) />
        <h1>{t!(i18n, common.not_found_heading)}</h1>
        <p>
            {t!(
                i18n,
                common.not_found_text,
                <link> = |children: ChildrenFn| view! { <a href="/">{children()}</a> }
            )}
        </p>
    }
}

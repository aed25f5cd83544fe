use leptos::prelude::*;

use crate::text::t;
use crate::{AppError, i18n::use_i18n};

/// Shows an error that stops a whole page, with the way out when there is one.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let action = match &error {
        AppError::Unauthenticated => {
            Some(view! { <a class="button" href="/sign-in">{t!(i18n, common.sign_in)}</a> })
        }
        _ => None,
    };
    view! {
        <div class="alert alert-error" role="alert">
            <p>{move || error.text(i18n.get_locale())}</p>
            {action}
        </div>
    }
}

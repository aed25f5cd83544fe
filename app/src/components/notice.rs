use leptos::prelude::*;

use crate::AppError;

/// Shows an error that stops a whole page, with the way out when there is one.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let action = match error {
        AppError::Unauthenticated => {
            Some(view! { <a class="button" href="/sign-in">"Sign in"</a> })
        }
        _ => None,
    };
    view! {
        <div class="alert alert-error" role="alert">
            <p>{error.to_string()}</p>
            {action}
        </div>
    }
}

use std::{future::IntoFuture, sync::Arc};

use leptos::prelude::*;

use super::ErrorNotice;
use crate::text::t;
use crate::{AppError, i18n::use_i18n};

/// What every page shows around the data it loads: "Loading…" until `data` is ready, then
/// `children` with it, or the error notice if loading failed.
///
/// `data` awaits the page's resources (`move || verifiers`, or an `async` block awaiting
/// several); it runs again whenever one of them changes.
#[component]
pub fn Loaded<T, Fut, Chil, V>(
    data: impl Fn() -> Fut + Send + Sync + 'static,
    children: Chil,
    /// Keeps what is shown on screen while reloading (a `Transition`), instead of going back to
    /// "Loading…" (a `Suspense`).
    #[prop(optional)]
    keep_shown: bool,
) -> impl IntoView
where
    T: Send + 'static,
    Fut: IntoFuture<Output = Result<T, AppError>>,
    Fut::IntoFuture: Send + 'static,
    Chil: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let children = Arc::new(children);
    let content = move || {
        let (loading, children) = (data().into_future(), Arc::clone(&children));
        Suspend::new(async move {
            match loading.await {
                Ok(value) => children(value).into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            }
        })
    };
    let fallback = move || view! { <p class="muted">{t!(i18n, common.loading)}</p> };
    if keep_shown {
        view! { <Transition fallback>{content}</Transition> }.into_any()
    } else {
        view! { <Suspense fallback>{content}</Suspense> }.into_any()
    }
}

use leptos::prelude::*;
use leptos_meta::Title;

use super::{bind_panel::BindPanel, unbind_panel::UnbindPanel};
use crate::text::t;
use crate::{
    AppError,
    api::my_verifiers,
    components::{AuthContext, Loaded},
    dto::MyVerifier,
    i18n::{t_string, use_i18n},
};

/// What a row's panel shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    Closed,
    Bind,
    Unbind,
}

/// Every signed-in user: one row per verifier, with "Bind" or "Unbind".
#[component]
pub fn MyVerificationPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = AuthContext::get();
    // Bumped after a bind or unbind, to reload the rows.
    let changed = RwSignal::new(0u32);
    let verifiers = Resource::new(move || changed.get(), |_| my_verifiers());
    view! {
        <Title text=move || t_string!(i18n, verification.title) />
        <h1>{t!(i18n, verification.title)}</h1>
        <Loaded
            keep_shown=true
            data=move || async move {
                // Anonymous visitors are asked to sign in.
                if auth.user.await.ok().flatten().is_none() {
                    return Err(AppError::Unauthenticated);
                }
                verifiers.await
            }
            let:list
        >
            {if list.is_empty() {
                view! {
                    <div class="empty-state">
                        <p>{t!(i18n, verification.empty)}</p>
                        <p class="muted">{t!(i18n, verification.empty_hint)}</p>
                    </div>
                }
                    .into_any()
            } else {
                let bound: Vec<MyVerifier> = list.iter().filter(|v| v.bound.is_some()).cloned().collect();
                view! {
                    <p class="muted">{t!(i18n, verification.intro)}</p>
                    <ul class="verifier-list">
                        {list
                            .into_iter()
                            .map(|verifier| view! { <VerifierRow verifier bound=bound.clone() changed /> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Loaded>
    }
}

#[component]
fn VerifierRow(
    verifier: MyVerifier,
    bound: Vec<MyVerifier>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    // A bind that was under way before a reload opens again where it was.
    let initial = if verifier.pending_bind.is_some() {
        Panel::Bind
    } else {
        Panel::Closed
    };
    let i18n = use_i18n();
    let panel = RwSignal::new(initial);
    let configured = verifier.bound.is_some();
    let title = verifier.title.clone();
    let done = Callback::new(move |()| {
        panel.set(Panel::Closed);
        changed.update(|n| *n += 1);
    });
    let cancel = Callback::new(move |()| panel.set(Panel::Closed));
    view! {
        <li class="verifier-row card" data-testid=format!("verifier-{}", verifier.uid)>
            <div class="verifier-head">
                <div>
                    <strong>{title}</strong>
                    {if configured {
                        view! { <span class="tag">{t!(i18n, verification.configured)}</span> }.into_any()
                    } else {
                        view! { <span class="tag tag-muted">{t!(i18n, verification.not_configured)}</span> }
                            .into_any()
                    }}
                    {verifier.bound.clone().map(|masked| view! { <div class="muted" data-testid="bound-number">{masked}</div> })}
                </div>
                <Show when=move || panel.get() == Panel::Closed>
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid=if configured { "unbind" } else { "bind" }
                        on:click=move |_| panel.set(if configured { Panel::Unbind } else { Panel::Bind })
                    >
                        {move || {
                            if configured {
                                t_string!(i18n, verification.unbind)
                            } else {
                                t_string!(i18n, verification.bind)
                            }
                        }}
                    </button>
                </Show>
            </div>
            {
                let verifier = verifier.clone();
                let bound = bound.clone();
                move || match panel.get() {
                    Panel::Closed => ().into_any(),
                    Panel::Bind => view! { <BindPanel verifier=verifier.clone() done cancel /> }.into_any(),
                    Panel::Unbind => {
                        view! { <UnbindPanel verifier=verifier.clone() bound=bound.clone() done cancel /> }
                            .into_any()
                    }
                }
            }
        </li>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;

use crate::text::t;
use crate::{
    AppError,
    api::setup_status,
    components::{AuthContext, Loaded},
    i18n::{t_string, use_i18n},
};

/// The start page: a fresh installation's leads to the first-run page, everyone else's on.
#[component]
pub fn HomePage() -> impl IntoView {
    super::PageHydrated::set_by_page();
    let i18n = use_i18n();
    let auth = AuthContext::get();
    let needs_setup = Resource::new(|| (), |_| setup_status());
    view! {
        <Title text=move || t_string!(i18n, account.home_title) />
        <Loaded
            data=move || async move {
                let needs_setup = needs_setup.await.unwrap_or(false);
                let user = auth.user.await.ok().flatten();
                Ok::<_, AppError>((needs_setup, user, auth.links_to_sign_up().await))
            }
            let:start
        >
            {match start {
                // The server sends a fresh installation's start page to /setup before rendering
                // it; this is for a browser that navigates here itself.
                (true, _, _) => {
                    view! {
                        <p class="lead">{t!(i18n, account.setup_welcome)}</p>
                        <p class="actions">
                            <a class="button" href="/setup">
                                {t!(i18n, account.create_administrator)}
                            </a>
                        </p>
                    }
                        .into_any()
                }
                (false, Some(user), _) => {
                    view! {
                        <h1>{t!(i18n, account.welcome_back, username = user.username)}</h1>
                        <p>
                            {t!(
                                i18n,
                                account.home_manage_numbers,
                                <link> = |children: ChildrenFn| view! { <a href="/me/verification">{children()}</a> }
                            )}
                        </p>
                    }
                        .into_any()
                }
                (false, None, links_to_sign_up) => {
                    view! {
                        <h1>{t!(i18n, account.home_headline)}</h1>
                        <p class="lead">{t!(i18n, account.home_lead)}</p>
                        <p class="actions">
                            <a class="button" href="/sign-in">{t!(i18n, common.sign_in)}</a>
                            {links_to_sign_up.then(|| view! {
                                <a class="button button-secondary" href="/sign-up">
                                    {t!(i18n, account.create_an_account)}
                                </a>
                            })}
                        </p>
                    }
                        .into_any()
                }
            }}
        </Loaded>
    }
}

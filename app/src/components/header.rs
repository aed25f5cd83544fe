use leptos::prelude::*;

use super::{AuthContext, LanguageSwitcher};
use crate::dto::CurrentUser;
use crate::i18n::{t_string, use_i18n};
use crate::text::t;

/// The top bar: product name, navigation for the signed-in user, the language menu, and sign-in
/// or sign-out.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = AuthContext::get();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                "Verigate"
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.user.await.ok().flatten() {
                        Some(user) => view! { <SignedInNav user /> }.into_any(),
                        None => {
                            let sign_up = auth.links_to_sign_up().await.then(|| {
                                view! { <a href="/sign-up">{t!(i18n, common.sign_up)}</a> }
                            });
                            view! {
                                <nav class="nav" aria-label=move || t_string!(i18n, common.nav_account)>
                                    <a href="/sign-in">{t!(i18n, common.sign_in)}</a>
                                    {sign_up}
                                </nav>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
            <LanguageSwitcher />
        </header>
    }
}

#[component]
fn SignedInNav(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let auth = AuthContext::get();
    let admin_links = user.is_admin().then(|| {
        view! {
            <a href="/admin/verification">{t!(i18n, common.nav_verification)}</a>
            <a href="/admin/messages">{t!(i18n, common.nav_messages)}</a>
            <a href="/admin/insights">{t!(i18n, common.nav_insights)}</a>
            <a href="/admin/api-keys">{t!(i18n, common.nav_api_keys)}</a>
            <a href="/admin/api">{t!(i18n, common.nav_api)}</a>
            <a href="/admin/audit">{t!(i18n, common.nav_audit_log)}</a>
        }
    });
    view! {
        <nav class="nav" aria-label=move || t_string!(i18n, common.nav_main)>
            {admin_links}
            <a href="/me/verification">{t!(i18n, common.nav_my_verification)}</a>
        </nav>
        <div class="account">
            <span class="who" data-testid="signed-in-user">
                {user.username}
            </span>
            <ActionForm action=auth.sign_out>
                <button type="submit" class="link-button">
                    {t!(i18n, common.sign_out)}
                </button>
            </ActionForm>
        </div>
    }
}

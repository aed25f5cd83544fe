use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::sms_sign_in::SmsSignIn;
use crate::text::t;
use crate::{
    components::{AuthContext, Field, FormError, SubmitButton, error_of},
    i18n::{t_string, use_i18n},
};

/// Sign in: two tabs, "Password" and "SMS code" (links, so they work before hydration too).
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = AuthContext::get();
    let query = use_query_map();
    let sms = move || query.read().get("method").as_deref() == Some("sms");
    view! {
        <Title text=move || t_string!(i18n, common.sign_in) />
        <section class="card narrow">
            <h1>{t!(i18n, common.sign_in)}</h1>
            <nav class="tabs" role="tablist" aria-label=move || t_string!(i18n, account.sign_in_methods)>
                <a href="/sign-in" role="tab" aria-selected=move || (!sms()).to_string()>
                    {t!(i18n, account.method_password)}
                </a>
                <a href="/sign-in?method=sms" role="tab" aria-selected=move || sms().to_string()>
                    {t!(i18n, account.method_sms)}
                </a>
            </nav>
            {move || if sms() { view! { <SmsSignIn /> }.into_any() } else { view! { <PasswordSignIn /> }.into_any() }}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    auth.links_to_sign_up().await.then(|| view! {
                        <p class="muted">
                            {t!(
                                i18n,
                                account.no_account_yet,
                                <link> = |children: ChildrenFn| view! { <a href="/sign-up">{children()}</a> }
                            )}
                        </p>
                    })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PasswordSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let auth = AuthContext::get();
    let error = error_of(auth.sign_in);
    view! {
        <ActionForm action=auth.sign_in>
            <FormError error />
            <Field
                label=move || t_string!(i18n, account.username)
                name="username"
                autocomplete="username"
                error
            />
            <Field
                label=move || t_string!(i18n, account.password)
                name="password"
                kind="password"
                autocomplete="current-password"
                error
            />
            <SubmitButton pending=auth.sign_in.pending()>
                {t!(i18n, common.sign_in)}
            </SubmitButton>
        </ActionForm>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::sign_up::AccountFields;
use crate::text::t;
use crate::{
    api::setup_status,
    components::{AuthContext, Field, FormError, Loaded, SubmitButton, error_of},
    i18n::{t_string, use_i18n},
};

/// First run: create the first administrator. Only while no administrator exists, and only
/// with the setup token the server printed at start (the link it printed fills it in).
#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = AuthContext::get();
    let error = error_of(auth.create_first_admin);
    let token = use_query_map().with_untracked(|query| query.get("token").unwrap_or_default());
    let needs_setup = Resource::new(|| (), |_| setup_status());
    view! {
        <Title text=move || t_string!(i18n, account.create_administrator) />
        <Loaded data=move || needs_setup let:needs_setup>
            {if !needs_setup {
                    view! {
                        <section class="card narrow">
                            <h1>{t!(i18n, account.setup_done)}</h1>
                            <p>{t!(i18n, account.administrator_exists)}</p>
                            <a class="button" href="/sign-in">{t!(i18n, common.sign_in)}</a>
                        </section>
                    }
                        .into_any()
                } else {
                    let token = token.clone();
                    view! {
                        <section class="card narrow">
                            <h1>{t!(i18n, account.create_administrator)}</h1>
                            <p class="muted">{t!(i18n, account.setup_welcome)}</p>
                            <ActionForm action=auth.create_first_admin>
                                <FormError error />
                                <Field
                                    label=move || t_string!(i18n, account.setup_token)
                                    name="setup_token"
                                    value=token
                                    hint=move || t_string!(i18n, account.setup_token_hint)
                                    error
                                />
                                <AccountFields error />
                                <SubmitButton pending=auth.create_first_admin.pending()>
                                    {t!(i18n, account.create_administrator)}
                                </SubmitButton>
                            </ActionForm>
                        </section>
                    }
                        .into_any()
            }}
        </Loaded>
    }
}

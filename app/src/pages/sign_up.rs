use leptos::prelude::*;
use leptos_meta::Title;

use crate::text::t;
use crate::{
    AppError,
    components::{AuthContext, Field, FormError, Loaded, SubmitButton, error_of},
    i18n::{t_string, use_i18n},
};

/// Create an ordinary account, unless sign-up is closed (administrators create them then).
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = AuthContext::get();
    let error = error_of(auth.sign_up);
    view! {
        <Title text=move || t_string!(i18n, common.sign_up) />
        <section class="card narrow">
            <h1>{t!(i18n, account.create_an_account)}</h1>
            <Loaded data=move || auth.sign_up_open let:open>
                {if open {
                        view! {
                            <ActionForm action=auth.sign_up>
                                <FormError error />
                                <AccountFields error />
                                <SubmitButton pending=auth.sign_up.pending()>
                                    {t!(i18n, common.sign_up)}
                                </SubmitButton>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! { <p role="status">{move || AppError::SignUpClosed.text(i18n.get_locale())}</p> }.into_any()
                }}
            </Loaded>
            <p class="muted">
                {t!(
                    i18n,
                    account.already_have_account,
                    <link> = |children: ChildrenFn| view! { <a href="/sign-in">{children()}</a> }
                )}
            </p>
        </section>
    }
}

/// Username, new password and its confirmation: shared by sign-up and the first-run page.
#[component]
pub fn AccountFields(error: Signal<Option<crate::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Field
            label=move || t_string!(i18n, account.username)
            name="username"
            autocomplete="username"
            hint=move || t_string!(i18n, account.username_hint)
            error
        />
        <Field
            label=move || t_string!(i18n, account.password)
            name="password"
            kind="password"
            autocomplete="new-password"
            hint=move || t_string!(i18n, account.password_hint)
            error
        />
        <Field
            label=move || t_string!(i18n, account.repeat_password)
            name="password_confirmation"
            kind="password"
            autocomplete="new-password"
            error
        />
    }
}

use leptos::prelude::*;

use super::sign_up::AccountFields;
use crate::text::t;
use crate::{
    api::CreateAccount,
    components::{FormError, SubmitButton, error_of},
    i18n::use_i18n,
};

/// Administrators: create an ordinary account with a first password, whether sign-up is open or
/// closed. The administrator stays signed in as themselves.
#[component]
pub fn NewAccountSection() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateAccount>::new();
    let error = error_of(create);
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <section class="card form-section" aria-labelledby="new-account-heading">
            <h2 id="new-account-heading">{t!(i18n, account.create_an_account)}</h2>
            <p class="hint">{t!(i18n, account.new_account_hint)}</p>
            {move || {
                created()
                    .map(|username| {
                        view! {
                            <p class="alert alert-ok" role="status">
                                {t!(i18n, account.account_created, username)}
                            </p>
                        }
                    })
            }}
            <ActionForm action=create>
                <FormError error />
                <AccountFields error />
                <SubmitButton pending=create.pending()>
                    {t!(i18n, account.create_account)}
                </SubmitButton>
            </ActionForm>
        </section>
    }
}

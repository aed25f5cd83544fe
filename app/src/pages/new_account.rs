use leptos::prelude::*;

use super::sign_up::AccountFields;
use crate::{
    api::CreateAccount,
    components::{FormError, error_of},
};

/// Administrators: create an ordinary account with a first password, whether sign-up is open or
/// closed. The administrator stays signed in as themselves.
#[component]
pub fn NewAccountSection() -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    let error = error_of(create);
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <section class="card form-section" aria-labelledby="new-account-heading">
            <h2 id="new-account-heading">"Create an account"</h2>
            <p class="hint">"The person signs in with this username and password."</p>
            {move || {
                created()
                    .map(|username| {
                        view! {
                            <p class="alert alert-ok" role="status">
                                "Account “" {username} "” created."
                            </p>
                        }
                    })
            }}
            <ActionForm action=create>
                <FormError error />
                <AccountFields error />
                <button type="submit" class="button" disabled=move || create.pending().get()>
                    "Create account"
                </button>
            </ActionForm>
        </section>
    }
}

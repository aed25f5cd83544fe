use leptos::prelude::*;
use leptos_meta::Title;

use super::sign_up::AccountFields;
use crate::{
    api::setup_status,
    components::{AuthContext, FormError, Loaded, error_of},
};

/// First run: create the first administrator. Only while no administrator exists.
#[component]
pub fn SetupPage() -> impl IntoView {
    let auth = AuthContext::get();
    let error = error_of(auth.create_first_admin);
    let needs_setup = Resource::new(|| (), |_| setup_status());
    view! {
        <Title text="Create administrator" />
        <Loaded data=move || needs_setup let:needs_setup>
            {if !needs_setup {
                    view! {
                        <section class="card narrow">
                            <h1>"Set-up is done"</h1>
                            <p>"An administrator already exists."</p>
                            <a class="button" href="/sign-in">"Sign in"</a>
                        </section>
                    }
                        .into_any()
                } else {
                    view! {
                        <section class="card narrow">
                            <h1>"Create administrator"</h1>
                            <p class="muted">
                                "Welcome to Verigate. Choose the account that will manage verifiers and providers."
                            </p>
                            <ActionForm action=auth.create_first_admin>
                                <FormError error />
                                <AccountFields error />
                                <button
                                    type="submit"
                                    class="button"
                                    disabled=move || auth.create_first_admin.pending().get()
                                >
                                    "Create administrator"
                                </button>
                            </ActionForm>
                        </section>
                    }
                        .into_any()
            }}
        </Loaded>
    }
}

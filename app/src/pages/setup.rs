use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::sign_up::AccountFields;
use crate::{
    api::setup_status,
    components::{AuthContext, Field, FormError, Loaded, error_of, field_error},
};

/// First run: create the first administrator. Only while no administrator exists, and only
/// with the setup token the server printed at start (the link it printed fills it in).
#[component]
pub fn SetupPage() -> impl IntoView {
    let auth = AuthContext::get();
    let error = error_of(auth.create_first_admin);
    let token = use_query_map().with_untracked(|query| query.get("token").unwrap_or_default());
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
                    let token = token.clone();
                    view! {
                        <section class="card narrow">
                            <h1>"Create administrator"</h1>
                            <p class="muted">
                                "Welcome to Verigate. Choose the account that will manage verifiers and providers."
                            </p>
                            <ActionForm action=auth.create_first_admin>
                                <FormError error />
                                <Field
                                    label="Setup token"
                                    name="setup_token"
                                    value=token
                                    hint="Printed by the server when it started, in the link to this page."
                                    error=field_error(error, "setup_token")
                                />
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

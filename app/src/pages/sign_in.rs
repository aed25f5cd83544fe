use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{AuthContext, Field, FormError, error_of, field_error};

/// Sign in with username and password.
#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = AuthContext::get();
    let error = error_of(auth.sign_in);
    view! {
        <Title text="Sign in" />
        <section class="card narrow">
            <h1>"Sign in"</h1>
            <ActionForm action=auth.sign_in>
                <FormError error />
                <Field
                    label="Username"
                    name="username"
                    autocomplete="username"
                    error=field_error(error, "username")
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    error=field_error(error, "password")
                />
                <button type="submit" class="button" disabled=move || auth.sign_in.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
            <p class="muted">"No account yet? " <a href="/sign-up">"Sign up"</a></p>
        </section>
    }
}

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    AppError,
    api::sign_up_status,
    components::{AuthContext, Field, FormError, Loaded, error_of, field_error},
};

/// Create an ordinary account, unless sign-up is closed (administrators create them then).
#[component]
pub fn SignUpPage() -> impl IntoView {
    let auth = AuthContext::get();
    let error = error_of(auth.sign_up);
    let open = Resource::new(|| (), |_| sign_up_status());
    view! {
        <Title text="Sign up" />
        <section class="card narrow">
            <h1>"Create an account"</h1>
            <Loaded data=move || open let:open>
                {if open {
                        view! {
                            <ActionForm action=auth.sign_up>
                                <FormError error />
                                <AccountFields error />
                                <button
                                    type="submit"
                                    class="button"
                                    disabled=move || auth.sign_up.pending().get()
                                >
                                    "Sign up"
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! { <p role="status">{AppError::SignUpClosed.to_string()}</p> }.into_any()
                }}
            </Loaded>
            <p class="muted">"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
        </section>
    }
}

/// Username, new password and its confirmation: shared by sign-up and the first-run page.
#[component]
pub fn AccountFields(error: Signal<Option<crate::AppError>>) -> impl IntoView {
    view! {
        <Field
            label="Username"
            name="username"
            autocomplete="username"
            hint="3–32 letters, digits, '.', '_' or '-'."
            error=field_error(error, "username")
        />
        <Field
            label="Password"
            name="password"
            kind="password"
            autocomplete="new-password"
            hint="At least 8 characters."
            error=field_error(error, "password")
        />
        <Field
            label="Repeat the password"
            name="password_confirmation"
            kind="password"
            autocomplete="new-password"
            error=field_error(error, "password_confirmation")
        />
    }
}

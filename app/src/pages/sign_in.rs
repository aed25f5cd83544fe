use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::sms_sign_in::SmsSignIn;
use crate::components::{AuthContext, Field, FormError, error_of, field_error};

/// Sign in: two tabs, "Password" and "SMS code" (links, so they work before hydration too).
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let sms = move || query.read().get("method").as_deref() == Some("sms");
    view! {
        <Title text="Sign in" />
        <section class="card narrow">
            <h1>"Sign in"</h1>
            <nav class="tabs" role="tablist" aria-label="How to sign in">
                <a href="/sign-in" role="tab" aria-selected=move || (!sms()).to_string()>"Password"</a>
                <a href="/sign-in?method=sms" role="tab" aria-selected=move || sms().to_string()>"SMS code"</a>
            </nav>
            {move || if sms() { view! { <SmsSignIn /> }.into_any() } else { view! { <PasswordSignIn /> }.into_any() }}
            <p class="muted">"No account yet? " <a href="/sign-up">"Sign up"</a></p>
        </section>
    }
}

#[component]
fn PasswordSignIn() -> impl IntoView {
    let auth = AuthContext::get();
    let error = error_of(auth.sign_in);
    view! {
        <ActionForm action=auth.sign_in>
            <FormError error />
            <Field label="Username" name="username" autocomplete="username" error=field_error(error, "username") />
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
    }
}

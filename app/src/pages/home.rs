use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::{
    AppError,
    api::setup_status,
    components::{AuthContext, Loaded},
};

/// The start page: sends a fresh installation to the first-run page, and everyone else on.
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = AuthContext::get();
    let needs_setup = Resource::new(|| (), |_| setup_status());
    view! {
        <Title text="Welcome" />
        <Loaded
            data=move || async move {
                let needs_setup = needs_setup.await.unwrap_or(false);
                Ok::<_, AppError>((needs_setup, auth.user.await.ok().flatten()))
            }
            let:start
        >
            {match start {
                (true, _) => view! { <Redirect path="/setup" /> }.into_any(),
                (false, Some(user)) => {
                    view! {
                        <h1>"Welcome back, " {user.username}</h1>
                        <p>
                            "Manage the phone numbers you verify with on "
                            <a href="/me/verification">"My verification"</a> "."
                        </p>
                    }
                        .into_any()
                }
                (false, None) => {
                    view! {
                        <h1>"Phone verification you run yourself"</h1>
                        <p class="lead">
                            "Verigate sends one-time codes by SMS so people can prove they own a phone number."
                        </p>
                        <p class="actions">
                            <a class="button" href="/sign-in">"Sign in"</a>
                            <a class="button button-secondary" href="/sign-up">"Create an account"</a>
                        </p>
                    }
                        .into_any()
                }
            }}
        </Loaded>
    }
}

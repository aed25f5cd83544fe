use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::{api::setup_status, components::AuthContext};

/// The start page: sends a fresh installation to the first-run page, and everyone else on.
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = AuthContext::get();
    let needs_setup = Resource::new(|| (), |_| setup_status());
    view! {
        <Title text="Welcome" />
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                if needs_setup.await.unwrap_or(false) {
                    return view! { <Redirect path="/setup" /> }.into_any();
                }
                match auth.user.await.ok().flatten() {
                    Some(user) => {
                        view! {
                            <h1>"Welcome back, " {user.username}</h1>
                            <p>
                                "Manage the phone numbers you verify with on "
                                <a href="/me/verification">"My verification"</a> "."
                            </p>
                        }
                            .into_any()
                    }
                    None => {
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
                }
            })}
        </Suspense>
    }
}

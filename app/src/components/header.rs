use leptos::prelude::*;

use super::AuthContext;
use crate::dto::CurrentUser;

/// The top bar: product name, navigation for the signed-in user, and sign-in or sign-out.
#[component]
pub fn Header() -> impl IntoView {
    let auth = AuthContext::get();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                "Verigate"
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.user.await.ok().flatten() {
                        Some(user) => view! { <SignedInNav user /> }.into_any(),
                        None => {
                            view! {
                                <nav class="nav" aria-label="Account">
                                    <a href="/sign-in">"Sign in"</a>
                                    <a href="/sign-up">"Sign up"</a>
                                </nav>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </header>
    }
}

#[component]
fn SignedInNav(user: CurrentUser) -> impl IntoView {
    let auth = AuthContext::get();
    let admin_links = user.is_admin().then(|| {
        view! {
            <a href="/admin/verification">"Verification"</a>
            <a href="/admin/messages">"Messages"</a>
            <a href="/admin/insights">"Insights"</a>
            <a href="/admin/api-keys">"API keys"</a>
            <a href="/admin/api">"API"</a>
            <a href="/admin/audit">"Audit log"</a>
        }
    });
    view! {
        <nav class="nav" aria-label="Main">
            {admin_links}
            <a href="/me/verification">"My verification"</a>
        </nav>
        <div class="account">
            <span class="who" data-testid="signed-in-user">
                {user.username}
            </span>
            <ActionForm action=auth.sign_out>
                <button type="submit" class="link-button">
                    "Sign out"
                </button>
            </ActionForm>
        </div>
    }
}

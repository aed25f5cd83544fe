use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{AuthContext, RequireSignIn};

/// The user's own verification methods.
#[component]
pub fn MyVerificationPage() -> impl IntoView {
    let auth = AuthContext::get();
    view! {
        <Title text="My verification" />
        <h1>"My verification"</h1>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match auth.user.await.ok().flatten() {
                    None => view! { <RequireSignIn /> }.into_any(),
                    Some(user) => {
                        view! {
                            <p class="muted">
                                "Signed in as " <strong>{user.username}</strong>
                                ". Phone numbers you bind here can be used to verify it is you."
                            </p>
                            <div class="empty-state">
                                <p>"No verification methods are available yet."</p>
                                <p class="muted">
                                    "They appear here once an administrator adds an SMS verifier."
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

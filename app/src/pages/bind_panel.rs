use leptos::prelude::*;

use crate::{
    api::{BindPhone, SendBindCode},
    components::{CodeField, CodeFlow, PhoneFields, SendRow},
    dto::MyVerifier,
};

/// Bind: phone number, "Send code" with its countdown, the code, "Bind".
#[component]
pub fn BindPanel(
    verifier: MyVerifier,
    done: Callback<()>,
    cancel: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let send = ServerAction::<SendBindCode>::new();
    let bind = ServerAction::<BindPhone>::new();
    let pending = verifier.pending_bind.clone();
    let flow = CodeFlow::new(send, bind, pending.as_ref().map(|p| p.sent.clone()));
    let country = RwSignal::new(String::new());
    let phone = RwSignal::new(pending.map(|p| p.phone).unwrap_or_default());
    let code = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(())) = bind.value().get() {
            done.run(());
        }
    });
    let uid = verifier.uid.clone();
    let on_send = move || {
        flow.error.set(None);
        send.dispatch(SendBindCode {
            verifier: uid.clone(),
            country: country.get(),
            phone: phone.get(),
        });
    };
    let uid = verifier.uid.clone();
    let on_bind = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(challenge_id) = flow.challenge_id() {
            bind.dispatch(BindPhone {
                verifier: uid.clone(),
                country: country.get(),
                phone: phone.get(),
                challenge_id,
                code: code.get(),
            });
        }
    };
    view! {
        <form class="panel" on:submit=on_bind data-testid="bind-panel">
            <PhoneFields id=format!("bind-{}", verifier.uid) allowed=verifier.allowed_countries.clone() country phone error=flow.field("phone") />
            <SendRow flow pending=send.pending() on_send status=|masked| format!("Code sent to {masked}") />
            <CodeField id=format!("bind-{}", verifier.uid) length=verifier.code_length code error=flow.field("code") />
            <div class="actions">
                <button type="submit" class="button" disabled=move || bind.pending().get()>
                    "Bind"
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

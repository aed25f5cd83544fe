use leptos::prelude::*;

use crate::{
    api::{SendUnbindCode, UnbindPhone},
    components::{CodeField, CodeFlow, SendRow},
    dto::MyVerifier,
};

/// Unbind: prove it is you through a method already bound (the same one is fine), then unbind.
#[component]
pub fn UnbindPanel(
    verifier: MyVerifier,
    /// The user's bound verifiers, to choose how to verify.
    bound: Vec<MyVerifier>,
    done: Callback<()>,
    cancel: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let send = ServerAction::<SendUnbindCode>::new();
    let unbind = ServerAction::<UnbindPhone>::new();
    let flow = CodeFlow::new(send, unbind, None);
    let via = RwSignal::new(verifier.uid.clone());
    let code = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(())) = unbind.value().get() {
            done.run(());
        }
    });
    let code_length = {
        let bound = bound.clone();
        move || {
            let chosen = via.get();
            bound
                .iter()
                .find(|v| v.uid == chosen)
                .map_or(6, |v| v.code_length)
        }
    };
    let uid = verifier.uid.clone();
    let on_send = move || {
        flow.error.set(None);
        send.dispatch(SendUnbindCode {
            verifier: uid.clone(),
            via: via.get(),
        });
    };
    let uid = verifier.uid.clone();
    let on_unbind = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(challenge_id) = flow.challenge_id() {
            unbind.dispatch(UnbindPhone {
                verifier: uid.clone(),
                via: via.get(),
                challenge_id,
                code: code.get(),
            });
        }
    };
    let select_id = format!("unbind-{}-via", verifier.uid);
    let code_id = format!("unbind-{}", verifier.uid);
    view! {
        <form class="panel" on:submit=on_unbind data-testid="unbind-panel">
            <p>"To unbind, first confirm it is you with a code sent to a number you have bound."</p>
            <div class="field">
                <label for=select_id.clone()>"Verify with"</label>
                <select id=select_id on:change=move |event| via.set(event_target_value(&event))>
                    {bound
                        .iter()
                        .map(|option| {
                            let selected = option.uid == verifier.uid;
                            let label = format!("{} ({})", option.title, option.bound.clone().unwrap_or_default());
                            view! { <option value=option.uid.clone() selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
                <p class="field-error" role="alert">{move || flow.field("via").get()}</p>
            </div>
            <SendRow flow pending=send.pending() on_send status=|masked| format!("Code sent to {masked}") />
            {move || view! { <CodeField id=code_id.clone() length=code_length() code error=flow.field("code") /> }}
            <div class="actions">
                <button type="submit" class="button button-danger" disabled=move || unbind.pending().get()>
                    "Unbind"
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

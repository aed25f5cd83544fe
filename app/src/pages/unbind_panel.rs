use leptos::prelude::*;

use crate::{
    AppError,
    api::{SendUnbindCode, UnbindPhone},
    components::{CodeField, SendCodeButton, error_of, use_seconds_until},
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
    let via = RwSignal::new(verifier.uid.clone());
    let sent = RwSignal::new(None);
    let code = RwSignal::new(String::new());
    let last_error = RwSignal::new(None::<AppError>);
    let (send_error, unbind_error) = (error_of(send), error_of(unbind));
    Effect::new(move |_| last_error.set(send_error.get()));
    Effect::new(move |_| last_error.set(unbind_error.get()));
    Effect::new(move |_| {
        if let Some(Ok(code_sent)) = send.value().get() {
            sent.set(Some(code_sent));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = unbind.value().get() {
            done.run(());
        }
    });
    let deadline = Signal::derive(move || match last_error.get() {
        Some(AppError::ResendTooSoon { retry_after_secs }) => {
            Some(crate::components::now_ms() + retry_after_secs as i64 * 1000)
        }
        _ => sent.get().map(|s: crate::dto::CodeSent| s.resend_at_ms),
    });
    let seconds_left = use_seconds_until(deadline);
    let code_length = Signal::derive({
        let bound = bound.clone();
        move || {
            let chosen = via.get();
            bound
                .iter()
                .find(|v| v.uid == chosen)
                .map_or(6, |v| v.code_length)
        }
    });
    let uid = verifier.uid.clone();
    let on_send = move || {
        last_error.set(None);
        send.dispatch(SendUnbindCode {
            verifier: uid.clone(),
            via: via.get(),
        });
    };
    let uid = verifier.uid.clone();
    let on_unbind = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(challenge) = sent.get() else {
            last_error.set(Some(AppError::invalid("code", "Send a code first.")));
            return;
        };
        last_error.set(None);
        unbind.dispatch(UnbindPhone {
            verifier: uid.clone(),
            via: via.get(),
            challenge_id: challenge.challenge_id,
            code: code.get(),
        });
    };
    let field = move |name: &'static str| {
        Signal::derive(move || last_error.get().and_then(|e| e.for_field(name)))
    };
    let general = move || last_error.get().filter(|e| !e.is_field_error());
    let select_id = format!("unbind-{}-via", verifier.uid);
    let code_id = format!("unbind-{}", verifier.uid);
    view! {
        <form class="panel" on:submit=on_unbind data-testid="unbind-panel">
            <p>"To unbind, first confirm it is you with a code sent to a number you have bound."</p>
            {move || general().map(|error| view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> })}
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
                <p class="field-error" role="alert">{move || field("via").get()}</p>
            </div>
            <div class="send-row">
                <SendCodeButton seconds_left pending=send.pending() already_sent=Signal::derive(move || sent.get().is_some()) on_send />
                {move || {
                    sent.get()
                        .map(|s| view! { <span class="muted" role="status">"Code sent to " {s.masked_receiver}</span> })
                }}
            </div>
            {move || view! { <CodeField id=code_id.clone() length=code_length.get() code error=field("code") /> }}
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

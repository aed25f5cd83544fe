use leptos::prelude::*;

use crate::{
    AppError,
    api::{BindPhone, SendBindCode},
    components::{CodeField, PhoneFields, SendCodeButton, error_of, use_seconds_until},
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
    let sent = RwSignal::new(pending.as_ref().map(|p| p.sent.clone()));
    let country = RwSignal::new(String::new());
    let phone = RwSignal::new(pending.map(|p| p.phone).unwrap_or_default());
    let code = RwSignal::new(String::new());

    // The last error of either step, shown next to its field or above the form.
    let last_error = RwSignal::new(None::<AppError>);
    let (send_error, bind_error) = (error_of(send), error_of(bind));
    Effect::new(move |_| last_error.set(send_error.get()));
    Effect::new(move |_| last_error.set(bind_error.get()));
    Effect::new(move |_| {
        if let Some(Ok(code_sent)) = send.value().get() {
            sent.set(Some(code_sent));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = bind.value().get() {
            done.run(());
        }
    });

    // A refused resend carries the seconds left: the countdown shows them.
    let deadline = Signal::derive(move || match last_error.get() {
        Some(AppError::ResendTooSoon { retry_after_secs }) => {
            Some(crate::components::now_ms() + retry_after_secs as i64 * 1000)
        }
        _ => sent.get().map(|s| s.resend_at_ms),
    });
    let seconds_left = use_seconds_until(deadline);
    let uid = verifier.uid.clone();
    let on_send = move || {
        last_error.set(None);
        send.dispatch(SendBindCode {
            verifier: uid.clone(),
            country: country.get(),
            phone: phone.get(),
        });
    };
    let uid = verifier.uid.clone();
    let on_bind = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(challenge) = sent.get() else {
            last_error.set(Some(AppError::invalid("code", "Send a code first.")));
            return;
        };
        last_error.set(None);
        bind.dispatch(BindPhone {
            verifier: uid.clone(),
            country: country.get(),
            phone: phone.get(),
            challenge_id: challenge.challenge_id,
            code: code.get(),
        });
    };
    let field = move |name: &'static str| {
        Signal::derive(move || last_error.get().and_then(|e| e.for_field(name)))
    };
    let general = move || last_error.get().filter(|e| !e.is_field_error());
    let offer_new_code = move || {
        matches!(
            last_error.get(),
            Some(AppError::CodeExpired | AppError::TooManyAttempts)
        )
    };
    view! {
        <form class="panel" on:submit=on_bind data-testid="bind-panel">
            {move || general().map(|error| view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> })}
            <PhoneFields id=format!("bind-{}", verifier.uid) allowed=verifier.allowed_countries.clone() country phone error=field("phone") />
            <div class="send-row">
                <SendCodeButton
                    seconds_left
                    pending=send.pending()
                    already_sent=Signal::derive(move || sent.get().is_some())
                    on_send
                />
                {move || {
                    sent.get()
                        .map(|s| view! { <span class="muted" role="status">"Code sent to " {s.masked_receiver}</span> })
                }}
            </div>
            <Show when=offer_new_code>
                <p class="muted">"Use “Send a new code” above when it is enabled."</p>
            </Show>
            <CodeField id=format!("bind-{}", verifier.uid) length=verifier.code_length code error=field("code") />
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

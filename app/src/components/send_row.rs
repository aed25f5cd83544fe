use leptos::prelude::*;

use super::{CodeFlow, SendCodeButton};

/// The error above a code form, "Send code" with its countdown, and where the code went.
#[component]
pub fn SendRow(
    flow: CodeFlow,
    #[prop(into)] pending: Signal<bool>,
    on_send: impl Fn() + 'static,
    /// What to say once a code is sent, given the masked number.
    status: fn(String) -> String,
) -> impl IntoView {
    view! {
        {move || flow.general().map(|error| view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> })}
        <div class="send-row">
            <SendCodeButton seconds_left=flow.seconds_left pending already_sent=flow.already_sent() on_send />
            {move || {
                flow.sent.get().map(|sent| view! { <span class="muted" role="status">{status(sent.masked_receiver)}</span> })
            }}
        </div>
    }
}

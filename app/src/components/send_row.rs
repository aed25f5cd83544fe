use leptos::prelude::*;

use super::SendCodeButton;
use crate::dto::CodeSent;

/// "Send code" with its countdown, and where the code went.
#[component]
pub fn SendRow(
    #[prop(into)] sent: Signal<Option<CodeSent>>,
    #[prop(into)] seconds_left: Signal<u64>,
    #[prop(into)] pending: Signal<bool>,
    on_send: impl Fn() + 'static,
    /// What to say once a code is sent, given the masked number.
    status: fn(String) -> String,
) -> impl IntoView {
    let already_sent = Signal::derive(move || sent.with(Option::is_some));
    view! {
        <div class="send-row">
            <SendCodeButton seconds_left pending already_sent on_send />
            {move || {
                sent.get().map(|sent| view! { <span class="muted" role="status">{status(sent.masked_receiver)}</span> })
            }}
        </div>
    }
}

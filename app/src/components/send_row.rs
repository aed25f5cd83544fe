use leptos::prelude::*;

use super::SendCodeButton;
use crate::dto::CodeSent;

/// "Send code" with its countdown, and where the code went.
///
/// The status line is a polite live region that is there from the start and filled once a code
/// is sent, so screen readers announce "Code sent to …" once; the per-second countdown stays out
/// of it (it is the button's label).
#[component]
pub fn SendRow(
    #[prop(into)] sent: Signal<Option<CodeSent>>,
    #[prop(into)] seconds_left: Signal<u64>,
    #[prop(into)] pending: Signal<bool>,
    on_send: impl Fn() + 'static,
    /// What to say once a code is sent, given the masked number, in the reader's language.
    #[prop(into)]
    status: Callback<String, String>,
) -> impl IntoView {
    let already_sent = Signal::derive(move || sent.with(Option::is_some));
    view! {
        <div class="send-row">
            <SendCodeButton seconds_left pending already_sent on_send />
            <span class="muted" role="status">
                {move || sent.get().map(|sent| status.run(sent.masked_receiver))}
            </span>
        </div>
    }
}

use leptos::{ev::SubmitEvent, html::Input, prelude::*};

use super::{CodeField, CodeFlow, FormError, SendRow};
use crate::i18n::use_i18n;
use crate::text::t;

/// The one code form, for bind, unbind and SMS sign-in: the inputs the caller gives as
/// children (a number, or the method to verify with), "Send code" with its countdown, the
/// code, and the submit button.
#[component]
pub fn CodeEntry(
    flow: CodeFlow,
    /// Makes the ids unique when several forms share a page.
    id: String,
    /// The form's `data-testid`.
    testid: &'static str,
    #[prop(optional)] class: &'static str,
    /// The code length the verifier's policy sets, until a code is sent (which tells its own).
    #[prop(into)]
    code_length: Signal<u32>,
    /// What to say once a code is sent, given the masked number, in the reader's language.
    #[prop(into)]
    status: Callback<String, String>,
    /// The submit button's text ("Bind"), in the reader's language.
    #[prop(into)]
    submit_label: TextProp,
    /// A destructive action (the submit button says so).
    #[prop(optional)]
    danger: bool,
    /// Shows "Cancel".
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
    /// Called once a submitted code checks out.
    #[prop(optional)]
    on_done: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let code_input = NodeRef::<Input>::new();
    // Once a code went out, typing it is the next step: the focus moves to the code. Not for a
    // code sent before a reload (the first run), nor for a refused resend (the same code).
    Effect::new(move |previous: Option<Option<String>>| {
        let current = flow
            .sent
            .with(|sent| sent.as_ref().map(|sent| sent.challenge_id.clone()));
        if let Some(previous) = previous
            && current.is_some()
            && current != previous
            && let Some(input) = code_input.get_untracked()
        {
            let _ = input.focus();
        }
        current
    });
    if let Some(done) = on_done {
        // Telling the page is a side effect of the answer, not state of this form.
        Effect::new(move |_| {
            if flow.succeeded.get() {
                done.run(());
            }
        });
    }
    let length = Signal::derive(move || {
        flow.sent
            .get()
            .map_or_else(|| code_length.get(), |s| s.code_length)
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        flow.submit_code(code.get_untracked());
    };
    let button_class = if danger {
        "button button-danger"
    } else {
        "button"
    };
    view! {
        <form class=class on:submit=on_submit data-testid=testid>
            {children()}
            <FormError error=flow.error />
            <SendRow
                sent=flow.sent
                seconds_left=flow.seconds_left
                pending=flow.sending
                on_send=move || flow.send_code()
                status
            />
            <CodeField id length code error=flow.field("code") input_ref=code_input />
            <div class="actions">
                <button type="submit" class=button_class disabled=move || flow.submitting.get()>
                    {move || submit_label.get()}
                </button>
                {on_cancel
                    .map(|cancel| {
                        view! {
                            <button type="button" class="button button-secondary" on:click=move |_| cancel.run(())>
                                {t!(i18n, common.cancel)}
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}

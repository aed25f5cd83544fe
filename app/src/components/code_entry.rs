use leptos::{ev::SubmitEvent, prelude::*};

use super::{CodeField, CodeFlow, FormError, SendRow};

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
    /// What to say once a code is sent, given the masked number.
    status: fn(String) -> String,
    submit_label: &'static str,
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
    let code = RwSignal::new(String::new());
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
            <CodeField id length code error=flow.field("code") />
            <div class="actions">
                <button type="submit" class=button_class disabled=move || flow.submitting.get()>
                    {submit_label}
                </button>
                {on_cancel
                    .map(|cancel| {
                        view! {
                            <button type="button" class="button button-secondary" on:click=move |_| cancel.run(())>
                                "Cancel"
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}

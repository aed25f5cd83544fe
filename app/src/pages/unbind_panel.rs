use leptos::prelude::*;

use super::password_prompt::PasswordPrompt;
use crate::text::t;
use crate::{
    api::{SendUnbindCode, UnbindPhone},
    components::{CodeEntry, CodeFlow, FieldError},
    dto::MyVerifier,
    i18n::{t_string, use_i18n},
};

/// Unbind: prove it is you through a method already bound (the same one is fine), then unbind.
#[component]
pub fn UnbindPanel(
    verifier: MyVerifier,
    /// The user's bound verifiers, to choose how to verify.
    bound: Vec<MyVerifier>,
    done: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let via = RwSignal::new(verifier.uid.clone());
    let (send_uid, unbind_uid) = (verifier.uid.clone(), verifier.uid.clone());
    let flow = CodeFlow::new(
        ServerAction::<SendUnbindCode>::new(),
        ServerAction::<UnbindPhone>::new(),
        None,
        move || SendUnbindCode {
            verifier: send_uid.clone(),
            via: via.get_untracked(),
        },
        move |challenge_id, code| UnbindPhone {
            verifier: unbind_uid.clone(),
            via: via.get_untracked(),
            challenge_id,
            code,
        },
    );
    // The code comes from the method chosen to verify with, so its length is that one's.
    let lengths: Vec<(String, u32)> = bound
        .iter()
        .map(|v| (v.uid.clone(), v.code_length))
        .collect();
    let code_length = Signal::derive(move || {
        via.with(|chosen| {
            lengths
                .iter()
                .find(|(uid, _)| uid == chosen)
                .map_or(6, |(_, length)| *length)
        })
    });
    let select_id = format!("unbind-{}-via", verifier.uid);
    view! {
        <CodeEntry
            flow
            id=format!("unbind-{}", verifier.uid)
            testid="unbind-panel"
            class="panel"
            code_length
            status=move |receiver: String| t_string!(i18n, verification.code_sent_to, receiver)
            submit_label=move || t_string!(i18n, verification.unbind)
            danger=true
            on_cancel=cancel
            on_done=done
        >
            <p>{t!(i18n, verification.unbind_intro)}</p>
            <div class="field">
                <label for=select_id.clone()>{t!(i18n, verification.verify_with)}</label>
                <select id=select_id aria-describedby="unbind-via-error" on:change=move |event| via.set(event_target_value(&event))>
                    {bound
                        .iter()
                        .map(|option| {
                            let selected = option.uid == verifier.uid;
                            let label = format!("{} ({})", option.title, option.bound.clone().unwrap_or_default());
                            view! { <option value=option.uid.clone() selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
                <FieldError id="unbind-via-error".to_owned() error=flow.field("via") />
            </div>
        </CodeEntry>
        <PasswordPrompt refused=flow.error />
    }
}

use leptos::prelude::*;

use super::password_prompt::PasswordPrompt;
use crate::{
    api::{BindPhone, SendBindCode},
    components::{CodeEntry, CodeFlow, PhoneFields},
    dto::MyVerifier,
    i18n::{t_string, use_i18n},
};

/// Bind: phone number, "Send code" with its countdown, the code, "Bind".
#[component]
pub fn BindPanel(verifier: MyVerifier, done: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let pending = verifier.pending_bind.clone();
    let country = RwSignal::new(String::new());
    let phone = RwSignal::new(
        pending
            .as_ref()
            .map(|p| p.phone.clone())
            .unwrap_or_default(),
    );
    let (send_uid, bind_uid) = (verifier.uid.clone(), verifier.uid.clone());
    let flow = CodeFlow::new(
        ServerAction::<SendBindCode>::new(),
        ServerAction::<BindPhone>::new(),
        pending.map(|p| p.sent),
        move || SendBindCode {
            verifier: send_uid.clone(),
            country: country.get_untracked(),
            phone: phone.get_untracked(),
        },
        move |challenge_id, code| BindPhone {
            verifier: bind_uid.clone(),
            country: country.get_untracked(),
            phone: phone.get_untracked(),
            challenge_id,
            code,
        },
    );
    let id = format!("bind-{}", verifier.uid);
    view! {
        <CodeEntry
            flow
            id=id.clone()
            testid="bind-panel"
            class="panel"
            code_length=verifier.code_length
            status=move |receiver: String| t_string!(i18n, verification.code_sent_to, receiver)
            submit_label=move || t_string!(i18n, verification.bind)
            on_cancel=cancel
            on_done=done
        >
            <PhoneFields id allowed=verifier.allowed_countries.clone() country phone error=flow.field("phone") />
        </CodeEntry>
        <PasswordPrompt refused=flow.error />
    }
}

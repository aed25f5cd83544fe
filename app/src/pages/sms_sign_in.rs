use leptos::prelude::*;

use crate::{
    api::{SendSignInCode, SignInWithCode, sign_in_verifiers},
    components::{AuthContext, CodeField, CodeFlow, Loaded, PhoneFields, SendRow},
    dto::SignInVerifier,
};

/// The "SMS code" tab: phone number, "Send code" with its countdown, code, "Sign in".
#[component]
pub fn SmsSignIn() -> impl IntoView {
    let verifiers = Resource::new(|| (), |_| sign_in_verifiers());
    view! {
        <Loaded data=move || verifiers let:list>
            {if list.is_empty() {
                view! { <p class="muted">"Signing in with an SMS code is not enabled here. Use your password."</p> }
                    .into_any()
            } else {
                view! { <SmsSignInForm verifiers=list /> }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn SmsSignInForm(verifiers: Vec<SignInVerifier>) -> impl IntoView {
    let auth = AuthContext::get();
    let send = ServerAction::<SendSignInCode>::new();
    let sign_in = auth.sign_in_with_code;
    let flow = CodeFlow::new(send, sign_in, None);
    let chosen = RwSignal::new(verifiers.first().map(|v| v.uid.clone()).unwrap_or_default());
    let (country, phone, code) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let on_send = move || {
        flow.error.set(None);
        send.dispatch(SendSignInCode {
            verifier: chosen.get(),
            country: country.get(),
            phone: phone.get(),
        });
    };
    let on_sign_in = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(challenge_id) = flow.challenge_id() {
            sign_in.dispatch(SignInWithCode {
                verifier: chosen.get(),
                country: country.get(),
                phone: phone.get(),
                challenge_id,
                code: code.get(),
            });
        }
    };
    let first = verifiers.first().cloned();
    let allowed = first
        .as_ref()
        .map(|v| v.allowed_countries.clone())
        .unwrap_or_default();
    let length = first.as_ref().map_or(6, |v| v.code_length);
    let choice = (verifiers.len() > 1).then(|| {
        view! {
            <div class="field">
                <label for="sms-verifier">"Verify with"</label>
                <select id="sms-verifier" on:change=move |event| chosen.set(event_target_value(&event))>
                    {verifiers
                        .iter()
                        .map(|v| view! { <option value=v.uid.clone()>{v.title.clone()}</option> })
                        .collect_view()}
                </select>
            </div>
        }
    });
    view! {
        <form on:submit=on_sign_in data-testid="sms-sign-in">
            {choice}
            <PhoneFields id="sms-sign-in".to_owned() allowed country phone error=flow.field("phone") />
            <SendRow flow pending=send.pending() on_send status=|_| "If this number belongs to an account, a code is on its way.".to_owned() />
            <CodeField id="sms-sign-in".to_owned() length code error=flow.field("code") />
            <button type="submit" class="button" disabled=move || sign_in.pending().get()>
                "Sign in"
            </button>
        </form>
    }
}

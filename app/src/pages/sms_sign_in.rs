use leptos::prelude::*;

use crate::text::t;
use crate::{
    api::{SendSignInCode, SignInWithCode, sign_in_verifiers},
    components::{AuthContext, CodeEntry, CodeFlow, Loaded, PhoneFields},
    dto::SignInVerifier,
    i18n::{t_string, use_i18n},
};

/// The "SMS code" tab: which verifier (when there are several), phone number, "Send code" with
/// its countdown, code, "Sign in".
#[component]
pub fn SmsSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let verifiers = Resource::new(|| (), |_| sign_in_verifiers());
    view! {
        <Loaded data=move || verifiers let:list>
            {if list.is_empty() {
                view! { <p class="muted">{t!(i18n, verification.sms_sign_in_unavailable)}</p> }.into_any()
            } else {
                view! { <SmsSignInForm verifiers=list /> }.into_any()
            }}
        </Loaded>
    }
}

/// The verifier choice, and below it the chosen verifier's own form: its countries, its code
/// length and its countdown (a resend interval is per verifier).
#[component]
fn SmsSignInForm(verifiers: Vec<SignInVerifier>) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(verifiers.first().map(|v| v.uid.clone()).unwrap_or_default());
    // The number typed so far survives a change of verifier.
    let phone = RwSignal::new(String::new());
    let choice = (verifiers.len() > 1).then(|| {
        view! {
            <div class="field">
                <label for="sms-verifier">{t!(i18n, verification.verify_with)}</label>
                <select id="sms-verifier" on:change=move |event| chosen.set(event_target_value(&event))>
                    {verifiers
                        .iter()
                        .map(|v| view! { <option value=v.uid.clone()>{v.title.clone()}</option> })
                        .collect_view()}
                </select>
            </div>
        }
    });
    let form = move || {
        chosen
            .with(|uid| verifiers.iter().find(|v| &v.uid == uid).cloned())
            .map(|verifier| view! { <VerifierSignInForm verifier phone /> })
    };
    view! {
        {choice}
        {form}
    }
}

#[component]
fn VerifierSignInForm(verifier: SignInVerifier, phone: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let country = RwSignal::new(String::new());
    let (send_uid, sign_in_uid) = (verifier.uid.clone(), verifier.uid.clone());
    let flow = CodeFlow::new(
        ServerAction::<SendSignInCode>::new(),
        AuthContext::get().sign_in_with_code,
        None,
        move || SendSignInCode {
            verifier: send_uid.clone(),
            country: country.get_untracked(),
            phone: phone.get_untracked(),
        },
        move |challenge_id, code| SignInWithCode {
            verifier: sign_in_uid.clone(),
            country: country.get_untracked(),
            phone: phone.get_untracked(),
            challenge_id,
            code,
        },
    );
    view! {
        <CodeEntry
            flow
            id="sms-sign-in".to_owned()
            testid="sms-sign-in"
            code_length=verifier.code_length
            status=move |_| t_string!(i18n, verification.sign_in_code_on_its_way).to_owned()
            submit_label=move || t_string!(i18n, common.sign_in)
        >
            <PhoneFields
                id="sms-sign-in".to_owned()
                allowed=verifier.allowed_countries
                country
                phone
                error=flow.field("phone")
            />
        </CodeEntry>
    }
}

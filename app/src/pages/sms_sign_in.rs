use leptos::prelude::*;

use crate::{
    AppError,
    api::{SendSignInCode, sign_in_verifiers},
    components::{
        AuthContext, CodeField, ErrorNotice, PhoneFields, SendCodeButton, error_of, now_ms,
        use_seconds_until,
    },
    dto::SignInVerifier,
};

/// The "SMS code" tab: phone number, "Send code" with its countdown, code, "Sign in".
#[component]
pub fn SmsSignIn() -> impl IntoView {
    let verifiers = Resource::new(|| (), |_| sign_in_verifiers());
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match verifiers.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(list) if list.is_empty() => {
                        view! { <p class="muted">"Signing in with an SMS code is not enabled here. Use your password."</p> }
                            .into_any()
                    }
                    Ok(list) => view! { <SmsSignInForm verifiers=list /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SmsSignInForm(verifiers: Vec<SignInVerifier>) -> impl IntoView {
    let auth = AuthContext::get();
    let send = ServerAction::<SendSignInCode>::new();
    let sign_in = auth.sign_in_with_code;
    let chosen = RwSignal::new(verifiers.first().map(|v| v.uid.clone()).unwrap_or_default());
    let sent = RwSignal::new(None);
    let (country, phone, code) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let last_error = RwSignal::new(None::<AppError>);
    let (send_error, sign_in_error) = (error_of(send), error_of(sign_in));
    Effect::new(move |_| last_error.set(send_error.get()));
    Effect::new(move |_| last_error.set(sign_in_error.get()));
    Effect::new(move |_| {
        if let Some(Ok(code_sent)) = send.value().get() {
            sent.set(Some(code_sent));
        }
    });
    let deadline = Signal::derive(move || match last_error.get() {
        Some(AppError::ResendTooSoon { retry_after_secs }) => {
            Some(now_ms() + retry_after_secs as i64 * 1000)
        }
        _ => sent.get().map(|s: crate::dto::CodeSent| s.resend_at_ms),
    });
    let seconds_left = use_seconds_until(deadline);
    let on_send = move || {
        last_error.set(None);
        send.dispatch(SendSignInCode {
            verifier: chosen.get(),
            country: country.get(),
            phone: phone.get(),
        });
    };
    let on_sign_in = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(challenge) = sent.get() else {
            last_error.set(Some(AppError::invalid("code", "Send a code first.")));
            return;
        };
        last_error.set(None);
        sign_in.dispatch(crate::api::SignInWithCode {
            verifier: chosen.get(),
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
            {move || general().map(|error| view! { <p class="alert alert-error" role="alert">{error.to_string()}</p> })}
            {choice}
            <PhoneFields id="sms-sign-in".to_owned() allowed country phone error=field("phone") />
            <div class="send-row">
                <SendCodeButton seconds_left pending=send.pending() already_sent=Signal::derive(move || sent.get().is_some()) on_send />
                {move || {
                    sent.get()
                        .map(|_| view! { <span class="muted" role="status">"If this number belongs to an account, a code is on its way."</span> })
                }}
            </div>
            <CodeField id="sms-sign-in".to_owned() length code error=field("code") />
            <button type="submit" class="button" disabled=move || sign_in.pending().get()>
                "Sign in"
            </button>
        </form>
    }
}

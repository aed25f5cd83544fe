use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// The current UTC time in milliseconds: the browser's clock after hydration, the server's while
/// rendering.
pub fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        leptos::web_sys::js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// Whole seconds left until `deadline_ms` (rounded up, never negative). It is recomputed from
/// the clock four times a second, so it never drifts however late a tick fires; the deadline
/// itself comes from the server, so it is right after a reload and in every tab.
pub fn use_seconds_until(deadline_ms: Signal<Option<i64>>) -> Signal<u64> {
    let now = RwSignal::new(now_ms());
    Effect::new(move |_| {
        if let Ok(handle) =
            set_interval_with_handle(move || now.set(now_ms()), Duration::from_millis(250))
        {
            on_cleanup(move || handle.clear());
        }
    });
    Signal::derive(move || match deadline_ms.get() {
        Some(deadline) => u64::try_from(deadline - now.get())
            .unwrap_or(0)
            .div_ceil(1000),
        None => 0,
    })
}

/// "Send code", or (disabled) "Resend in N s" while the resend interval of the code this form
/// sent runs, or "Send code in N s" while a refusal's wait runs before this form sent any: a
/// countdown never suggests a code was sent when none was.
///
/// It is disabled until the page is interactive too: before that a click would do nothing.
///
/// The label changes every second, so it is deliberately not in a live region: screen readers
/// hear it when they reach the button, not once a second. The one-time "code sent" line beside it
/// ([`super::SendRow`]) is the polite announcement.
#[component]
pub fn SendCodeButton(
    #[prop(into)] seconds_left: Signal<u64>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] already_sent: Signal<bool>,
    on_send: impl Fn() + 'static,
) -> impl IntoView {
    // Effects run only in the browser, once this button is hydrated or mounted.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let i18n = use_i18n();
    let label = move || match (seconds_left.get(), already_sent.get()) {
        (0, false) => t_string!(i18n, verification.send_code).to_owned(),
        (0, true) => t_string!(i18n, verification.send_new_code).to_owned(),
        (n, true) => t_string!(i18n, verification.resend_in, seconds = n),
        (n, false) => t_string!(i18n, verification.send_code_in, seconds = n),
    };
    view! {
        <button
            type="button"
            class="button button-secondary"
            data-testid="send-code"
            disabled=move || { !interactive.get() || seconds_left.get() > 0 || pending.get() }
            on:click=move |_| on_send()
        >
            {label}
        </button>
    }
}

use std::time::Duration;

use leptos::{
    prelude::*,
    wasm_bindgen::{JsCast, JsValue, closure::Closure},
    web_sys::js_sys::{Function, Reflect},
};

use crate::i18n::{t_string, use_i18n};
use crate::text::t;

/// What the button last did, announced politely to screen readers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

/// A "Copy" button for `text`, named for screen readers by `label` ("Copy secret"). After a
/// click it says "Copied" (or how to copy by hand) in a polite live region beside it.
///
/// Uses the Clipboard API, and the older `execCommand("copy")` where there is none (a
/// self-hosted console served over plain HTTP is not a secure context).
#[component]
pub fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: Signal<String>,
    /// The button's accessible name, in the reader's language.
    #[prop(into)]
    label: TextProp,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(Copied::Not);
    let copy = move |_| {
        state.set(Copied::Not);
        copy_text(&text.get_untracked(), state);
    };
    let message = move || match state.get() {
        Copied::Not => "",
        Copied::Yes => t_string!(i18n, common.copied),
        Copied::Failed => t_string!(i18n, common.copy_failed),
    };
    view! {
        <span class="copy">
            <button type="button" class="button button-secondary button-small" aria-label=move || label.get() on:click=copy>
                {t!(i18n, common.copy)}
            </button>
            <span class="copy-status" role="status" aria-live="polite">
                {message}
            </span>
        </span>
    }
}

/// Copies `text` and reports the outcome in `state`; "Copied" fades after a few seconds.
fn copy_text(text: &str, state: RwSignal<Copied>) {
    let done = move |outcome: Copied| {
        state.set(outcome);
        if outcome == Copied::Yes {
            set_timeout(
                move || {
                    if state.get_untracked() == Copied::Yes {
                        state.set(Copied::Not);
                    }
                },
                Duration::from_secs(4),
            );
        }
    };
    match clipboard_write(text) {
        Some(promise) => {
            let text = text.to_owned();
            let resolved = Closure::once_into_js(move |_: JsValue| done(Copied::Yes));
            let rejected = Closure::once_into_js(move |_: JsValue| done(copy_by_command(&text)));
            let then = Reflect::get(&promise, &JsValue::from_str("then"))
                .ok()
                .and_then(|then| then.dyn_into::<Function>().ok());
            if let Some(then) = then {
                let _ = then.call2(&promise, &resolved, &rejected);
            }
        }
        None => done(copy_by_command(text)),
    }
}

/// `navigator.clipboard.writeText(text)`, when the browser offers it here.
fn clipboard_write(text: &str) -> Option<JsValue> {
    let navigator = Reflect::get(&window(), &JsValue::from_str("navigator")).ok()?;
    let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|clipboard| clipboard.is_object())?;
    let write = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    write
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()
        .filter(JsValue::is_object)
}

/// The fallback: select `text` in a hidden text area and `document.execCommand("copy")`.
fn copy_by_command(text: &str) -> Copied {
    let copied = (|| {
        let document = document();
        let area = document.create_element("textarea").ok()?;
        area.set_attribute("readonly", "").ok()?;
        area.set_attribute("style", "position:fixed;top:0;left:0;opacity:0")
            .ok()?;
        Reflect::set(&area, &JsValue::from_str("value"), &JsValue::from_str(text)).ok()?;
        document.body()?.append_child(&area).ok()?;
        let call = |target: &JsValue, name: &str, argument: Option<&str>| {
            let function = Reflect::get(target, &JsValue::from_str(name))
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            match argument {
                Some(argument) => function.call1(target, &JsValue::from_str(argument)),
                None => function.call0(target),
            }
            .ok()
        };
        call(&area, "select", None);
        let copied = call(&document, "execCommand", Some("copy")).and_then(|ok| ok.as_bool());
        area.remove();
        copied
    })();
    if copied == Some(true) {
        Copied::Yes
    } else {
        Copied::Failed
    }
}

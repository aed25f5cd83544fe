use leptos::{prelude::*, server_fn::ServerFn};

use crate::{AppError, i18n::use_i18n};

/// The error of an action's last run, if it failed.
pub fn error_of<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// The message for one form field from an action's last error, in the reader's language.
pub fn field_error(
    error: Signal<Option<AppError>>,
    field: impl AsRef<str> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        error
            .get()
            .filter(|error| error.field() == Some(field.as_ref()))
            .map(|error| error.text(i18n.get_locale()))
    })
}

/// A labelled input with its own error line, which shows the form's error when it names this
/// field (by `name`).
#[component]
pub fn Field(
    #[prop(into)] label: TextProp,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<TextProp>,
    /// The last error of the form's action.
    error: Signal<Option<AppError>>,
    /// The initial value.
    #[prop(optional, into)]
    value: String,
    #[prop(default = true)] required: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional, into)] placeholder: Option<TextProp>,
) -> impl IntoView {
    let invalid = field_error(error, name);
    view! {
        <Labelled label name error>
            <input
                id=format!("field-{name}")
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                readonly=readonly
                placeholder=move || placeholder.as_ref().map(TextProp::get)
                aria-invalid=move || invalid.get().is_some().to_string()
                aria-describedby=format!("field-{name}-error")
            />
            {hint.map(|hint| view! { <p class="hint">{move || hint.get()}</p> })}
        </Labelled>
    }
}

/// The frame of a form field: its label, the control (and any hint under it), and the control's
/// error line, which shows the form's error when it names this field. The control (a select, a
/// textarea: an input is a [`Field`]) takes the id `field-{name}` and points `aria-describedby` at
/// `field-{name}-error`, so a screen reader reads the error with it.
#[component]
pub fn Labelled(
    #[prop(into)] label: TextProp,
    name: &'static str,
    /// The last error of the form's action.
    error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let id = format!("field-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            {children()}
            <FieldError id=format!("{id}-error") error=field_error(error, name) />
        </div>
    }
}

/// A form's submit button, disabled while the form's action runs: a second click cannot send
/// the form twice.
#[component]
pub fn SubmitButton(
    /// The action's `pending()`.
    #[prop(into)]
    pending: Signal<bool>,
    #[prop(default = "button")] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <button type="submit" class=class disabled=move || pending.get()>
            {children()}
        </button>
    }
}

/// The error line under one field; its input names it in `aria-describedby`, so a screen reader
/// reads the error with the field.
#[component]
pub fn FieldError(
    /// The id the field's `aria-describedby` points at.
    id: String,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p class="field-error" id=id role="alert">
            {move || error.get()}
        </p>
    }
}

/// A form-level error: everything that does not belong to one field.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error
            .get()
            .filter(|error| error.field().is_none())
            .map(|error| error.text(i18n.get_locale()))
    };
    view! {
        <Show when=move || message().is_some()>
            <p class="alert alert-error" role="alert">
                {message}
            </p>
        </Show>
    }
}

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
    view! {
        <Labelled label name error let:control>
            <input
                id=control.id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                readonly=readonly
                placeholder=move || placeholder.as_ref().map(TextProp::get)
                aria-invalid=control.invalid
                aria-describedby=control.error_id
            />
            {hint.map(|hint| view! { <p class="hint">{move || hint.get()}</p> })}
        </Labelled>
    }
}

/// What the control framed by [`Labelled`] takes, so that its label and error line belong to it.
pub struct Control {
    /// `field-{name}`, which the label points at.
    pub id: String,
    /// `field-{name}-error`, the error line, for `aria-describedby`: a screen reader reads the
    /// error with the control.
    pub error_id: String,
    /// `aria-invalid`: `"true"` while the form's error names this field.
    pub invalid: Signal<&'static str>,
}

/// The frame of a form field: its label, the control (and any hint under it), and the control's
/// error line, which shows the form's error when it names this field. The control (an input is a
/// [`Field`]; a select or a textarea is written in place, with `let:control`) takes its id and
/// ARIA attributes from the [`Control`] it is given.
#[component]
pub fn Labelled<C, V>(
    #[prop(into)] label: TextProp,
    name: &'static str,
    /// The last error of the form's action.
    error: Signal<Option<AppError>>,
    children: C,
) -> impl IntoView
where
    C: FnOnce(Control) -> V,
    V: IntoView + 'static,
{
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let message = field_error(error, name);
    let control = Control {
        id: id.clone(),
        error_id: error_id.clone(),
        invalid: Signal::derive(move || {
            if message.get().is_some() {
                "true"
            } else {
                "false"
            }
        }),
    };
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            {children(control)}
            <FieldError id=error_id error=message />
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

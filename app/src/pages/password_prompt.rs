use leptos::prelude::*;

use crate::text::t;
use crate::{
    AppError,
    api::ConfirmPassword,
    components::{Field, FormError, SubmitButton, error_of},
    i18n::{t_string, use_i18n},
};

/// Asks for the password again when binding or unbinding was refused because it was not typed
/// in the last 10 minutes. Once it is confirmed, the user repeats the step that was refused.
#[component]
pub fn PasswordPrompt(#[prop(into)] refused: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmPassword>::new();
    let error = error_of(confirm);
    let confirmed = move || confirm.value().with(|value| matches!(value, Some(Ok(()))));
    let asked = move || refused.get() == Some(AppError::PasswordConfirmationNeeded);
    view! {
        <Show when=asked>
            <div class="panel" data-testid="password-prompt">
                <Show
                    when=confirmed
                    fallback=move || {
                        view! {
                            <ActionForm action=confirm>
                                <FormError error />
                                <Field
                                    label=move || t_string!(i18n, account.your_password)
                                    name="password"
                                    kind="password"
                                    autocomplete="current-password"
                                    error
                                />
                                <SubmitButton pending=confirm.pending()>
                                    {t!(i18n, account.confirm_password)}
                                </SubmitButton>
                            </ActionForm>
                        }
                    }
                >
                    // Not a `status` role: the code form's "Code sent" line is the row's status.
                    <p class="alert alert-ok">{t!(i18n, account.password_confirmed)}</p>
                </Show>
            </div>
        </Show>
    }
}

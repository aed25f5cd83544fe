use leptos::{html, prelude::*};
use leptos_meta::Title;

use crate::text::t;
use crate::{
    api::{CreateApiKey, RevokeApiKey, list_api_keys},
    components::{
        CopyButton, DataTable, Field, FieldError, FormError, Loaded, SubmitButton, error_of,
        field_error, format_utc,
    },
    dto::{ApiKeyEntry, CreatedApiKey, VerifierSummary},
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// Administrators: the Account SID, the API keys, creating one (its secret shown once) and
/// revoking one.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    // The list is loaded again after a key is created or revoked, and only then: reloading after
    // a refused form would redraw the form and lose what was typed.
    let changes = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if create.value().with(|value| matches!(value, Some(Ok(_)))) {
            changes.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if revoke.value().with(|value| matches!(value, Some(Ok(_)))) {
            changes.update(|n| *n += 1);
        }
    });
    let page = Resource::new(move || changes.get(), |_| list_api_keys());
    // The secret lives only here, in this page's memory: leaving or reloading the page drops it.
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <Title text=move || t_string!(i18n, api.keys_title) />
        <h1>{t!(i18n, api.keys_title)}</h1>
        <p class="lead">
            {t!(
                i18n,
                api.keys_lead,
                <link> = |children: ChildrenFn| view! { <a href="/admin/api">{children()}</a> }
            )}
        </p>
        <Loaded keep_shown=true data=move || page let:page>
            <AccountSid sid=page.account_sid />
            <section class="card form-section" aria-labelledby="create-key-heading">
                <h2 id="create-key-heading">{t!(i18n, api.create_key)}</h2>
                {move || created().map(|key| view! { <NewKey key /> })}
                <CreateKeyForm create verifiers=page.verifiers.clone() />
            </section>
            <KeyTable keys=page.keys verifiers=page.verifiers revoke />
        </Loaded>
    }
}

/// The installation's Account SID, which Twilio's libraries ask for.
#[component]
fn AccountSid(sid: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card form-section" aria-labelledby="account-sid-heading">
            <h2 id="account-sid-heading">{t!(i18n, api.account_sid)}</h2>
            <p class="copy-row">
                <code data-testid="account-sid">{sid.clone()}</code>
                <CopyButton text=sid label=t_string!(i18n, api.copy_account_sid) />
            </p>
            <p class="hint">{t!(i18n, api.account_sid_hint)}</p>
        </section>
    }
}

/// The key just created, with the only sight of its secret.
#[component]
fn NewKey(key: CreatedApiKey) -> impl IntoView {
    let i18n = use_i18n();
    let name = key.name;
    view! {
        <div class="new-key" data-testid="new-api-key">
            <p>
                <strong>{t!(i18n, api.key_created, name)}</strong>
            </p>
            <p class="alert alert-error">{t!(i18n, api.copy_secret_now)}</p>
            <dl class="key-facts">
                <dt>{t!(i18n, api.sid)}</dt>
                <dd class="copy-row">
                    <code data-testid="new-api-key-sid">{key.sid.clone()}</code>
                    <CopyButton text=key.sid label=t_string!(i18n, api.copy_key_sid) />
                </dd>
                <dt>{t!(i18n, api.secret)}</dt>
                <dd class="copy-row">
                    <code data-testid="new-api-key-secret">{key.secret.clone()}</code>
                    <CopyButton text=key.secret label=t_string!(i18n, api.copy_secret) />
                </dd>
            </dl>
        </div>
    }
}

/// Name, and every verifier or the chosen ones.
#[component]
fn CreateKeyForm(
    create: ServerAction<CreateApiKey>,
    verifiers: Vec<VerifierSummary>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = error_of(create);
    let verifiers_error = field_error(error, "verifiers");
    let some = RwSignal::new(false);
    let choices = if verifiers.is_empty() {
        view! { <p class="muted">{t!(i18n, api.no_verifiers)}</p> }.into_any()
    } else {
        verifiers
            .into_iter()
            .map(|verifier| {
                view! {
                    <label>
                        <input type="checkbox" name="verifiers[]" value=verifier.uid.clone() />
                        " " {verifier.title} " " <code>{verifier.uid}</code>
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <ActionForm action=create>
            <FormError error />
            <Field
                label=move || t_string!(i18n, api.name)
                name="name"
                hint=move || t_string!(i18n, api.name_hint)
                error
            />
            <fieldset class="field choice-group" aria-describedby="field-verifiers-error">
                <legend>{t!(i18n, api.verifiers_legend)}</legend>
                <label>
                    <input type="radio" name="scope" value="all" checked=true on:change=move |_| some.set(false) />
                    " "
                    {t!(i18n, api.scope_all)}
                </label>
                <label>
                    <input type="radio" name="scope" value="some" on:change=move |_| some.set(true) />
                    " "
                    {t!(i18n, api.scope_some)}
                </label>
                <div class="choices" hidden=move || !some.get()>
                    {choices}
                </div>
                <FieldError id="field-verifiers-error".to_owned() error=verifiers_error />
            </fieldset>
            <SubmitButton pending=create.pending()>
                {t!(i18n, api.create_key)}
            </SubmitButton>
        </ActionForm>
    }
}

#[component]
fn KeyTable(
    keys: Vec<ApiKeyEntry>,
    verifiers: Vec<VerifierSummary>,
    revoke: ServerAction<RevokeApiKey>,
) -> impl IntoView {
    let i18n = use_i18n();
    if keys.is_empty() {
        return view! {
            <h2>{t!(i18n, api.keys_heading)}</h2>
            <div class="empty-state">
                <p>{t!(i18n, api.no_keys)}</p>
            </div>
        }
        .into_any();
    }
    let error = error_of(revoke);
    let row = move |key: ApiKeyEntry| {
        let (chosen, verifiers) = (key.verifiers.clone(), verifiers.clone());
        let scope = Signal::derive(move || {
            describe_scope(i18n.get_locale(), chosen.as_deref(), &verifiers)
        });
        view! { <KeyRow key scope revoke /> }
    };
    view! {
        <h2>{t!(i18n, api.keys_heading)}</h2>
        <FormError error />
        <DataTable
            headings=move || {
                vec![
                    t_string!(i18n, api.heading_name_and_sid),
                    t_string!(i18n, api.heading_verifiers),
                    t_string!(i18n, api.heading_created),
                    t_string!(i18n, api.heading_last_used),
                    t_string!(i18n, api.heading_status),
                ]
            }
            actions=true
            items=keys
            row
        />
    }
    .into_any()
}

/// One key; "Revoke" asks for a confirmation in a row of its own below.
#[component]
fn KeyRow(
    key: ApiKeyEntry,
    scope: Signal<String>,
    revoke: ServerAction<RevokeApiKey>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    // Focus goes to the question's button, and back to "Revoke" when it is cancelled.
    let confirm_button = NodeRef::<html::Button>::new();
    let revoke_button = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = confirm_button.get() {
            let _ = button.focus();
        }
    });
    let (last_used_at, created_at) = (key.last_used_at_ms, key.created_at_ms);
    let last_used = move || {
        last_used_at.map_or_else(
            || t_string!(i18n, api.never).to_owned(),
            |at| format_utc(i18n.get_locale(), at),
        )
    };
    let confirm_id = format!("confirm-{}", key.sid);
    let (status, action, confirm) = if key.revoked {
        let status =
            view! { <span class="tag tag-muted">{t!(i18n, api.revoked)}</span> }.into_any();
        (status, None, None)
    } else {
        let status = view! { <span class="tag">{t!(i18n, api.active)}</span> }.into_any();
        let action = view! {
            <button
                type="button"
                class="link-button danger"
                aria-label={
                    let name = key.name.clone();
                    move || t_string!(i18n, api.revoke_label, name = name.clone()).to_string()
                }
                aria-expanded=move || confirming.get().to_string()
                aria-controls=confirm_id.clone()
                node_ref=revoke_button
                on:click=move |_| confirming.update(|shown| *shown = !*shown)
            >
                {t!(i18n, api.revoke)}
            </button>
        };
        let (sid, name) = (key.sid.clone(), key.name.clone());
        let confirm = view! {
            <tr id=confirm_id class="confirm-row" hidden=move || !confirming.get()>
                <td colspan="6">
                    <Show when=move || confirming.get()>
                        <ConfirmRevoke
                            sid=sid.clone()
                            name=name.clone()
                            revoke
                            confirming
                            confirm_button
                            revoke_button
                        />
                    </Show>
                </td>
            </tr>
        };
        (status, Some(action), Some(confirm))
    };
    view! {
        <tr>
            <td>
                <span class="key-name">{key.name}</span>
                <code class="key-sid">{key.sid}</code>
            </td>
            <td class="wrap">{scope}</td>
            <td>{move || format_utc(i18n.get_locale(), created_at)}</td>
            <td>{last_used}</td>
            <td>{status}</td>
            <td>{action}</td>
        </tr>
        {confirm}
    }
}

/// "Revoke “name”?" with the button that does it and the way back.
#[component]
fn ConfirmRevoke(
    sid: String,
    name: String,
    revoke: ServerAction<RevokeApiKey>,
    confirming: RwSignal<bool>,
    confirm_button: NodeRef<html::Button>,
    revoke_button: NodeRef<html::Button>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = {
        let name = name.clone();
        move || t_string!(i18n, api.confirm_revoke_label, name = name.clone()).to_string()
    };
    view! {
        <div class="confirm" role="group" aria-label=label>
            <p>{t!(i18n, api.confirm_revoke, name)}</p>
            <ActionForm action=revoke>
                <input type="hidden" name="sid" value=sid />
                <button
                    type="submit"
                    class="button button-danger button-small"
                    node_ref=confirm_button
                    disabled=move || revoke.pending().get()
                >
                    {t!(i18n, api.yes_revoke)}
                </button>
                <button
                    type="button"
                    class="button button-secondary button-small"
                    on:click=move |_| {
                        confirming.set(false);
                        request_animation_frame(move || {
                            if let Some(button) = revoke_button.get_untracked() {
                                let _ = button.focus();
                            }
                        });
                    }
                >
                    {t!(i18n, api.cancel)}
                </button>
            </ActionForm>
        </div>
    }
}

/// "All", or the chosen verifiers by title and UID (the UID alone for one deleted since).
fn describe_scope(
    locale: Locale,
    chosen: Option<&[String]>,
    verifiers: &[VerifierSummary],
) -> String {
    let Some(chosen) = chosen else {
        return td_string!(locale, api.scope_everything).to_owned();
    };
    chosen
        .iter()
        .map(|uid| {
            verifiers
                .iter()
                .find(|verifier| &verifier.uid == uid)
                .map_or_else(
                    || uid.clone(),
                    |verifier| format!("{} ({uid})", verifier.title),
                )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::describe_scope;
    use crate::{dto::VerifierSummary, i18n::Locale};

    fn verifier(uid: &str, title: &str) -> VerifierSummary {
        VerifierSummary {
            uid: uid.to_owned(),
            service_sid: format!("VA{:032x}", 1),
            title: title.to_owned(),
            verification_type: "sms-otp".to_owned(),
            description: String::new(),
            provider: "sandbox".to_owned(),
            budget: Default::default(),
        }
    }

    #[test]
    fn a_key_for_every_verifier_reads_all() {
        assert_eq!(
            describe_scope(Locale::en, None, &[verifier("sms", "Phone")]),
            "All"
        );
    }

    #[test]
    fn chosen_verifiers_read_as_titles_with_uids_and_deleted_ones_as_uids() {
        let chosen = ["sms".to_owned(), "gone".to_owned()];
        assert_eq!(
            describe_scope(Locale::en, Some(&chosen), &[verifier("sms", "Phone")]),
            "Phone (sms), gone"
        );
    }
}

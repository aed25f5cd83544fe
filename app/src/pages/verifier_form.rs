use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    AppError,
    api::{SaveVerifier, SendTestSms, get_verifier, new_verifier_form},
    components::{CopyButton, Field, FormError, Loaded, error_of, field_error},
    dto::{ProviderInfo, SettingInput, VerifierDetails},
    types::Policy,
};

/// Administrators: "Add new" → SMS OTP.
#[component]
pub fn NewVerifierPage() -> impl IntoView {
    let defaults = Resource::new(|| (), |_| new_verifier_form());
    view! {
        <Title text="Add SMS OTP verifier" />
        <h1>"Add SMS OTP verifier"</h1>
        <Loaded data=move || defaults let:defaults>
            {
                let verifier = VerifierDetails {
                    uid: defaults.suggested_uid,
                    service_sid: String::new(),
                    title: String::new(),
                    description: String::new(),
                    provider: defaults
                        .providers
                        .first()
                        .map(|p| p.kind.clone())
                        .unwrap_or_default(),
                    settings: Default::default(),
                    secrets_set: Vec::new(),
                    fallback_provider: String::new(),
                    fallback_settings: Default::default(),
                    fallback_secrets_set: Vec::new(),
                    policy: defaults.policy,
                    sign_in_enabled: false,
                    bound_users: 0,
                };
                view! { <VerifierForm creating=true verifier providers=defaults.providers /> }
                    .into_any()
            }
        </Loaded>
    }
}

/// Administrators: edit a verifier and send it a test message.
#[component]
pub fn EditVerifierPage() -> impl IntoView {
    let params = use_params_map();
    let uid = move || params.read().get("uid").unwrap_or_default();
    let loaded = Resource::new(uid, get_verifier);
    view! {
        <Title text="Edit verifier" />
        <Loaded data=move || loaded let:found>
            {
                let (verifier, providers) = found;
                let uid = verifier.uid.clone();
                view! {
                    <h1>"Edit " {verifier.title.clone()}</h1>
                    <VerifierForm creating=false verifier providers />
                    <TestSms uid />
                }
                    .into_any()
            }
        </Loaded>
    }
}

/// The one form for adding and editing: identity, provider with its own settings, policy.
#[component]
fn VerifierForm(
    creating: bool,
    verifier: VerifierDetails,
    providers: Vec<ProviderInfo>,
) -> impl IntoView {
    let save = ServerAction::<SaveVerifier>::new();
    let error = error_of(save);
    let provider = RwSignal::new(verifier.provider.clone());
    let fallback = RwSignal::new(verifier.fallback_provider.clone());
    let options = |chosen: &str| {
        providers
            .iter()
            .map(|p| {
                let selected = p.kind == chosen;
                view! { <option value=p.kind.clone() selected=selected>{p.title.clone()}</option> }
            })
            .collect_view()
    };
    let provider_options = options(&verifier.provider);
    let fallback_options = options(&verifier.fallback_provider);
    let sections = providers
        .into_iter()
        .map(|info| view! { <ProviderSettings info verifier=verifier.clone() provider fallback error /> })
        .collect_view();
    view! {
        <ActionForm action=save>
            <input type="hidden" name="mode" value=if creating { "create" } else { "edit" } />
            <FormError error />
            <section class="card form-section">
                <h2>"Verifier"</h2>
                <Field
                    label="UID"
                    name="uid"
                    value=verifier.uid.clone()
                    readonly=!creating
                    hint="Letters, digits, '_' and '-'. It cannot be changed later."
                    error=field_error(error, "uid")
                />
                {(!creating).then(|| view! { <ServiceSid sid=verifier.service_sid.clone() /> })}
                <Field label="Title" name="title" value=verifier.title.clone() error=field_error(error, "title") />
                <div class="field">
                    <label for="field-description">"Description"</label>
                    <textarea id="field-description" name="description" rows="2">
                        {verifier.description.clone()}
                    </textarea>
                    <p class="field-error" role="alert">{move || field_error(error, "description").get()}</p>
                </div>
                <div class="field">
                    <label for="field-provider">"Provider"</label>
                    <select
                        id="field-provider"
                        name="provider"
                        on:change=move |event| provider.set(event_target_value(&event))
                    >
                        {provider_options}
                    </select>
                    <p class="field-error" role="alert">{move || field_error(error, "provider").get()}</p>
                </div>
                <div class="field">
                    <label for="field-fallback-provider">"Fallback provider"</label>
                    <select
                        id="field-fallback-provider"
                        name="fallback_provider"
                        on:change=move |event| fallback.set(event_target_value(&event))
                    >
                        <option value="" selected=verifier.fallback_provider.is_empty()>"None"</option>
                        {fallback_options}
                    </select>
                    <p class="hint">
                        "Used only when the first provider cannot be reached or fails on its side; never for an invalid number or a rate limit."
                    </p>
                    <p class="field-error" role="alert">{move || field_error(error, "fallback_provider").get()}</p>
                </div>
                <div class="field checkbox">
                    <label>
                        <input type="checkbox" name="sign_in_enabled" value="on" checked=verifier.sign_in_enabled />
                        " Allow sign-in with this verifier"
                    </label>
                    <p class="hint">"Users who bound a number can then sign in with a code sent to it."</p>
                </div>
            </section>
            {sections}
            <PolicyFields policy=verifier.policy.clone() error />
            <button type="submit" class="button" disabled=move || save.pending().get()>
                "Submit"
            </button>
        </ActionForm>
    }
}

/// The verifier's name in the API, given when it was first saved; shown, never submitted.
#[component]
fn ServiceSid(sid: String) -> impl IntoView {
    view! {
        <div class="field">
            <label for="field-service-sid">"Service SID"</label>
            <div class="copy-row">
                <input id="field-service-sid" type="text" value=sid.clone() readonly=true aria-describedby="field-service-sid-hint" />
                <CopyButton text=sid label="Copy Service SID" />
            </div>
            <p class="hint" id="field-service-sid-hint">
                "Names this verifier in the API, like Twilio Verify's Service SID. It cannot be changed."
            </p>
        </div>
    }
}

/// One provider's settings. Every provider's section is in the page (so the form also works
/// without JavaScript); only the chosen and the fallback provider's are shown and used.
#[component]
fn ProviderSettings(
    info: ProviderInfo,
    verifier: VerifierDetails,
    provider: RwSignal<String>,
    fallback: RwSignal<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    // The stored values, from whichever slot this provider holds.
    let (stored, secrets_set) = if info.kind == verifier.provider {
        (verifier.settings, verifier.secrets_set)
    } else if info.kind == verifier.fallback_provider {
        (verifier.fallback_settings, verifier.fallback_secrets_set)
    } else {
        Default::default()
    };
    let (shown, is_fallback) = {
        let (shown_kind, fallback_kind) = (info.kind.clone(), info.kind.clone());
        (
            move || provider.get() == shown_kind || fallback.get() == shown_kind,
            move || fallback.get() == fallback_kind && provider.get() != fallback_kind,
        )
    };
    let fields = info
        .settings
        .into_iter()
        .map(|setting| {
            let name = format!("settings[{}][{}]", info.kind, setting.key);
            let id = format!("setting-{}-{}", info.kind, setting.key);
            let field = format!("settings.{}.{}", info.kind, setting.key);
            let message = Signal::derive(move || error.get().and_then(|e| e.for_field(&field)));
            let current = stored.get(&setting.key).cloned().unwrap_or_default();
            let secret_set = secrets_set.contains(&setting.key);
            let input = match setting.input {
                SettingInput::Text => {
                    view! { <input id=id.clone() name=name type="text" value=current autocomplete="off" /> }.into_any()
                }
                SettingInput::Secret => {
                    let placeholder = if secret_set { "•••••• set — leave empty to keep it" } else { "" };
                    view! {
                        <input id=id.clone() name=name type="password" value="" autocomplete="new-password" placeholder=placeholder />
                    }
                        .into_any()
                }
                SettingInput::Select(choices) => {
                    view! {
                        <select id=id.clone() name=name>
                            {choices
                                .into_iter()
                                .map(|choice| {
                                    let selected = choice == current;
                                    view! { <option value=choice.clone() selected=selected>{choice.clone()}</option> }
                                })
                                .collect_view()}
                        </select>
                    }
                        .into_any()
                }
            };
            view! {
                <div class="field">
                    <label for=id>
                        {setting.label}
                        {setting.required.then_some(" *")}
                        {secret_set.then(|| view! { <span class="tag">"set"</span> })}
                    </label>
                    {input}
                    {(!setting.help.is_empty()).then(|| view! { <p class="hint">{setting.help.clone()}</p> })}
                    <p class="field-error" role="alert">{move || message.get()}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card form-section" hidden=move || !shown()>
            <h2>{info.title} " settings" {move || is_fallback().then_some(" (fallback)")}</h2>
            {fields}
        </section>
    }
}

#[component]
fn PolicyFields(policy: Policy, error: Signal<Option<AppError>>) -> impl IntoView {
    let countries = policy
        .allowed_countries
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="card form-section">
            <h2>"Policy"</h2>
            <div class="grid-2">
                <Field label="Code length" name="code_length" kind="number" value=policy.code_length.to_string() hint="4–10 digits" error=field_error(error, "code_length") />
                <Field label="Code lifetime (s)" name="code_lifetime_secs" kind="number" value=policy.code_lifetime_secs.to_string() hint="60–600" error=field_error(error, "code_lifetime_secs") />
                <Field label="Resend interval (s)" name="resend_interval_secs" kind="number" value=policy.resend_interval_secs.to_string() hint="30 up to the lifetime" error=field_error(error, "resend_interval_secs") />
                <Field label="Wrong attempts per code" name="max_attempts" kind="number" value=policy.max_attempts.to_string() hint="1–10" error=field_error(error, "max_attempts") />
                <Field label="Codes per number per hour" name="sends_per_hour" kind="number" value=policy.sends_per_hour.to_string() error=field_error(error, "sends_per_hour") />
                <Field label="Codes per number per day" name="sends_per_day" kind="number" value=policy.sends_per_day.to_string() error=field_error(error, "sends_per_day") />
            </div>
            <h3>"Send budgets"</h3>
            <div class="grid-2">
                <Field label="Numbers per user per hour" name="numbers_per_user_hour" kind="number" value=policy.numbers_per_user_hour.to_string() hint="Different numbers one signed-in user may get codes to" error=field_error(error, "numbers_per_user_hour") />
                <Field label="Sign-in codes per client address per hour" name="sign_ins_per_client_hour" kind="number" value=policy.sign_ins_per_client_hour.to_string() error=field_error(error, "sign_ins_per_client_hour") />
                <Field label="Codes per API key per minute" name="api_sends_per_key_minute" kind="number" value=policy.api_sends_per_key_minute.to_string() error=field_error(error, "api_sends_per_key_minute") />
                <Field label="Codes per API key per day" name="api_sends_per_key_day" kind="number" value=policy.api_sends_per_key_day.to_string() error=field_error(error, "api_sends_per_key_day") />
                <Field label="Codes per verifier per day" name="sends_per_verifier_day" kind="number" value=policy.sends_per_verifier_day.to_string() hint="All callers together; sends stop at 100 % until the next UTC day" error=field_error(error, "sends_per_verifier_day") />
            </div>
            <Field
                label="Allowed countries"
                name="allowed_countries"
                value=countries
                required=false
                placeholder="All countries"
                hint="Calling codes separated by commas, like 86, 31. Empty allows every country."
                error=field_error(error, "allowed_countries")
            />
            {policy
                .allowed_countries
                .is_empty()
                .then(|| {
                    view! {
                        <p class="alert alert-warning" data-testid="all-countries-warning">
                            "No country limit: codes can go to any country, including those where a text message costs the most. List the countries your users are in."
                        </p>
                    }
                })}
            <div class="field checkbox">
                <label>
                    <input type="checkbox" name="allow_fixed_lines" value="on" checked=policy.allow_fixed_lines />
                    " Send codes to fixed-line numbers too"
                </label>
                <p class="hint">
                    "Off by default: most fixed lines cannot receive text messages, and some carriers read the code aloud to whoever answers. Premium-rate, shared-cost, toll-free, UAN, voicemail and pager numbers never get codes."
                </p>
            </div>
        </section>
    }
}

/// "Send test SMS": sends through the saved configuration and shows what the provider said.
#[component]
fn TestSms(uid: String) -> impl IntoView {
    let send = ServerAction::<SendTestSms>::new();
    let error = error_of(send);
    let outcome = move || send.value().get().and_then(Result::ok);
    view! {
        <section class="card form-section">
            <h2>"Send test SMS"</h2>
            <ActionForm action=send>
                <input type="hidden" name="uid" value=uid />
                <FormError error />
                <Field
                    label="Phone number"
                    name="phone"
                    kind="tel"
                    placeholder="+86 138 0013 8000"
                    error=field_error(error, "phone")
                />
                <button type="submit" class="button button-secondary" disabled=move || send.pending().get()>
                    "Send test SMS"
                </button>
            </ActionForm>
            {move || {
                outcome()
                    .map(|outcome| {
                        let class = if outcome.sent { "alert alert-ok" } else { "alert alert-error" };
                        let headline = if outcome.sent { "Sent" } else { "Not sent" };
                        view! {
                            <div class=class role="status" data-testid="test-sms-outcome">
                                <p>
                                    <strong>{headline}</strong>
                                    " through " {outcome.provider} ". "
                                    {outcome.detail}
                                </p>
                                <p>
                                    {if outcome.sent { "Request id: " } else { "Error code: " }}
                                    <code>{outcome.reference}</code>
                                </p>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

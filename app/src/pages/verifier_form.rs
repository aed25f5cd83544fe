use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::text::t;
use crate::{
    AppError,
    api::{SaveVerifier, SendTestSms, get_verifier, new_verifier_form},
    components::{
        CopyButton, Field, FieldError, FormError, Labelled, Loaded, SubmitButton, error_of,
        field_error,
    },
    dto::{ProviderInfo, SettingInput, TestSmsOutcome, VerifierDetails},
    i18n::{Locale, t_string, td_string, use_i18n},
    pages::provider_words::{
        option_label, provider_name, provider_title, setting_help, setting_label,
    },
    types::{MessageTexts, Policy, TestSmsFailure},
};

/// Administrators: "Add new" → SMS OTP.
#[component]
pub fn NewVerifierPage() -> impl IntoView {
    let i18n = use_i18n();
    let defaults = Resource::new(|| (), |_| new_verifier_form());
    view! {
        <Title text=move || t_string!(i18n, verifiers.new_title) />
        <h1>{t!(i18n, verifiers.new_title)}</h1>
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
    let i18n = use_i18n();
    let params = use_params_map();
    let uid = move || params.read().get("uid").unwrap_or_default();
    let loaded = Resource::new(uid, get_verifier);
    view! {
        <Title text=move || t_string!(i18n, verifiers.edit_page_title) />
        <Loaded data=move || loaded let:found>
            {
                let (verifier, providers) = found;
                let uid = verifier.uid.clone();
                let title = verifier.title.clone();
                view! {
                    <h1>{t!(i18n, verifiers.edit_heading, title)}</h1>
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
    let i18n = use_i18n();
    let save = ServerAction::<SaveVerifier>::new();
    let error = error_of(save);
    let provider = RwSignal::new(verifier.provider.clone());
    let fallback = RwSignal::new(verifier.fallback_provider.clone());
    let options = |chosen: &str| {
        providers
            .iter()
            .map(|p| {
                let selected = p.kind == chosen;
                let (kind, title) = (p.kind.clone(), p.title.clone());
                let title = move || provider_title(i18n.get_locale(), &kind, &title);
                view! { <option value=p.kind.clone() selected=selected>{title}</option> }
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
                <h2>{t!(i18n, verifiers.section_verifier)}</h2>
                <Field
                    label=move || t_string!(i18n, verifiers.heading_uid)
                    name="uid"
                    value=verifier.uid.clone()
                    readonly=!creating
                    hint=move || t_string!(i18n, verifiers.uid_hint)
                    error
                />
                {(!creating).then(|| view! { <ServiceSid sid=verifier.service_sid.clone() /> })}
                <Field label=move || t_string!(i18n, verifiers.heading_title) name="title" value=verifier.title.clone() error />
                <Labelled label=move || t_string!(i18n, verifiers.heading_description) name="description" error let:control>
                    <textarea
                        id=control.id
                        name="description"
                        rows="2"
                        aria-invalid=control.invalid
                        aria-describedby=control.error_id
                    >
                        {verifier.description.clone()}
                    </textarea>
                </Labelled>
                <Labelled label=move || t_string!(i18n, verifiers.heading_provider) name="provider" error let:control>
                    <select
                        id=control.id
                        name="provider"
                        aria-invalid=control.invalid
                        aria-describedby=control.error_id
                        on:change=move |event| provider.set(event_target_value(&event))
                    >
                        {provider_options}
                    </select>
                </Labelled>
                <Labelled label=move || t_string!(i18n, verifiers.fallback_provider) name="fallback_provider" error let:control>
                    <select
                        id=control.id
                        name="fallback_provider"
                        aria-invalid=control.invalid
                        aria-describedby=control.error_id
                        on:change=move |event| fallback.set(event_target_value(&event))
                    >
                        <option value="" selected=verifier.fallback_provider.is_empty()>
                            {t!(i18n, verifiers.fallback_none)}
                        </option>
                        {fallback_options}
                    </select>
                    <p class="hint">{t!(i18n, verifiers.fallback_hint)}</p>
                </Labelled>
                <div class="field checkbox">
                    <label>
                        <input type="checkbox" name="sign_in_enabled" value="on" checked=verifier.sign_in_enabled />
                        " "
                        {t!(i18n, verifiers.allow_sign_in)}
                    </label>
                    <p class="hint">{t!(i18n, verifiers.allow_sign_in_hint)}</p>
                </div>
            </section>
            {sections}
            <PolicyFields policy=verifier.policy.clone() error />
            <SubmitButton pending=save.pending()>
                {t!(i18n, verifiers.submit)}
            </SubmitButton>
        </ActionForm>
    }
}

/// The verifier's name in the API, given when it was first saved; shown, never submitted.
#[component]
fn ServiceSid(sid: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="field-service-sid">{t!(i18n, verifiers.heading_service_sid)}</label>
            <div class="copy-row">
                <input id="field-service-sid" type="text" value=sid.clone() readonly=true aria-describedby="field-service-sid-hint" />
                <CopyButton text=sid label=t_string!(i18n, verifiers.copy_service_sid) />
            </div>
            <p class="hint" id="field-service-sid-hint">
                {t!(i18n, verifiers.service_sid_hint)}
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
    let i18n = use_i18n();
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
            let error_id = format!("{id}-error");
            let field = format!("settings.{}.{}", info.kind, setting.key);
            let message = field_error(error, field.clone());
            let current = stored.get(&setting.key).cloned().unwrap_or_default();
            let secret_set = secrets_set.contains(&setting.key);
            let kind = info.kind.clone();
            let input = match setting.input {
                SettingInput::Text => {
                    view! { <input id=id.clone() name=name type="text" value=current autocomplete="off" aria-describedby=error_id.clone() /> }.into_any()
                }
                SettingInput::Secret => {
                    let placeholder = move || {
                        if secret_set { t_string!(i18n, verifiers.secret_set_placeholder) } else { "" }
                    };
                    view! {
                        <input id=id.clone() name=name type="password" value="" autocomplete="new-password" placeholder=placeholder aria-describedby=error_id.clone() />
                    }
                        .into_any()
                }
                SettingInput::Select(choices) => {
                    view! {
                        <select id=id.clone() name=name aria-describedby=error_id.clone()>
                            {choices
                                .into_iter()
                                .map(|choice| {
                                    let selected = choice == current;
                                    let (kind, key, option) = (kind.clone(), setting.key.clone(), choice.clone());
                                    let text = move || option_label(i18n.get_locale(), &kind, &key, &option, &option);
                                    view! { <option value=choice selected=selected>{text}</option> }
                                })
                                .collect_view()}
                        </select>
                    }
                        .into_any()
                }
            };
            let label = {
                let (kind, key, english) = (kind.clone(), setting.key.clone(), setting.label);
                move || setting_label(i18n.get_locale(), &kind, &key, &english)
            };
            let help = (!setting.help.is_empty()).then(|| {
                let (key, english) = (setting.key.clone(), setting.help);
                move || setting_help(i18n.get_locale(), &kind, &key, &english)
            });
            view! {
                <div class="field">
                    <label for=id>
                        {label}
                        {setting.required.then_some(" *")}
                        {secret_set.then(|| view! { <span class="tag">{t!(i18n, verifiers.setting_set)}</span> })}
                    </label>
                    {input}
                    {help.map(|help| view! { <p class="hint">{help}</p> })}
                    <FieldError id=error_id error=message />
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card form-section" hidden=move || !shown()>
            <h2>
                {move || {
                    let provider = provider_title(i18n.get_locale(), &info.kind, &info.title);
                    if is_fallback() {
                        t_string!(i18n, verifiers.provider_settings_fallback, provider).to_string()
                    } else {
                        t_string!(i18n, verifiers.provider_settings, provider).to_string()
                    }
                }}
            </h2>
            {fields}
        </section>
    }
}

#[component]
fn PolicyFields(policy: Policy, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let countries = policy
        .allowed_countries
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="card form-section">
            <h2>{t!(i18n, verifiers.policy)}</h2>
            <div class="grid-2">
                <Field label=move || t_string!(i18n, verifiers.code_length) name="code_length" kind="number" value=policy.code_length.to_string() hint=move || t_string!(i18n, verifiers.code_length_hint) error />
                <Field label=move || t_string!(i18n, verifiers.code_lifetime) name="code_lifetime_secs" kind="number" value=policy.code_lifetime_secs.to_string() hint="60–600" error />
                <Field label=move || t_string!(i18n, verifiers.resend_interval) name="resend_interval_secs" kind="number" value=policy.resend_interval_secs.to_string() hint=move || t_string!(i18n, verifiers.resend_interval_hint) error />
                <Field label=move || t_string!(i18n, verifiers.max_attempts) name="max_attempts" kind="number" value=policy.max_attempts.to_string() hint="1–10" error />
                <Field label=move || t_string!(i18n, verifiers.sends_per_hour) name="sends_per_hour" kind="number" value=policy.sends_per_hour.to_string() error />
                <Field label=move || t_string!(i18n, verifiers.sends_per_day) name="sends_per_day" kind="number" value=policy.sends_per_day.to_string() error />
            </div>
            <h3>{t!(i18n, verifiers.send_budgets)}</h3>
            <div class="grid-2">
                <Field label=move || t_string!(i18n, verifiers.numbers_per_user_hour) name="numbers_per_user_hour" kind="number" value=policy.numbers_per_user_hour.to_string() hint=move || t_string!(i18n, verifiers.numbers_per_user_hour_hint) error />
                <Field label=move || t_string!(i18n, verifiers.codes_per_user_day) name="codes_per_user_day" kind="number" value=policy.codes_per_user_day.to_string() hint=move || t_string!(i18n, verifiers.codes_per_user_day_hint) error />
                <Field label=move || t_string!(i18n, verifiers.sign_ins_per_client_hour) name="sign_ins_per_client_hour" kind="number" value=policy.sign_ins_per_client_hour.to_string() error />
                <Field label=move || t_string!(i18n, verifiers.api_sends_per_key_minute) name="api_sends_per_key_minute" kind="number" value=policy.api_sends_per_key_minute.to_string() error />
                <Field label=move || t_string!(i18n, verifiers.api_sends_per_key_day) name="api_sends_per_key_day" kind="number" value=policy.api_sends_per_key_day.to_string() error />
                <Field label=move || t_string!(i18n, verifiers.sends_per_verifier_day) name="sends_per_verifier_day" kind="number" value=policy.sends_per_verifier_day.to_string() hint=move || t_string!(i18n, verifiers.sends_per_verifier_day_hint) error />
            </div>
            <Field
                label=move || t_string!(i18n, verifiers.allowed_countries)
                name="allowed_countries"
                value=countries
                required=false
                placeholder=move || t_string!(i18n, verifiers.allowed_countries_placeholder)
                hint=move || t_string!(i18n, verifiers.allowed_countries_hint)
                error
            />
            {policy
                .allowed_countries
                .is_empty()
                .then(|| {
                    view! {
                        <p class="alert alert-warning" data-testid="all-countries-warning">
                            {t!(i18n, verifiers.all_countries_warning)}
                        </p>
                    }
                })}
            <div class="field checkbox">
                <label>
                    <input type="checkbox" name="allow_fixed_lines" value="on" checked=policy.allow_fixed_lines />
                    " "
                    {t!(i18n, verifiers.allow_fixed_lines)}
                </label>
                <p class="hint">{t!(i18n, verifiers.allow_fixed_lines_hint)}</p>
            </div>
            <MessageTextFields texts=policy.message_texts error />
        </section>
    }
}

/// One text per language for the providers that send free text; the placeholder shows the
/// built-in text that applies while a field is empty.
#[component]
fn MessageTextFields(texts: MessageTexts, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let fields = Locale::get_all()
        .iter()
        .map(|&language| {
            let tag = language.as_str();
            let id = format!("field-message-text-{tag}");
            let error_id = format!("{id}-error");
            let message = field_error(error, format!("message_texts.{tag}"));
            view! {
                <div class="field">
                    <label for=id.clone()>
                        {move || {
                            t_string!(
                                i18n,
                                verifiers.message_text_label,
                                language = td_string!(language, common.language_name)
                            )
                        }}
                    </label>
                    <textarea
                        id=id
                        name=format!("message_texts[{tag}]")
                        // Room for the built-in text, shown as the placeholder, on a phone.
                        rows="3"
                        lang=tag
                        placeholder=td_string!(language, sms.default_text, verifier = "…", code = "123456", minutes = 5)
                        aria-invalid=move || message.get().is_some().to_string()
                        aria-describedby=error_id.clone()
                    >
                        {texts.get(language).unwrap_or_default().to_owned()}
                    </textarea>
                    <FieldError id=error_id error=message />
                </div>
            }
        })
        .collect_view();
    view! {
        <h3>{t!(i18n, verifiers.section_messages)}</h3>
        <p class="hint">{t!(i18n, verifiers.messages_intro)}</p>
        {fields}
    }
}

/// "Send test SMS": sends through the saved configuration and shows what the provider said.
#[component]
fn TestSms(uid: String) -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<SendTestSms>::new();
    let error = error_of(send);
    let outcome = move || send.value().get().and_then(Result::ok);
    view! {
        <section class="card form-section">
            <h2>{t!(i18n, verifiers.test_sms)}</h2>
            <ActionForm action=send>
                <input type="hidden" name="uid" value=uid />
                <FormError error />
                <Field
                    label=move || t_string!(i18n, verifiers.phone_number)
                    name="phone"
                    kind="tel"
                    placeholder="+86 138 0013 8000"
                    error
                />
                <SubmitButton pending=send.pending() class="button button-secondary">
                    {t!(i18n, verifiers.test_sms)}
                </SubmitButton>
            </ActionForm>
            {move || {
                outcome()
                    .map(|outcome| {
                        let class = if outcome.sent { "alert alert-ok" } else { "alert alert-error" };
                        let provider = provider_name(i18n.get_locale(), &outcome.provider);
                        let strong = |children: ChildrenFn| view! { <strong>{children()}</strong> };
                        let headline = if outcome.sent {
                            t!(i18n, verifiers.test_sms_sent, provider, <strong>).into_any()
                        } else {
                            t!(i18n, verifiers.test_sms_not_sent, provider, <strong>).into_any()
                        };
                        let reference_label = move || {
                            if outcome.sent {
                                t_string!(i18n, verifiers.request_id)
                            } else {
                                t_string!(i18n, verifiers.error_code)
                            }
                        };
                        let detail = test_detail(i18n.get_locale(), &outcome);
                        view! {
                            <div class=class role="status" data-testid="test-sms-outcome">
                                <p>{headline} " " {detail}</p>
                                <p>
                                    {reference_label} " "
                                    <code>{outcome.reference}</code>
                                </p>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// What a test message's outcome means for the administrator: where it went, or why it did not
/// (the provider's own answer stays in the server log).
fn test_detail(locale: Locale, outcome: &TestSmsOutcome) -> String {
    let failure = match outcome.failure {
        None => return td_string!(locale, verifiers.test_sent_to, receiver = &outcome.to),
        Some(TestSmsFailure::InvalidNumber) => td_string!(locale, verifiers.test_invalid_number),
        Some(TestSmsFailure::RateLimited) => td_string!(locale, verifiers.test_rate_limited),
        Some(TestSmsFailure::Rejected) => td_string!(locale, verifiers.test_rejected),
        Some(TestSmsFailure::Unavailable) => td_string!(locale, verifiers.test_unavailable),
    };
    format!("{failure} {}", td_string!(locale, verifiers.test_see_log))
}

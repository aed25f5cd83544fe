use leptos::{html::Input, prelude::*};
use leptos_i18n::I18nContext;

use super::FieldError;
use crate::i18n::{Locale, t_string, use_i18n};
use crate::text::t;

/// Calling codes offered when a verifier allows every country, most used first.
const CALLING_CODES: &[u16] = &[
    86, 852, 853, 886, 1, 44, 31, 49, 33, 34, 39, 32, 41, 46, 48, 7, 81, 82, 65, 60, 66, 84, 62,
    63, 91, 61, 64, 55, 52, 27, 971, 90,
];

/// The name of the country (or countries) a calling code in [`CALLING_CODES`] belongs to, in
/// the reader's language.
fn country_name(i18n: I18nContext<Locale>, code: u16) -> Option<&'static str> {
    Some(match code {
        86 => t_string!(i18n, verification.country_china),
        852 => t_string!(i18n, verification.country_hong_kong),
        853 => t_string!(i18n, verification.country_macao),
        886 => t_string!(i18n, verification.country_taiwan),
        1 => t_string!(i18n, verification.country_us_canada),
        44 => t_string!(i18n, verification.country_united_kingdom),
        31 => t_string!(i18n, verification.country_netherlands),
        49 => t_string!(i18n, verification.country_germany),
        33 => t_string!(i18n, verification.country_france),
        34 => t_string!(i18n, verification.country_spain),
        39 => t_string!(i18n, verification.country_italy),
        32 => t_string!(i18n, verification.country_belgium),
        41 => t_string!(i18n, verification.country_switzerland),
        46 => t_string!(i18n, verification.country_sweden),
        48 => t_string!(i18n, verification.country_poland),
        7 => t_string!(i18n, verification.country_russia_kazakhstan),
        81 => t_string!(i18n, verification.country_japan),
        82 => t_string!(i18n, verification.country_south_korea),
        65 => t_string!(i18n, verification.country_singapore),
        60 => t_string!(i18n, verification.country_malaysia),
        66 => t_string!(i18n, verification.country_thailand),
        84 => t_string!(i18n, verification.country_vietnam),
        62 => t_string!(i18n, verification.country_indonesia),
        63 => t_string!(i18n, verification.country_philippines),
        91 => t_string!(i18n, verification.country_india),
        61 => t_string!(i18n, verification.country_australia),
        64 => t_string!(i18n, verification.country_new_zealand),
        55 => t_string!(i18n, verification.country_brazil),
        52 => t_string!(i18n, verification.country_mexico),
        27 => t_string!(i18n, verification.country_south_africa),
        971 => t_string!(i18n, verification.country_united_arab_emirates),
        90 => t_string!(i18n, verification.country_turkey),
        _ => return None,
    })
}

/// "China (+86)", or "+999" for a calling code without a name here.
fn country_label(i18n: I18nContext<Locale>, code: u16) -> String {
    match country_name(i18n, code) {
        Some(country) => t_string!(i18n, verification.country_with_code, country, code),
        None => format!("+{code}"),
    }
}

/// The calling codes to offer: the verifier's allowed ones, or every one in the list.
pub fn countries_for(allowed: &[u16]) -> Vec<u16> {
    if allowed.is_empty() {
        CALLING_CODES.to_vec()
    } else {
        allowed.to_vec()
    }
}

/// "Phone number": a country selector and the number. Pasting a full `+86…` number works too.
#[component]
pub fn PhoneFields(
    /// Makes the ids unique when several forms share a page.
    id: String,
    allowed: Vec<u16>,
    country: RwSignal<String>,
    phone: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = countries_for(&allowed);
    if country.get_untracked().is_empty()
        && let Some(code) = options.first()
    {
        country.set(code.to_string());
    }
    let country_id = format!("{id}-country");
    let phone_id = format!("{id}-phone");
    let error_id = format!("{id}-phone-error");
    view! {
        <div class="field">
            <label for=phone_id.clone()>{t!(i18n, verification.phone_number)}</label>
            <div class="phone-row">
                <select
                    id=country_id
                    aria-label=move || t_string!(i18n, verification.country)
                    on:change=move |event| country.set(event_target_value(&event))
                >
                    {options
                        .into_iter()
                        .map(|code| {
                            let value = code.to_string();
                            let selected = value == country.get_untracked();
                            view! {
                                <option value=value selected=selected>
                                    {move || country_label(i18n, code)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <input
                    id=phone_id
                    type="tel"
                    autocomplete="tel-national"
                    placeholder="138 0013 8000"
                    bind:value=phone
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=error_id.clone()
                />
            </div>
            <FieldError id=error_id error />
        </div>
    }
}

/// "Verification code": digits only on phones, filled from the SMS where the platform offers it.
#[component]
pub fn CodeField(
    id: String,
    #[prop(into)] length: Signal<u32>,
    code: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// The input, for a form that moves the focus to it (once a code is sent).
    #[prop(optional)]
    input_ref: NodeRef<Input>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input_id = format!("{id}-code");
    let error_id = format!("{id}-code-error");
    view! {
        <div class="field">
            <label for=input_id.clone()>{t!(i18n, verification.verification_code)}</label>
            <input
                id=input_id
                node_ref=input_ref
                class="code-input"
                inputmode="numeric"
                autocomplete="one-time-code"
                // Room for spaces in a pasted code; the server ignores them.
                maxlength=move || (length.get() + 4).to_string()
                placeholder=move || "•".repeat(length.get() as usize)
                bind:value=code
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
            />
            <FieldError id=error_id error />
        </div>
    }
}

use leptos::prelude::*;

/// Calling codes offered when a verifier allows every country, most used first.
const COUNTRIES: &[(u16, &str)] = &[
    (86, "China"),
    (852, "Hong Kong"),
    (853, "Macao"),
    (886, "Taiwan"),
    (1, "United States / Canada"),
    (44, "United Kingdom"),
    (31, "Netherlands"),
    (49, "Germany"),
    (33, "France"),
    (34, "Spain"),
    (39, "Italy"),
    (32, "Belgium"),
    (41, "Switzerland"),
    (46, "Sweden"),
    (48, "Poland"),
    (7, "Russia / Kazakhstan"),
    (81, "Japan"),
    (82, "South Korea"),
    (65, "Singapore"),
    (60, "Malaysia"),
    (66, "Thailand"),
    (84, "Vietnam"),
    (62, "Indonesia"),
    (63, "Philippines"),
    (91, "India"),
    (61, "Australia"),
    (64, "New Zealand"),
    (55, "Brazil"),
    (52, "Mexico"),
    (27, "South Africa"),
    (971, "United Arab Emirates"),
    (90, "Turkey"),
];

fn country_name(code: u16) -> String {
    COUNTRIES.iter().find(|(c, _)| *c == code).map_or_else(
        || format!("+{code}"),
        |(_, name)| format!("{name} (+{code})"),
    )
}

/// The countries to offer: the verifier's allowed ones, or every country in the list.
pub fn countries_for(allowed: &[u16]) -> Vec<(u16, String)> {
    if allowed.is_empty() {
        COUNTRIES
            .iter()
            .map(|(code, name)| (*code, format!("{name} (+{code})")))
            .collect()
    } else {
        allowed
            .iter()
            .map(|code| (*code, country_name(*code)))
            .collect()
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
    let options = countries_for(&allowed);
    if country.get_untracked().is_empty()
        && let Some((code, _)) = options.first()
    {
        country.set(code.to_string());
    }
    let country_id = format!("{id}-country");
    let phone_id = format!("{id}-phone");
    view! {
        <div class="field">
            <label for=phone_id.clone()>"Phone number"</label>
            <div class="phone-row">
                <select
                    id=country_id
                    aria-label="Country"
                    on:change=move |event| country.set(event_target_value(&event))
                >
                    {options
                        .into_iter()
                        .map(|(code, name)| {
                            let value = code.to_string();
                            let selected = value == country.get_untracked();
                            view! { <option value=value selected=selected>{name}</option> }
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
                />
            </div>
            <p class="field-error" role="alert">{move || error.get()}</p>
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
) -> impl IntoView {
    let input_id = format!("{id}-code");
    view! {
        <div class="field">
            <label for=input_id.clone()>"Verification code"</label>
            <input
                id=input_id
                class="code-input"
                inputmode="numeric"
                autocomplete="one-time-code"
                // Room for spaces in a pasted code; the server ignores them.
                maxlength=move || (length.get() + 4).to_string()
                placeholder=move || "•".repeat(length.get() as usize)
                bind:value=code
                aria-invalid=move || error.get().is_some().to_string()
            />
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

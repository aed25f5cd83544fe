use leptos::prelude::*;
use leptos_meta::Title;

use crate::text::t;
use crate::{
    api::list_api_keys,
    components::{CopyButton, Loaded},
    dto::VerifierSummary,
    i18n::{Locale, t_string, td_string, use_i18n},
};

/// Shown until the origin is known (a request without a usable Host header).
const PLACEHOLDER_ORIGIN: &str = "https://verigate.example.com";

/// A number the examples send to.
const EXAMPLE_NUMBER: &str = "+8613800138000";

/// The first step of every example: the key's secret in the shell's environment.
const SETUP_SNIPPET: &str = "export VERIGATE_API_SECRET='…'";

/// Administrators: copy-ready calls of the verification API for a chosen verifier.
#[component]
pub fn ApiGuidePage() -> impl IntoView {
    let i18n = use_i18n();
    // The origin comes with the data: rendered from the request's Host on the server and taken
    // over as it is by hydration (no mismatch); the browser's own origin replaces it afterwards,
    // which also corrects the scheme behind a proxy that terminates TLS.
    let origin = this_origin();
    let page = Resource::new(
        || (),
        move |_| {
            let origin = origin.clone();
            async move { list_api_keys().await.map(|page| (page, origin)) }
        },
    );
    let browser_origin = RwSignal::new(None::<String>);
    Effect::new(move |_| browser_origin.set(window().location().origin().ok()));
    view! {
        <Title text="API" />
        <h1>"API"</h1>
        <p class="lead">
            {t!(
                i18n,
                api.guide_lead,
                <key> = |children: ChildrenFn| view! { <a href="/admin/api-keys">{children()}</a> },
                <doc> = |children: ChildrenFn| {
                    view! {
                        <a href="/api/v1/openapi.json">
                            <code>{children()}</code>
                        </a>
                    }
                }
            )}
        </p>
        <Loaded data=move || page let:loaded>
            {
                let (page, origin) = loaded;
                let origin = Signal::derive(move || browser_origin.get().unwrap_or_else(|| origin.clone()));
                if page.verifiers.is_empty() {
                    view! {
                        <div class="empty-state">
                            <p>{t!(i18n, api.guide_no_verifiers)}</p>
                            <p class="muted">
                                {t!(
                                    i18n,
                                    api.guide_needs_verifier,
                                    <link> = |children: ChildrenFn| {
                                        view! { <a href="/admin/verification/new">{children()}</a> }
                                    }
                                )}
                            </p>
                        </div>
                    }
                        .into_any()
                } else {
                    view! { <Calls verifiers=page.verifiers account_sid=page.account_sid origin /> }.into_any()
                }
            }
        </Loaded>
    }
}

/// The verifier select and the calls for the chosen one.
#[component]
fn Calls(
    verifiers: Vec<VerifierSummary>,
    account_sid: String,
    origin: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(verifiers[0].uid.clone());
    let options = verifiers
        .iter()
        .map(|verifier| {
            view! {
                <option value=verifier.uid.clone()>{format!("{} ({})", verifier.title, verifier.uid)}</option>
            }
        })
        .collect_view();
    let service_sid = Signal::derive(move || {
        chosen.with(|uid| {
            verifiers
                .iter()
                .find(|verifier| &verifier.uid == uid)
                .map(|verifier| verifier.service_sid.clone())
                .unwrap_or_default()
        })
    });
    let calls = move || {
        let (origin, sid) = (origin.get(), service_sid.get());
        curl_calls(i18n.get_locale(), &origin, &sid)
            .into_iter()
            .map(|call| view! { <Snippet id=call.id title=call.title note=call.note.map(TextProp::from) text=call.text /> })
            .collect_view()
    };
    let twilio =
        Signal::derive(move || twilio_node(&origin.get(), &account_sid, &service_sid.get()));
    let v2 = move || {
        format!(
            "{}/v2/Services/{}/Verifications",
            origin.get(),
            service_sid.get()
        )
    };
    view! {
        <div class="card form-section">
            <div class="field">
                <label for="api-verifier">{t!(i18n, api.verifier)}</label>
                <select id="api-verifier" on:change=move |event| chosen.set(event_target_value(&event))>
                    {options}
                </select>
            </div>
            <p>
                {t!(
                    i18n,
                    api.service_sid,
                    sid = move || view! { <code data-testid="service-sid">{service_sid}</code> }
                )}
                <CopyButton text=service_sid label=t_string!(i18n, api.copy_service_sid) />
            </p>
            <p class="hint">
                {t!(
                    i18n,
                    api.auth_hint,
                    header = || view! { <code>"Authorization: Bearer <secret>"</code> }
                )}
            </p>
        </div>
        <h2>"curl"</h2>
        <Snippet
            id="setup"
            title=move || t_string!(i18n, api.setup_title)
            note=Some(TextProp::from(move || t_string!(i18n, api.setup_note)))
            text=SETUP_SNIPPET.to_owned()
        />
        {calls}
        <h2>{t!(i18n, api.twilio_heading)}</h2>
        <p>{t!(i18n, api.twilio_intro, url = move || view! { <code>{v2}</code> })}</p>
        <Snippet id="twilio-node" title="Node (twilio)" text=twilio />
    }
}

/// A titled, copy-ready block of code.
#[component]
fn Snippet(
    id: &'static str,
    /// The heading, in the current language.
    #[prop(into)]
    title: TextProp,
    /// A line under the heading, if any.
    #[prop(default = None)]
    note: Option<TextProp>,
    #[prop(into)] text: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("snippet-{id}-heading");
    // The copy button's name is set once, in the language the snippet is drawn in.
    let label = t_string!(i18n, api.copy_snippet, title = title.get()).to_string();
    view! {
        <section class="snippet" aria-labelledby=heading.clone()>
            <div class="snippet-head">
                <h3 id=heading.clone()>{move || title.get()}</h3>
                <CopyButton text label />
            </div>
            {note.map(|note| view! { <p class="hint">{move || note.get()}</p> })}
            <pre data-testid=format!("snippet-{id}")><code>{text}</code></pre>
        </section>
    }
}

/// One call of the native API, its title and note in the reader's language.
struct Call {
    id: &'static str,
    title: &'static str,
    note: Option<&'static str>,
    text: String,
}

/// Start, check, fetch and cancel with curl, against `origin`, for the verifier `service_sid`.
fn curl_calls(locale: Locale, origin: &str, service_sid: &str) -> Vec<Call> {
    let bearer = r#"-H "Authorization: Bearer $VERIGATE_API_SECRET""#;
    let json = "-H 'Content-Type: application/json'";
    let one = format!("{origin}/api/v1/verifications/$VERIFICATION_ID");
    vec![
        Call {
            id: "start",
            title: td_string!(locale, api.call_start_title),
            note: Some(td_string!(locale, api.call_start_note)),
            text: format!(
                "curl -X POST '{origin}/api/v1/verifications' \\\n  {bearer} \\\n  {json} \\\n  -d '{{\"verifier\": \"{service_sid}\", \"to\": \"{EXAMPLE_NUMBER}\"}}'\n\nVERIFICATION_ID=VE…  # the \"id\" of the answer"
            ),
        },
        Call {
            id: "check",
            title: td_string!(locale, api.call_check_title),
            note: Some(td_string!(locale, api.call_check_note)),
            text: format!(
                "curl -X POST \"{one}/check\" \\\n  {bearer} \\\n  {json} \\\n  -d '{{\"code\": \"123456\"}}'"
            ),
        },
        Call {
            id: "fetch",
            title: td_string!(locale, api.call_fetch_title),
            note: None,
            text: format!("curl \"{one}\" \\\n  {bearer}"),
        },
        Call {
            id: "cancel",
            title: td_string!(locale, api.call_cancel_title),
            note: Some(td_string!(locale, api.call_cancel_note)),
            text: format!("curl -X POST \"{one}/cancel\" \\\n  {bearer}"),
        },
    ]
}

/// The same with Twilio's Node library.
fn twilio_node(origin: &str, account_sid: &str, service_sid: &str) -> String {
    format!(
        r#"import twilio from "twilio";

// An API key's SID (SK…) and secret, and the Account SID from the API keys page.
const client = twilio(process.env.VERIGATE_API_KEY_SID, process.env.VERIGATE_API_SECRET, {{
  accountSid: "{account_sid}",
}});
client.verify.baseUrl = "{origin}";

const service = client.verify.v2.services("{service_sid}");
await service.verifications.create({{ to: "{EXAMPLE_NUMBER}", channel: "sms" }});
const check = await service.verificationChecks.create({{ to: "{EXAMPLE_NUMBER}", code: "123456" }});
console.log(check.status); // "approved""#
    )
}

/// The origin clients reach this server at: the request's scheme and Host on the server, the
/// page's origin in the browser.
fn this_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| origin_of(&parts.headers))
            .unwrap_or_else(|| PLACEHOLDER_ORIGIN.to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        window()
            .location()
            .origin()
            .unwrap_or_else(|_| PLACEHOLDER_ORIGIN.to_owned())
    }
}

/// `scheme://host` from a request's Host (and X-Forwarded-Proto, when a proxy set it); `None`
/// for a Host that is not a plain host name or address with an optional port.
#[cfg(feature = "ssr")]
fn origin_of(headers: &http::HeaderMap) -> Option<String> {
    let host = headers.get(http::header::HOST)?.to_str().ok()?;
    let plain = |c: char| c.is_ascii_alphanumeric() || ".-:[]".contains(c);
    if host.is_empty() || host.len() > 255 || !host.chars().all(plain) {
        return None;
    }
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .map(str::trim)
        .filter(|scheme| *scheme == "https")
        .unwrap_or("http");
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::{curl_calls, twilio_node};
    use crate::i18n::Locale;

    const SID: &str = "VA0123456789abcdef0123456789abcdef";

    #[test]
    fn every_curl_call_goes_to_the_origin_with_the_secret_from_the_environment() {
        let calls = curl_calls(Locale::en, "http://127.0.0.1:3000", SID);
        assert_eq!(calls.len(), 4);
        for call in &calls {
            assert!(
                call.text
                    .contains("http://127.0.0.1:3000/api/v1/verifications")
            );
            assert!(
                call.text
                    .contains("Authorization: Bearer $VERIGATE_API_SECRET")
            );
        }
        assert!(calls[0].text.contains(&format!(r#""verifier": "{SID}""#)));
        assert!(calls[1].text.contains("$VERIFICATION_ID/check"));
    }

    #[test]
    fn the_twilio_example_names_the_account_the_base_url_and_the_service() {
        let code = twilio_node("https://v.example", "AC00", SID);
        assert!(code.contains(r#"accountSid: "AC00""#));
        assert!(code.contains(r#"client.verify.baseUrl = "https://v.example";"#));
        assert!(code.contains(&format!(r#"services("{SID}")"#)));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_origin_comes_from_a_plain_host_and_a_forwarded_https() {
        use http::{HeaderMap, HeaderValue};
        let mut headers = HeaderMap::new();
        assert_eq!(super::origin_of(&headers), None);
        headers.insert("host", HeaderValue::from_static("verigate.lan:3000"));
        assert_eq!(
            super::origin_of(&headers).as_deref(),
            Some("http://verigate.lan:3000")
        );
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(
            super::origin_of(&headers).as_deref(),
            Some("https://verigate.lan:3000")
        );
        headers.insert("host", HeaderValue::from_static("evil\"><script>"));
        assert_eq!(super::origin_of(&headers), None);
    }
}

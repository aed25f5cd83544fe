use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::text::t;
use crate::{
    api::{ReleaseCallingCode, load_insights},
    components::{
        BudgetWarning, ConversionChart, DailyChart, DataTable, FormError, Loaded, error_of,
        format_utc,
    },
    dto::VerifierSummary,
    i18n::{Locale, t_string, td_string, use_i18n},
    types::{Conversion, Failures, HeldCallingCode, InsightsReport, Period},
};

/// Administrators: per verifier and period, codes sent and verified, failures, calling codes,
/// today's budget and the pumping guard's holds. The choice is in the URL query, so the page
/// works without JavaScript.
#[component]
pub fn InsightsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let release = ServerAction::<ReleaseCallingCode>::new();
    let chosen = move || {
        let query = query.read();
        let read = |key: &str| query.get(key).unwrap_or_default();
        (read("verifier"), read("period"), release.version().get())
    };
    let insights = Resource::new(chosen, |(verifier, period, _)| {
        load_insights(verifier, period)
    });
    view! {
        <Title text=move || t_string!(i18n, insights.title) />
        <h1>{t!(i18n, insights.title)}</h1>
        <Loaded keep_shown=true data=move || insights let:view>
            {match view.report {
                None => {
                    view! {
                        <div class="empty-state">
                            <p>{t!(i18n, insights.empty)}</p>
                        </div>
                    }
                        .into_any()
                }
                Some(report) => {
                    view! {
                        <Choice verifiers=view.verifiers report=report.clone() />
                        <Report report release />
                    }
                        .into_any()
                }
            }}
        </Loaded>
    }
}

/// The verifier select (a GET form) and the period links.
#[component]
fn Choice(verifiers: Vec<VerifierSummary>, report: InsightsReport) -> impl IntoView {
    let i18n = use_i18n();
    let uid = report.verifier_uid.clone();
    let options = verifiers
        .into_iter()
        .map(|verifier| {
            let selected = verifier.uid == uid;
            view! {
                <option value=verifier.uid.clone() selected=selected>
                    {format!("{} ({})", verifier.title, verifier.uid)}
                </option>
            }
        })
        .collect_view();
    let periods = Period::ALL
        .into_iter()
        .map(|period| {
            let current = (period == report.period).then_some("page");
            view! {
                <a href=format!("?verifier={uid}&period={}", period.as_str()) aria-current=current>
                    {move || period.label(i18n.get_locale())}
                </a>
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/admin/insights" class="insights-choice">
            <div class="field">
                <label for="insights-verifier">{t!(i18n, insights.verifier)}</label>
                <select id="insights-verifier" name="verifier">
                    {options}
                </select>
            </div>
            <input type="hidden" name="period" value=report.period.as_str() />
            <button type="submit" class="button button-secondary">
                {t!(i18n, insights.show)}
            </button>
        </form>
        <nav class="tabs insights-periods" aria-label=move || t_string!(i18n, insights.period)>
            {periods}
        </nav>
    }
}

#[component]
fn Report(report: InsightsReport, release: ServerAction<ReleaseCallingCode>) -> impl IntoView {
    let i18n = use_i18n();
    let totals = report.totals;
    let (used, cap) = (report.budget.used, report.budget.cap);
    view! {
        <dl class="insights-figures">
            <Figure label=move || t_string!(i18n, insights.codes_sent) value=totals.sent.to_string() />
            <Figure label=move || t_string!(i18n, insights.codes_verified) value=totals.verified.to_string() />
            <Figure
                label=move || t_string!(i18n, insights.conversion)
                value=move || percent(i18n.get_locale(), totals)
            />
            <Figure
                label=move || t_string!(i18n, insights.budget_used)
                value=move || t_string!(i18n, insights.budget_used_value, used, cap).to_string()
            />
        </dl>
        <BudgetWarning title=move || t_string!(i18n, insights.this_verifier) budget=report.budget />
        <section aria-labelledby="daily-heading">
            <h2 id="daily-heading">{t!(i18n, insights.daily_heading)}</h2>
            <DailyChart days=report.daily />
        </section>
        <section aria-labelledby="countries-heading">
            <h2 id="countries-heading">{t!(i18n, insights.by_calling_code)}</h2>
            {if report.by_calling_code.is_empty() {
                view! { <p class="muted">{t!(i18n, insights.no_codes_sent)}</p> }.into_any()
            } else {
                view! {
                    <ConversionChart rows=report.by_calling_code.clone() />
                    <DataTable
                        headings=move || {
                            vec![
                                t_string!(i18n, insights.heading_calling_code),
                                t_string!(i18n, insights.heading_sent),
                                t_string!(i18n, insights.heading_verified),
                                t_string!(i18n, insights.heading_conversion),
                            ]
                        }
                        items=report.by_calling_code
                        row=move |row| {
                            let counts = row.counts;
                            view! {
                                <tr>
                                    <td>{format!("+{}", row.calling_code)}</td>
                                    <td>{counts.sent}</td>
                                    <td>{counts.verified}</td>
                                    <td>{move || percent(i18n.get_locale(), counts)}</td>
                                </tr>
                            }
                        }
                    />
                }
                    .into_any()
            }}
        </section>
        <FailureTable failures=report.failures />
        <HeldCodes verifier=report.verifier_uid held=report.held release />
    }
}

#[component]
fn Figure(#[prop(into)] label: TextProp, #[prop(into)] value: TextProp) -> impl IntoView {
    view! {
        <div class="card insights-figure">
            <dt>{move || label.get()}</dt>
            <dd>{move || value.get()}</dd>
        </div>
    }
}

/// A failure's name in a language.
type FailureName = fn(Locale) -> &'static str;

/// Codes that could not be sent, by why.
#[component]
fn FailureTable(failures: Failures) -> impl IntoView {
    let i18n = use_i18n();
    let kinds: [(FailureName, i64); 5] = [
        (
            |locale| td_string!(locale, insights.failure_invalid_number),
            failures.invalid_number,
        ),
        (
            |locale| td_string!(locale, insights.failure_rate_limited),
            failures.rate_limited,
        ),
        (
            |locale| td_string!(locale, insights.failure_rejected),
            failures.rejected,
        ),
        (
            |locale| td_string!(locale, insights.failure_unavailable),
            failures.unavailable,
        ),
        (
            |locale| td_string!(locale, insights.failure_internal),
            failures.internal,
        ),
    ];
    view! {
        <section aria-labelledby="failures-heading">
            <h2 id="failures-heading">{t!(i18n, insights.failed_sends)}</h2>
            {if failures.total() == 0 {
                view! { <p class="muted">{t!(i18n, insights.no_failures)}</p> }.into_any()
            } else {
                view! {
                    <DataTable
                        headings=move || {
                            vec![
                                t_string!(i18n, insights.heading_why),
                                t_string!(i18n, insights.heading_codes),
                            ]
                        }
                        items=kinds.into_iter().filter(|(_, count)| *count > 0).collect()
                        row=move |(why, count): (FailureName, i64)| {
                            view! {
                                <tr>
                                    <td>{move || why(i18n.get_locale())}</td>
                                    <td>{count}</td>
                                </tr>
                            }
                        }
                    />
                }
                    .into_any()
            }}
        </section>
    }
}

/// The calling codes the SMS-pumping guard holds now, each with its Release button.
#[component]
fn HeldCodes(
    verifier: String,
    held: Vec<HeldCallingCode>,
    release: ServerAction<ReleaseCallingCode>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = error_of(release);
    view! {
        <section aria-labelledby="held-heading">
            <h2 id="held-heading">{t!(i18n, insights.held_heading)}</h2>
            <p class="hint">{t!(i18n, insights.held_hint)}</p>
            <FormError error />
            {if held.is_empty() {
                view! { <p class="muted">{t!(i18n, insights.no_held)}</p> }.into_any()
            } else {
                let row = move |hold: HeldCallingCode| {
                    let code = hold.calling_code.to_string();
                    let verifier = verifier.clone();
                    let release_label = {
                        let code = code.clone();
                        move || t_string!(i18n, insights.release_label, code = code.clone()).to_string()
                    };
                    let held_until = hold.held_until_ms;
                    view! {
                        <tr>
                            <td>{format!("+{code}")}</td>
                            <td>{move || format_utc(i18n.get_locale(), held_until)}</td>
                            <td>
                                <ActionForm action=release>
                                    <input type="hidden" name="verifier" value=verifier />
                                    <input type="hidden" name="calling_code" value=code.clone() />
                                    <button
                                        type="submit"
                                        class="button button-small"
                                        aria-label=release_label
                                        disabled=move || release.pending().get()
                                    >
                                        {t!(i18n, insights.release)}
                                    </button>
                                </ActionForm>
                            </td>
                        </tr>
                        }
                };
                view! {
                    <DataTable
                        headings=move || {
                            vec![
                                t_string!(i18n, insights.heading_calling_code),
                                t_string!(i18n, insights.heading_held_until),
                            ]
                        }
                        actions=true
                        items=held
                        row
                    />
                }
                    .into_any()
            }}
        </section>
    }
}

/// `66 %`, or `–` when nothing was sent.
fn percent(locale: Locale, counts: Conversion) -> String {
    counts.percent().map_or_else(
        || td_string!(locale, tables.no_value).to_owned(),
        |value| td_string!(locale, tables.percent, value).to_string(),
    )
}

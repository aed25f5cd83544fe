use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::{ReleaseCallingCode, load_insights},
    components::{
        BudgetWarning, ConversionChart, DailyChart, DataTable, FormError, Loaded, error_of,
        format_utc,
    },
    dto::VerifierSummary,
    types::{Conversion, Failures, HeldCallingCode, InsightsReport, Period},
};

/// Administrators: per verifier and period, codes sent and verified, failures, calling codes,
/// today's budget and the pumping guard's holds. The choice is in the URL query, so the page
/// works without JavaScript.
#[component]
pub fn InsightsPage() -> impl IntoView {
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
        <Title text="Insights" />
        <h1>"Insights"</h1>
        <Loaded keep_shown=true data=move || insights let:view>
            {match view.report {
                None => {
                    view! {
                        <div class="empty-state">
                            <p>"No verifiers yet. Insights appear once a verifier sends codes."</p>
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
                    {period.label()}
                </a>
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/admin/insights" class="insights-choice">
            <div class="field">
                <label for="insights-verifier">"Verifier"</label>
                <select id="insights-verifier" name="verifier">
                    {options}
                </select>
            </div>
            <input type="hidden" name="period" value=report.period.as_str() />
            <button type="submit" class="button button-secondary">"Show"</button>
        </form>
        <nav class="tabs insights-periods" aria-label="Period">
            {periods}
        </nav>
    }
}

#[component]
fn Report(report: InsightsReport, release: ServerAction<ReleaseCallingCode>) -> impl IntoView {
    let totals = report.totals;
    view! {
        <dl class="insights-figures">
            <Figure label="Codes sent" value=totals.sent.to_string() />
            <Figure label="Codes verified" value=totals.verified.to_string() />
            <Figure label="Conversion" value=percent(totals) />
            <Figure
                label="Daily budget used today"
                value=format!("{} of {}", report.budget.used, report.budget.cap)
            />
        </dl>
        <BudgetWarning title="This verifier".to_owned() budget=report.budget />
        <section aria-labelledby="daily-heading">
            <h2 id="daily-heading">"Sent and verified per day"</h2>
            <DailyChart days=report.daily />
        </section>
        <section aria-labelledby="countries-heading">
            <h2 id="countries-heading">"By calling code"</h2>
            {if report.by_calling_code.is_empty() {
                view! { <p class="muted">"No codes were sent in this period."</p> }.into_any()
            } else {
                let rows = report
                    .by_calling_code
                    .iter()
                    .map(|row| {
                        view! {
                            <tr>
                                <td>{format!("+{}", row.calling_code)}</td>
                                <td>{row.counts.sent}</td>
                                <td>{row.counts.verified}</td>
                                <td>{percent(row.counts)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <ConversionChart rows=report.by_calling_code.clone() />
                    <DataTable headings=&["Calling code", "Sent", "Verified", "Conversion"]>
                        {rows}
                    </DataTable>
                }
                    .into_any()
            }}
        </section>
        <FailureTable failures=report.failures />
        <HeldCodes verifier=report.verifier_uid held=report.held release />
    }
}

#[component]
fn Figure(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="card insights-figure">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

/// Codes that could not be sent, by why.
#[component]
fn FailureTable(failures: Failures) -> impl IntoView {
    let kinds = [
        ("The number cannot receive SMS", failures.invalid_number),
        ("The provider throttled", failures.rate_limited),
        ("The provider refused the request", failures.rejected),
        ("No provider could be reached", failures.unavailable),
        ("Verigate's own failure", failures.internal),
    ];
    view! {
        <section aria-labelledby="failures-heading">
            <h2 id="failures-heading">"Failed sends"</h2>
            {if failures.total() == 0 {
                view! { <p class="muted">"No send failed in this period."</p> }.into_any()
            } else {
                view! {
                    <DataTable headings=&["Why", "Codes"]>
                        {kinds
                            .into_iter()
                            .filter(|(_, count)| *count > 0)
                            .map(|(why, count)| view! { <tr><td>{why}</td><td>{count}</td></tr> })
                            .collect_view()}
                    </DataTable>
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
    let error = error_of(release);
    view! {
        <section aria-labelledby="held-heading">
            <h2 id="held-heading">"Held calling codes"</h2>
            <p class="hint">
                "When few of the codes sent to a calling code in an hour are verified, sends to it are held for an hour: that is what SMS pumping looks like."
            </p>
            <FormError error />
            {if held.is_empty() {
                view! { <p class="muted">"No calling code is held."</p> }.into_any()
            } else {
                let rows = held
                    .into_iter()
                    .map(|hold| {
                        let code = hold.calling_code.to_string();
                        let verifier = verifier.clone();
                        view! {
                            <tr>
                                <td>{format!("+{code}")}</td>
                                <td>{format_utc(hold.held_until_ms)}</td>
                                <td>
                                    <ActionForm action=release>
                                        <input type="hidden" name="verifier" value=verifier />
                                        <input type="hidden" name="calling_code" value=code.clone() />
                                        <button
                                            type="submit"
                                            class="button button-small"
                                            aria-label=format!("Release +{code}")
                                            disabled=move || release.pending().get()
                                        >
                                            "Release"
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <DataTable headings=&["Calling code", "Held until (UTC)"] actions=true>
                        {rows}
                    </DataTable>
                }
                    .into_any()
            }}
        </section>
    }
}

/// `66 %`, or `–` when nothing was sent.
fn percent(counts: Conversion) -> String {
    counts
        .percent()
        .map_or_else(|| "–".to_owned(), |percent| format!("{percent} %"))
}

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::list_verifiers, components::ErrorNotice, dto::VerifierSummary};

/// Administrators: the verifiers table.
#[component]
pub fn VerifiersPage() -> impl IntoView {
    let verifiers = Resource::new(|| (), |_| list_verifiers());
    view! {
        <Title text="Verification" />
        <h1>"Verification"</h1>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match verifiers.await {
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    Ok(list) if list.is_empty() => {
                        view! {
                            <div class="empty-state">
                                <p>"No verifiers yet."</p>
                                <p class="muted">
                                    "A verifier sends one-time codes through an SMS provider."
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(list) => view! { <VerifierTable list /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VerifierTable(list: Vec<VerifierSummary>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th>"UID"</th>
                        <th>"Title"</th>
                        <th>"Verification type"</th>
                        <th>"Description"</th>
                        <th>"Provider"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|verifier| {
                            view! {
                                <tr>
                                    <td><code>{verifier.uid}</code></td>
                                    <td>{verifier.title}</td>
                                    <td>{verifier.verification_type}</td>
                                    <td>{verifier.description}</td>
                                    <td>{verifier.provider}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

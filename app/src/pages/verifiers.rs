use leptos::prelude::*;
use leptos_meta::Title;

use super::new_account::NewAccountSection;
use crate::{
    api::list_verifiers,
    components::{BudgetWarning, DataTable, Loaded},
    dto::VerifierSummary,
};

/// Administrators: the verifiers table, and creating an account (the way in while sign-up is
/// closed).
#[component]
pub fn VerifiersPage() -> impl IntoView {
    let verifiers = Resource::new(|| (), |_| list_verifiers());
    view! {
        <Title text="Verification" />
        <div class="page-head">
            <h1>"Verification"</h1>
            <details class="menu">
                <summary class="button">"Add new"</summary>
                <div class="menu-items" role="menu">
                    <a role="menuitem" href="/admin/verification/new">"SMS OTP"</a>
                </div>
            </details>
        </div>
        <Loaded data=move || verifiers let:list>
            {if list.is_empty() {
                    view! {
                        <div class="empty-state">
                            <p>"No verifiers yet."</p>
                            <p class="muted">
                                "A verifier sends one-time codes through an SMS provider. Choose “Add new” → “SMS OTP” to create one."
                            </p>
                        </div>
                    }
                        .into_any()
                } else {
                    let warnings = list
                        .iter()
                        .map(|verifier| {
                            view! {
                                <BudgetWarning title=verifier.title.clone() budget=verifier.budget />
                            }
                        })
                        .collect_view();
                    view! {
                        {warnings}
                        <VerifierTable list />
                    }
                        .into_any()
            }}
        </Loaded>
        <NewAccountSection />
    }
}

#[component]
fn VerifierTable(list: Vec<VerifierSummary>) -> impl IntoView {
    view! {
        <DataTable
            headings=&["UID", "Service SID", "Title", "Verification type", "Description", "Provider"]
            actions=true
        >
            {list
                .into_iter()
                .map(|verifier| {
                    let edit = format!("/admin/verification/{}", verifier.uid);
                    let delete = format!("/admin/verification/{}/delete", verifier.uid);
                    view! {
                        <tr>
                            <td><code>{verifier.uid}</code></td>
                            <td><code>{verifier.service_sid}</code></td>
                            <td>{verifier.title}</td>
                            <td>{verifier.verification_type}</td>
                            <td>{verifier.description}</td>
                            <td>{verifier.provider}</td>
                            <td class="row-actions">
                                <a href=edit>"Edit"</a>
                                <a href=delete class="danger">"Delete"</a>
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
